"""Typed content models: one module per content type, one public surface here."""

from .case import CaseStudy, QuestionAudience, Theme
from .checklist import Checklist
from .common import Audience, Citation, Nation
from .glossary import Glossary, Term
from .guide import Guide
from .learning import Briefing
from .locality import Locality
from .pathway import Node, Pathway
from .site import SiteConfig
from .sources import PlannedList, Source, SourceList

__all__ = [
    "Audience", "Briefing", "CaseStudy", "Checklist", "Citation", "Glossary", "Guide", "Locality", "Nation", "Node",
    "Pathway", "PlannedList", "QuestionAudience", "SiteConfig", "Source", "SourceList", "Term", "Theme",
]
