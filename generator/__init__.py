"""Pathway: a generator for static safeguarding-guidance sites.

Data flows one way: YAML in ``pathway_data/`` is loaded (line numbers kept),
validated into one in-memory :class:`~generator.site.Site`, rendered to Markdown
and JSON, and handed to MkDocs.  See ``docs/decisions/`` for why.
"""

__all__ = ["__version__"]
__version__ = "0.1.0"
