"""A learning case study (IOPC *Learning the Lessons* and similar)."""

from __future__ import annotations

from enum import Enum

from pydantic import Field

from .common import Audience, Change, Citation, Id, Markdown, Plain, Ref, Strict, Url


class Theme(str, Enum):
    DIGITAL_DEVICES = "digital-devices"
    CALL_HANDLING = "call-handling"
    RECORD_KEEPING = "record-keeping"
    MULTI_AGENCY = "multi-agency-working"
    RISK_ASSESSMENT = "risk-assessment"
    SUPERVISION_WORKLOAD = "supervision-and-workload"
    VICTIM_BLAMING = "victim-blaming-language"
    DELAY = "delay"
    INFORMATION_SHARING = "information-sharing"
    INVESTIGATION = "investigation"
    VICTIM_CARE = "victim-care"
    SUSPECT_MANAGEMENT = "suspect-management"
    ONLINE_ABUSE = "online-abuse"
    EXPLOITATION = "exploitation"
    NON_RECENT = "non-recent-abuse"
    REFERRALS = "referrals"


THEME_LABELS: dict[Theme, str] = {
    Theme.DIGITAL_DEVICES: "Examination of digital devices",
    Theme.CALL_HANDLING: "Call handling",
    Theme.RECORD_KEEPING: "Record keeping",
    Theme.MULTI_AGENCY: "Multi-agency working",
    Theme.RISK_ASSESSMENT: "Risk assessment",
    Theme.SUPERVISION_WORKLOAD: "Supervision and workload",
    Theme.VICTIM_BLAMING: "Victim-blaming language",
    Theme.DELAY: "Delay",
    Theme.INFORMATION_SHARING: "Information sharing",
    Theme.INVESTIGATION: "Investigation",
    Theme.VICTIM_CARE: "Care of the child and family",
    Theme.SUSPECT_MANAGEMENT: "Managing suspects",
    Theme.ONLINE_ABUSE: "Online abuse",
    Theme.EXPLOITATION: "Exploitation",
    Theme.NON_RECENT: "Non-recent abuse",
    Theme.REFERRALS: "Referrals",
}


class QuestionAudience(str, Enum):
    POLICE = "police-officers-staff"
    POLICY = "policy-makers-managers"


QUESTION_AUDIENCE_LABELS = {
    QuestionAudience.POLICE: "Police officers/staff",
    QuestionAudience.POLICY: "Policy makers/managers",
}


class Part(Strict):
    """One stretch of the narrative, revealed as a unit in session mode."""

    id: Id
    heading: Plain | None = None
    text: Markdown
    pause: bool = Field(default=False, description="Stop here for discussion in session mode.")
    cite: Citation


class QuestionGroup(Strict):
    audience: QuestionAudience
    questions: list[Markdown] = Field(min_length=1)
    cite: Citation


class CaseStudy(Strict):
    id: Id
    number: int = Field(ge=1)
    title: Plain
    summary: Markdown = Field(description="A neutral summary written for this site.")
    source: Citation
    report_url: Url
    issue: Plain = Field(description="e.g. 'Learning the Lessons issue 39, September 2021'.")
    parts: list[Part] = Field(min_length=1)
    themes: list[Theme] = Field(min_length=1)
    audiences: list[Audience] = Field(min_length=1)
    key_questions: list[QuestionGroup] = Field(min_length=1)
    outcomes: list[Markdown] = Field(default_factory=list)
    outcomes_cite: Citation | None = None
    force_action: list[Markdown] = Field(
        default_factory=list, description="Action taken by this police force; empty when the magazine prints none."
    )
    force_action_cite: Citation | None = None
    related: list[Ref] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list, description="What changed and when, oldest first; published.")
    editorial_notes: list[str] = Field(default_factory=list)
