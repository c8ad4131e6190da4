"""A locality profile: one partnership's local facts, kept beside the national guidance.

The guides, checklists and pathway say what the national sources say, word
for word.  What varies between areas — the name and numbers of the
children's social care front door, the out-of-hours team, the police's child
abuse unit, the partnership's escalation policy — lives here instead, and is
shown *beside* the content that asks for it (``local_facts`` on a guide
section, checklist or pathway node), never inside its words.

Every fact field takes one of three forms:

- left out: the profile is silent, and ``pathway check`` says so when
  content asks for the fact;
- ``not-given``: the profile deliberately gives nothing (the national site
  does this for every fact), and the site says so honestly ("your local
  front door") instead of inventing a number;
- the details themselves.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Discriminator, Field, Tag, model_validator

from ..safe_text import check_address
from .common import Nation, Plain, Strict

NOT_GIVEN = "not-given"
NotGiven = Literal["not-given"]


def _https(value: str) -> str:
    return check_address(value)


HttpsUrl = Annotated[
    str,
    Field(pattern=r"^https://[A-Za-z0-9.-]+(:\d+)?(/\S*)?$", max_length=2000,
          description="A full https:// address."),
    AfterValidator(_https),
]
PhoneNumber = Annotated[
    str,
    Field(pattern=r"^\+?[0-9](?:[0-9 ]{0,18}[0-9])?$",
          description="A UK phone number as people dial it, digits and spaces, e.g. '01632 960 001' or '101'."),
]


def _relative_path(value: str) -> str:
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts or "\\" in value or ":" in value:
        raise ValueError("the logo must be a file next to the profile (a relative path without '..')")
    if path.suffix.lower() not in {".svg", ".png", ".jpg", ".jpeg", ".webp"}:
        raise ValueError("the logo must be an .svg, .png, .jpg or .webp file")
    return value


LogoPath = Annotated[str, Field(max_length=200), AfterValidator(_relative_path)]


class Phone(Strict):
    """One number, with what it is for when a service has several."""

    number: PhoneNumber
    label: Plain | None = Field(default=None, description="What the number is for, e.g. 'Professionals' line'.")


class Partnership(Strict):
    """The children's safeguarding partnership that publishes this site."""

    name: Plain = Field(description="Its full name, e.g. 'Exampleshire Safeguarding Children Partnership'.")
    area: Plain = Field(description="The area, as in 'In Exampleshire' at the top of every local panel.")
    website: HttpsUrl | None = None


class FrontDoor(Strict):
    """Where a referral to children's social care goes: a MASH, a Front Door, a CHAT…"""

    name: Plain = Field(description="What the area calls it, e.g. 'Exampleshire MASH'.")
    phones: list[Phone] = Field(default_factory=list)
    referral_form: HttpsUrl | None = Field(default=None, description="The online referral form.")
    website: HttpsUrl | None = None
    hours: Plain | None = Field(default=None, description="When it is open, e.g. 'Monday to Friday, 9am to 5pm'.")
    note: Plain | None = Field(default=None, description="A short note in the partnership's own words.")

    @model_validator(mode="after")
    def _reachable(self) -> FrontDoor:
        if not self.phones and not self.referral_form and not self.website:
            raise ValueError("give the front door at least one phone number, referral form or website")
        return self


class Service(Strict):
    """A team or organisation someone can contact: the out-of-hours team, an advice line, an advocacy group."""

    name: Plain
    phones: list[Phone] = Field(default_factory=list)
    website: HttpsUrl | None = None
    hours: Plain | None = None
    note: Plain | None = Field(default=None, description="A short note in the partnership's own words.")

    @model_validator(mode="after")
    def _reachable(self) -> Service:
        if not self.phones and not self.website:
            raise ValueError(f"give '{self.name}' at least one phone number or website")
        return self


class Police(Strict):
    """The police force: its non-emergency route, and any direct line to its child abuse unit.

    Emergencies are never here: the guide's 999 advice is shown as it is, everywhere.
    """

    force: Plain = Field(description="The force's name, e.g. 'Exampleshire Police'.")
    non_emergency: list[Phone] = Field(default_factory=list, description="Usually 101.")
    non_emergency_online: HttpsUrl | None = Field(default=None, description="The force's online reporting page.")
    child_abuse_unit: Service | None = Field(
        default=None, description="A direct line to the child abuse / public protection unit, if there is one."
    )


class Document(Strict):
    """A local document published online: a policy, a threshold document, a procedures manual."""

    title: Plain
    url: HttpsUrl


class SiteSettings(Strict):
    """How the site presents itself.  Left out, the values in mkdocs.yml stand."""

    title: Plain | None = None
    logo: LogoPath | None = Field(default=None, description="An image file next to the profile.")
    quick_exit: HttpsUrl | None = Field(
        default=None, description="Where 'Leave this site' goes: an everyday site such as a weather page."
    )


def _which(value: Any) -> str:
    """Pick one branch so an author sees the errors of what they wrote, not of every alternative."""
    return "not-given" if isinstance(value, str) else "details"


def _or_not_given(kind: Any) -> Any:
    """``kind``, or the words ``not-given``."""
    return Annotated[
        Annotated[kind, Tag("details")] | Annotated[NotGiven, Tag("not-given")],
        Discriminator(_which),
    ]


FrontDoorOrNot = _or_not_given(FrontDoor)
ServiceOrNot = _or_not_given(Service)
PoliceOrNot = _or_not_given(Police)
DocumentOrNot = _or_not_given(Document)
ServicesOrNot = _or_not_given(Annotated[list[Service], Field(min_length=1)])


class Locality(Strict):
    """One locality profile (``pathway_data/locality.yml`` or ``pathway build --locality FILE``)."""

    example: bool = Field(
        default=False,
        description="A fictional profile for demonstration: every number must be an Ofcom drama number and "
        "every address an example.org one, and the site says it is an example.",
    )
    partnership: Partnership | None = Field(
        default=None, description="Left out on the national site, which names no partnership."
    )
    nation: Nation | None = Field(
        default=None,
        description="England or Wales: selects the statutory guidance each guide names and the bank holidays. "
        "Left out, the site covers both.",
    )
    site: SiteSettings = Field(default_factory=SiteSettings)
    front_door: FrontDoorOrNot | None = None
    out_of_hours_team: ServiceOrNot | None = None
    police: PoliceOrNot | None = None
    escalation_policy: DocumentOrNot | None = Field(
        default=None, description="The children's safeguarding partnership escalation policy."
    )
    threshold_document: DocumentOrNot | None = Field(
        default=None, description="The local 'level of need' or threshold document."
    )
    procedures_manual: DocumentOrNot | None = Field(
        default=None, description="The local child protection procedures manual."
    )
    safeguarding_lead_support: ServiceOrNot | None = Field(
        default=None,
        description="A local contact that supports safeguarding leads (for example an education safeguarding "
        "advice line). Each organisation's own safeguarding lead cannot be named here.",
    )
    organisation_escalation_procedures: DocumentOrNot | None = Field(
        default=None,
        description="Local guidance on organisations' procedures for resolving professional disagreements.",
    )
    local_advocacy_organisations: ServicesOrNot | None = None
    editorial_notes: list[str] = Field(default_factory=list, description="Never published.")

    @model_validator(mode="after")
    def _named_if_local(self) -> Locality:
        given = [name for name in FACT_FIELDS if getattr(self, name) not in (None, NOT_GIVEN)]
        if given and self.partnership is None:
            raise ValueError(
                f"the profile gives local facts ({', '.join(given)}) but names no partnership; "
                "add 'partnership:' so the site can say whose facts they are"
            )
        return self


#: The profile fields that hold local facts (everything else describes the site).
FACT_FIELDS: tuple[str, ...] = (
    "front_door",
    "out_of_hours_team",
    "police",
    "escalation_policy",
    "threshold_document",
    "procedures_manual",
    "safeguarding_lead_support",
    "organisation_escalation_procedures",
    "local_advocacy_organisations",
)
