"""Locality profiles: load one, check it against what the content asks for, resolve its facts.

Content declares where a local fact belongs (``local_facts: [front-door]`` on a
guide section, a checklist, a checklist rule or item, a pathway node); the
profile (``pathway_data/locality.yml``, or ``--locality FILE``) gives the
facts.  This module is the only place that knows both sides:

- ``load_locality`` reads the profile with the same safe loader and pydantic
  models as all content, so its problems are located diagnostics too;
- ``check_locality`` reports a fact id content uses that does not exist
  (error), a fact content asks for that the profile neither gives nor
  explicitly leaves ``not-given`` (warning), a profile fact no content asks
  for (warning), and, for safety, fictional numbers on a real site or real
  ones on an example (errors);
- ``resolve`` turns facts into one JSON-ready shape that the guide template,
  the checklist and the walker all render, so the three always agree, and
  which says honestly when a fact is not given.

Why "missing" is a warning and not an error: a silent profile makes the site
say "This site does not give details of your local front door", which is
true and safe; but a partnership should decide that on purpose, so
``pathway check`` tells it, and ``--strict`` (or CI) can insist.  The
national default profile says ``not-given`` for every fact content asks for,
so it passes cleanly.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from pydantic import BaseModel

from .diagnostics import Report, Severity, content_relative
from .load_cache import LoadCache
from .markdown_out import theme_string
from .models.common import Nation
from .models.locality import (
    FACT_FIELDS,
    NOT_GIVEN,
    Document,
    FrontDoor,
    Locality,
    Phone,
    Police,
    Service,
)
from .safe_text import is_fictional_number
from .svg_logo import UnsafeSvg, check_svg
from .walk import models_in as _models_in
from .walk import walk
from .yaml_source import Document as YamlDocument

if TYPE_CHECKING:  # the loader calls this module (load_locality): it is passed in, never imported back
    from .load import Site


class LoadFile(Protocol):
    """``generator.load.load_file``, as the loader hands it to ``load_locality``."""

    def __call__(self, path: Path, model: type[Locality], root: Path, report: Report,
                 cache: LoadCache | None = None) -> tuple[YamlDocument | None, Locality | None]: ...

DEFAULT_NAME = "locality.yml"
MAX_LOGO_BYTES = 512 * 1024
LOGO_FOLDER = "assets/local"
CALENDARS: dict[Nation | None, str] = {
    # England and Wales share their bank holidays (widgets.workdays calendars).
    Nation.ENGLAND: "england-and-wales",
    Nation.WALES: "england-and-wales",
    None: "england-and-wales",
}


@dataclass(frozen=True)
class Fact:
    """One kind of local fact content may ask for, and how the site names it when it is not given."""

    id: str
    field: str
    title: str
    fallback: str = ""
    #: May sit beside an urgent rule: the emergency advice itself names this contact ("You may have a
    #: direct phone line to your police force's specialist child abuse unit ... or you can call 999 or
    #: 101"), so the local line is shown after the advice, never in it or instead of it (ADR 0014).
    named_by_emergency_advice: bool = False

    @property
    def not_given(self) -> str:
        return f"This site does not give details of {self.fallback}."


#: Every fact content may ask for.  Fallbacks use the guides' own words.
FACTS: dict[str, Fact] = {
    fact.id: fact
    for fact in (
        Fact("front-door", "front_door", "Children's social care front door", "your local front door"),
        Fact("out-of-hours-team", "out_of_hours_team", "Out-of-hours team",
             "your local emergency duty team (out-of-hours service)"),
        Fact("police-child-abuse-unit", "police", "Police",
             "your police force's specialist child abuse unit", named_by_emergency_advice=True),
        Fact("escalation-policy", "escalation_policy", "Partnership escalation policy",
             "your children's partnership escalation policy"),
        Fact("threshold-document", "threshold_document", "Threshold document",
             "your local authority's 'Level of need' or threshold for services document"),
        Fact("procedures-manual", "procedures_manual", "Local procedures",
             "your local child protection procedures"),
        Fact("safeguarding-lead", "safeguarding_lead_support", "Support for safeguarding leads",
             "a local contact for safeguarding leads"),
        Fact("organisation-escalation-procedures", "organisation_escalation_procedures",
             "Escalation procedures", "your organisation's escalation procedures"),
        Fact("local-advocacy-organisations", "local_advocacy_organisations", "Local advocacy organisations",
             "local advocacy organisations"),
    )
}
assert {f.field for f in FACTS.values()} == set(FACT_FIELDS), "every profile fact field needs a fact id"


# -- loading ------------------------------------------------------------------

def load_locality(site: Site, report: Report, path: Path | None, cache: LoadCache | None, load_file: LoadFile) -> None:
    """Read the profile into ``site.locality``: ``path``, else ``<content>/locality.yml`` if there is one.

    No profile at all is allowed (a content folder such as a test fixture);
    the site then behaves as the national default, and ``check_locality``
    reports any fact content asks for.
    """
    explicit = path is not None
    path = path or site.root / DEFAULT_NAME
    rel = content_relative(path, site.root)
    if not path.is_file():
        if explicit:
            report.add(rel, 1, 1, "missing-file", f"the locality profile {path} does not exist",
                       "check the path given to --locality")
            site.locality_file = rel
        return
    site.locality_file = rel
    site.locality_dir = path.parent
    doc, profile = load_file(path, Locality, site.root, report, cache)
    if doc is None:
        return
    site.documents[rel] = doc
    if profile is None:
        return
    before = len(report.errors)
    _check_numbers_and_addresses(profile, doc, rel, report)
    _check_logo(profile, path.parent, doc, rel, report)
    if len(report.errors) == before:
        site.locality = profile


def profile_of(site: Site) -> Locality:
    """The site's profile; the empty (national) one when there is none."""
    return site.locality if site.locality is not None else Locality()


# -- what content asks for ------------------------------------------------------

@dataclass(frozen=True)
class Ask:
    """One place content asks for a local fact."""

    fact: str
    rel: Path
    loc: tuple[str | int, ...]
    doc: YamlDocument | None

    @property
    def where(self) -> str:
        line, _ = self.doc.position(self.loc) if self.doc else (1, 1)
        return f"{self.rel}:{line}"


def _fields_toward(cls: type[BaseModel], field: str) -> tuple[str, ...]:
    """The fields of ``cls`` that are ``field`` or can hold a model that has it, in declaration order.

    Walking only these skips every text field: a guide's prose is most of its
    values, and none of it can hold a local fact.
    """
    if cls not in _TOWARD:
        _TOWARD[cls] = tuple(name for name, info in cls.model_fields.items()
                             if name == field or any(_reaches(sub, field, set()) for sub in _models_in(info.annotation)))
    return _TOWARD[cls]


def _reaches(cls: type[BaseModel], field: str, seen: set[type[BaseModel]]) -> bool:
    """Whether a ``cls`` value can contain ``field`` at any depth (``seen`` stops at models that contain themselves)."""
    if field in cls.model_fields:
        return True
    seen.add(cls)
    return any(_reaches(sub, field, seen) for info in cls.model_fields.values()
               for sub in _models_in(info.annotation) if sub not in seen)


_TOWARD: dict[type[BaseModel], tuple[str, ...]] = {}


def _local_facts_in(item: BaseModel) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(location, fact id) of every ``local_facts`` entry inside ``item``, in document order."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), item)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, BaseModel):
            names = _fields_toward(type(value), "local_facts")
            for name in reversed(names):
                stack.append((loc + (name,), getattr(value, name)))
        elif isinstance(value, (list, tuple)):
            if loc and loc[-1] == "local_facts":
                yield from ((loc + (index,), fact) for index, fact in enumerate(value) if isinstance(fact, str))
            else:
                stack.extend((loc + (index,), value[index]) for index in range(len(value) - 1, -1, -1))


def asks(site: Site) -> list[Ask]:
    """Every ``local_facts`` entry in the content, wherever a model allows one."""
    found: list[Ask] = []
    for rel, item in site.items("guides", "checklists"):
        doc = site.documents.get(rel)
        found.extend(Ask(fact, rel, loc, doc) for loc, fact in _local_facts_in(item))
    return found


# -- checking -------------------------------------------------------------------

def check_locality(site: Site) -> Report:
    """Unknown fact ids in content, facts asked for but not given, profile facts nobody asks for."""
    report = Report()
    asked: dict[str, list[Ask]] = {}
    for ask in asks(site):
        if ask.fact not in FACTS:
            close = difflib.get_close_matches(ask.fact, sorted(FACTS), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"use one of: {', '.join(sorted(FACTS))}"
            line, col = ask.doc.position(ask.loc) if ask.doc else (1, 1)
            report.add(ask.rel, line, col, "unknown-local-fact", f"'{ask.fact}' is not a local fact", hint)
            continue
        asked.setdefault(ask.fact, []).append(ask)
        if _on_urgent_rule(site, ask) and not FACTS[ask.fact].named_by_emergency_advice:
            line, col = ask.doc.position(ask.loc) if ask.doc else (1, 1)
            allowed = ", ".join(f.id for f in FACTS.values() if f.named_by_emergency_advice)
            report.add(ask.rel, line, col, "local-fact-on-urgent",
                       "an urgent rule is the guide's emergency advice, shown exactly as it is; "
                       f"beside it goes only the local contact the advice itself names ({allowed})",
                       "put the local fact on a non-urgent rule or item, or on the checklist itself")
    if site.locality_file is not None and site.locality is None:
        return report  # the profile itself failed to load; its errors are already reported
    profile = profile_of(site)
    rel = site.locality_file or Path(site.root.name) / DEFAULT_NAME
    doc = site.documents.get(rel) if site.locality_file else None
    set_fields = profile.model_fields_set
    for fact_id, places in asked.items():
        fact = FACTS[fact_id]
        if fact.field in set_fields:
            continue
        shown = ", ".join(a.where for a in places[:3]) + (f" and {len(places) - 3} more" if len(places) > 3 else "")
        where_profile = "the locality profile" if site.locality_file else f"a locality profile ({rel})"
        report.add(
            rel, 1, 1, "local-fact-missing",
            f"content asks for the local fact '{fact_id}' ({shown}), but {where_profile} does not give "
            f"'{fact.field}'; the site will say \"{fact.not_given}\"",
            f"give it under '{fact.field}:', or write '{fact.field}: {NOT_GIVEN}' to say so on purpose",
            Severity.WARNING,
        )
    used_fields = {FACTS[f].field for f in asked}
    # Content that failed to load may be what asks for a fact: "unused" waits until it loads (one error per cause).
    failed_askers = [path for key, path in site.unloaded.items()
                     if key.split(":", 1)[0] in {"guide", "case", "checklist", "pathway"}]
    for field in FACT_FIELDS:
        if field in set_fields and field not in used_fields:
            line, col = doc.position((field,)) if doc else (1, 1)
            if failed_askers:
                report.defer(failed_askers[0], rel, line, col, "local fact", f"whether content asks for '{field}'")
                continue
            ids = [f.id for f in FACTS.values() if f.field == field]
            report.add(
                rel, line, col, "local-fact-unused",
                f"the profile sets '{field}', but no guide section, checklist or pathway node asks for "
                f"'{ids[0]}', so it appears nowhere on the site",
                "remove it, or add the fact id to the local_facts of the content it belongs beside",
                Severity.WARNING,
            )
    return report


def _on_urgent_rule(site: Site, ask: Ask) -> bool:
    if len(ask.loc) < 4 or ask.loc[0] != "rules" or not isinstance(ask.loc[1], int):
        return False
    checklist = next((c for (kind, cid), rel in site.files.items() if kind == "checklists" and rel == ask.rel
                      for c in [site.checklists.get(cid)] if c is not None), None)
    return checklist is not None and checklist.rules[ask.loc[1]].urgent


#: National short numbers that are the same everywhere, so fine in an example.
_NATIONAL_NUMBERS = {"101", "999", "111", "112"}
_EXAMPLE_HOSTS = ("example.org", "example.com", "example.net")


def is_example_address(url: str) -> bool:
    host = (urlsplit(url).hostname or "").lower()
    return any(host == h or host.endswith("." + h) for h in _EXAMPLE_HOSTS)


def _check_numbers_and_addresses(profile: Locality, doc: YamlDocument, rel: Path, report: Report) -> None:
    """An example must hold nothing real; a real profile must hold nothing fictional.

    A fictional number copied from an example onto a partnership's site would
    leave a professional ringing a number that does not exist.
    """

    for loc, value in walk(profile):
        if "editorial_notes" in loc:
            continue
        if isinstance(value, Phone):
            number_loc = loc + ("number",)
            fictional = is_fictional_number(value.number)
            national = re.sub(r"\D", "", value.number) in _NATIONAL_NUMBERS
            if profile.example and not (fictional or national):
                report.add(rel, *doc.position(number_loc), "real-number-in-example",
                           f"the example profile gives {value.number}, which is not a fictional number",
                           "use an Ofcom drama number such as 01632 960 001 or 020 7946 0001")
            elif not profile.example and fictional:
                report.add(rel, *doc.position(number_loc), "fictional-number",
                           f"{value.number} is a fictional (Ofcom drama) number, as used in the examples",
                           "give the real number, or mark the profile 'example: true'")
        elif isinstance(value, str) and value.startswith("https://") and loc[-1] != "quick_exit":
            if profile.example and not is_example_address(value):
                report.add(rel, *doc.position(loc), "real-address-in-example",
                           f"the example profile links to {value}, which is not an example.org address",
                           "use an address under https://www.example.org/")
            elif not profile.example and is_example_address(value):
                report.add(rel, *doc.position(loc), "example-address",
                           f"{value} is an example address, as used in the examples",
                           "give the real address, or mark the profile 'example: true'")


_RASTER_MAGIC = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".webp": (b"RIFF",),
}


def _through_symlink(folder: Path, relative: str) -> bool:
    """Whether the logo, or any folder between the profile and it, is a symbolic link."""
    current = folder
    for part in Path(relative).parts:
        current = current / part
        if current.is_symlink():
            return True
    return not path_inside(current, folder)


def path_inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except (ValueError, OSError):
        return False
    return True


def _check_logo(profile: Locality, folder: Path, doc: YamlDocument, rel: Path, report: Report) -> None:
    """The logo is served from the site itself, so it must be a real image that cannot run script."""
    if not profile.site.logo:
        return
    position = doc.position(("site", "logo"))
    path = folder / profile.site.logo
    try:
        # A symbolic link (the file or a folder on the way) could publish any file on the machine.
        if _through_symlink(folder, profile.site.logo):
            report.add(rel, *position, "unsafe-logo", f"the logo {profile.site.logo} is a symbolic link",
                       "copy the image itself next to the profile")
            return
        if not path.is_file():
            report.add(rel, *position, "missing-file", f"the logo {profile.site.logo} is not next to the profile",
                       "put the image file beside the profile, or correct the path")
            return
        if path.stat().st_size > MAX_LOGO_BYTES:
            report.add(rel, *position, "file-too-large",
                       f"the logo is {path.stat().st_size:,} bytes; the limit is {MAX_LOGO_BYTES:,}",
                       "use a smaller image; a header logo needs only a few kilobytes")
            return
        data = path.read_bytes()
    except OSError as exc:
        report.add(rel, *position, "unreadable", f"cannot read the logo: {exc.strerror}")
        return
    suffix = path.suffix.lower()
    if suffix == ".svg":
        try:
            check_svg(data)
        except UnsafeSvg as problem:
            report.add(rel, *position, "unsafe-logo", f"the SVG logo is not a plain drawing: {problem}",
                       "export it again as a plain SVG (no script, links, styles or external references), or use a PNG")
    elif not data.startswith(_RASTER_MAGIC[suffix]) or (suffix == ".webp" and data[8:12] != b"WEBP"):
        report.add(rel, *position, "unsafe-logo", f"the logo is not a {suffix[1:].upper()} image",
                   "check the file, or give it the right extension")


def logo_file(site: Site) -> tuple[str, bytes] | None:
    """Where the logo goes in the built site, and its bytes."""
    profile = site.locality
    if profile is None or not profile.site.logo or site.locality_dir is None:
        return None
    source = site.locality_dir / profile.site.logo
    return f"{LOGO_FOLDER}/logo{source.suffix.lower()}", source.read_bytes()


def site_files(site: Site) -> dict[str, bytes]:
    """Files the profile adds to the docs folder (its logo)."""
    logo = logo_file(site)
    return {logo[0]: logo[1]} if logo else {}


def public_overrides(site: Site) -> dict[str, Any]:
    """What the profile changes in the config as plain values, for embed snippets and oEmbed (not the theme)."""
    title = profile_of(site).site.title
    return {"site_name": title} if title else {}


def apply_to_config(site: Site, config: dict[str, Any]) -> dict[str, Any]:
    """The profile's site title, logo and quick-exit destination, over mkdocs.yml's.

    ``site_name`` is a theme string: Material prints it as raw HTML (header, ``<title>``,
    ``aria-label``), so whatever its source it leaves here HTML-escaped, exactly once.
    """
    profile = profile_of(site)
    settings = profile.site
    if settings.title:
        config["site_name"] = settings.title
    if isinstance(config.get("site_name"), str):
        config["site_name"] = theme_string(config["site_name"])
    if settings.quick_exit:
        config.setdefault("extra", {})["quick_exit_url"] = settings.quick_exit
    logo = logo_file(site)
    if logo:
        theme = config.setdefault("theme", {})
        theme["logo"] = logo[0]
        theme.get("icon", {}).pop("logo", None)
    return config


# -- resolving ------------------------------------------------------------------

def _phone(phone: Phone) -> dict[str, Any]:
    digits = re.sub(r"[^\d+]", "", phone.number)
    return {"number": phone.number, "label": phone.label, "href": "tel:" + digits}


def _entry(name: str | None, phones: Iterable[Phone] = (), links: Iterable[tuple[str, str | None]] = (),
           hours: str | None = None, note: str | None = None) -> dict[str, Any]:
    return {
        "name": name,
        "phones": [_phone(p) for p in phones],
        "links": [{"text": text, "href": href} for text, href in links if href],
        "hours": hours,
        "note": note,
    }


def _service(service: Service) -> dict[str, Any]:
    return _entry(service.name, service.phones, [("Website", service.website)], service.hours, service.note)


def _entries(value: Any) -> list[dict[str, Any]]:
    if isinstance(value, FrontDoor):
        return [_entry(value.name, value.phones,
                       [("Online referral form", value.referral_form), ("Website", value.website)],
                       value.hours, value.note)]
    if isinstance(value, Police):
        # The specialist unit's direct line first: it is the contact the guide names ("You may have a
        # direct phone line to your police force's specialist child abuse unit"), and in the danger
        # interruption it has to be on the first screen, before the force's non-emergency line.
        entries = [_service(value.child_abuse_unit)] if value.child_abuse_unit is not None else []
        entries.append(_entry(value.force, [Phone(number=p.number, label=p.label or "Non-emergency")
                                            for p in value.non_emergency],
                              [("Report online (non-emergency)", value.non_emergency_online)]))
        return entries
    if isinstance(value, Service):
        return [_service(value)]
    if isinstance(value, Document):
        return [_entry(None, links=[(value.title, value.url)])]
    if isinstance(value, list):
        return [_service(s) for s in value]
    return []


def resolve(site: Site, fact_id: str) -> dict[str, Any]:
    """One fact, ready to show: its details, or the honest sentence saying the site has none."""
    fact = FACTS[fact_id]
    value = getattr(profile_of(site), fact.field)
    entries = [] if value in (None, NOT_GIVEN) else _entries(value)
    return {
        "id": fact.id,
        "title": fact.title,
        "given": bool(entries),
        "fallback": fact.fallback,
        "not_given": fact.not_given,
        "entries": entries,
    }


def heading(site: Site) -> str:
    profile = profile_of(site)
    return f"In {profile.partnership.area}" if profile.partnership else "Local arrangements"


def source_note(site: Site) -> str:
    """Whose facts these are, and that they sit beside the guidance, not in it."""
    profile = profile_of(site)
    if profile.partnership is None:
        return "This national site is not set up for a local area."
    note = f"Local information from {profile.partnership.name}, shown beside the guidance; it is not part of it."
    if profile.example:
        note += " This is a fictional example: its names, numbers and addresses are not real."
    return note


def block(site: Site, fact_ids: Iterable[str]) -> dict[str, Any] | None:
    """A panel's worth of facts (unknown ids, already reported by the check, are skipped)."""
    facts = [resolve(site, f) for f in dict.fromkeys(fact_ids) if f in FACTS]
    if not facts:
        return None
    profile = profile_of(site)
    national = profile.partnership is None
    return {
        "heading": heading(site),
        "partnership": None if national else profile.partnership.name,  # type: ignore[union-attr]
        "example": profile.example,
        "note": source_note(site),
        "facts": facts,
        # The national site gives no facts at all: one sentence, not a list of "not given".
        "national": national,
        "national_text": f"This national site is not set up for a local area, so it does not give details of "
        f"{_and([f['fallback'] for f in facts])}." if national else None,
    }


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " or " + parts[-1]


def summary(site: Site) -> dict[str, Any]:
    """The profile as the widgets need it at the top of their data."""
    profile = profile_of(site)
    return {
        "area": profile.partnership.area if profile.partnership else None,
        "partnership": profile.partnership.name if profile.partnership else None,
        "website": profile.partnership.website if profile.partnership else None,
        "example": profile.example,
        "nation": profile.nation.value if profile.nation else None,
        "calendar": CALENDARS[profile.nation],
        "heading": heading(site),
        "note": source_note(site),
    }


def statutory_references(site: Site, references: Iterable[Any]) -> list[Any]:
    """The statutory guidance to name: the profile's nation's, or every nation's on the national site.

    A guide that names nothing for the profile's nation keeps its full list:
    statutory guidance is never hidden.
    """
    references = list(references)
    nation = profile_of(site).nation
    if nation is None:
        return references
    chosen = [r for r in references if r.nation == nation]
    return chosen or references


def site_statutory_references(site: Site) -> list[Any]:
    """The statutory guidance the published guides name, for pages that are not a guide (the tools)."""
    seen: dict[tuple[str, str], Any] = {}
    for guide in site.guides.values():
        if guide.status != "published":
            continue
        for ref in guide.statutory_references:
            seen.setdefault((ref.nation.value, ref.source), ref)
    return statutory_references(site, seen.values())


def attach_to_widget_data(site: Site, data: dict[str, Any]) -> dict[str, Any]:
    """Put the resolved local facts into the widgets' JSON, beside the content that asks for them.

    Each checklist and the pathway get ``locality`` (whose site, which
    nation, which bank-holiday calendar); every checklist, rule, item or node
    with ``local_facts`` gets ``local``, a panel's worth of resolved facts, so
    the widget code renders it without knowing anything about profiles.
    """
    about = summary(site)

    def fill(item: dict[str, Any]) -> None:
        panel = block(site, item.get("local_facts") or [])
        if panel is not None:
            item["local"] = panel

    for checklist in data.get("checklists", {}).values():
        checklist["locality"] = about
        fill(checklist)
        for rule in checklist.get("rules", []):
            fill(rule)
        for group in checklist.get("groups", []):
            for item in group.get("items", []):
                fill(item)
    if data.get("pathway"):
        data["pathway"]["locality"] = about
        for node in data["pathway"].get("nodes", []):
            fill(node)
    return data
