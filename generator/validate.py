"""Checks that need the whole site: references, citations, footnotes, review dates.

Single-file shape is pydantic's job (``generator.load``); the pathway graph
has its own module (``generator.graph``).  Everything here reports located
diagnostics and never raises for bad content.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from . import graph, urls
from .diagnostics import Report, Severity
from .load import Site
from .models.common import REF_PATTERN, Citation, line_ranges
from .models.guide import Guide
from .safe_text import SAFE_SCHEMES
from .urls import available_tools
from .walk import FIELDS_LAST_FIRST as _REVERSED_FIELDS
from .walk import sections as walk_sections
from .walk import walk
from .yaml_source import Document

# Pages the generator writes itself (besides one page per item).
GENERATED_PAGES = frozenset(urls.GENERATED_PAGES)
REF_FIELDS = {"ref", "related", "guides", "see_also", "guide"}
_LINK_TARGET = re.compile(r"\]\(\s*([a-z]+:[a-z0-9-]+(?:#[a-z0-9-]+)?)\s*\)")
_FOOTNOTE_USE = re.compile(r"\[\^([a-z0-9-]+)\](?!:)")


def refs_in(loc: tuple[str | int, ...], value: Any) -> list[str]:
    """Internal references held by one value: a Ref field or links inside Markdown."""
    if not isinstance(value, str):
        return []
    field = _innermost_field(loc)
    if field in REF_FIELDS and REF_PATTERN.fullmatch(value):
        return [value]
    if "](" not in value:  # no link, nothing to find (most text; this runs for every value of every item)
        return []
    # tel:999 and mailto:team look like kind:id but are ordinary links.
    return [ref for ref in _LINK_TARGET.findall(value) if not ref.startswith(SAFE_SCHEMES)]


def _innermost_field(loc: tuple[str | int, ...]) -> str | None:
    """The name of the field a value sits in: its own key, or the key of the list holding it."""
    if loc:
        last = loc[-1]
        if isinstance(last, str):
            return last
        if len(loc) > 1 and isinstance(loc[-2], str):  # one item of a list: the common case, checked first
            return loc[-2]
    return next((part for part in reversed(loc) if isinstance(part, str)), None)


class Resolver:
    """Answers whether a reference points at something that exists."""

    def __init__(self, site: Site, pages: set[str]) -> None:
        self.site = site
        self.pages = pages
        pathway = site.pathway
        self.pathway_ids = (
            {n.id for n in pathway.nodes} | {s.id for s in pathway.stages} if pathway else set()
        )
        self._table: dict[str, Any] | None = None
        # Source ids cited but missing from sources.yml -> where the first such citation was reported.
        self.missing_sources: dict[str, tuple[Path, int, int, str]] = {}

    def problem(self, ref: str) -> str | None:
        match = REF_PATTERN.fullmatch(ref)
        if not match:
            return f"'{ref}' is not a reference of the form kind:id"
        kind, item_id, anchor = match.groups()
        site = self.site
        if kind == "guide":
            guide = site.guides.get(item_id)
            if guide is None:
                return f"no guide has the id '{item_id}'"
            if guide.status != "published":  # a draft gets no page: the link would break only in the build
                return f"the guide '{item_id}' is a draft, which is not published"
            if anchor and anchor not in section_ids(guide):
                return f"the guide '{item_id}' has no section '{anchor}'"
            return None
        if self._table is None:  # built once, not per reference: a large site checks tens of thousands
            self._table = self._kinds()
        if item_id not in self._table[kind]:
            return f"no {kind} has the id '{item_id}'"
        return None

    def _kinds(self) -> dict[str, Any]:
        site = self.site
        return {
            "case": site.cases,
            "learning": site.learning,
            "source": site.sources,
            "resource": site.sources,
            "planned": site.planned,
            "glossary": {t.id: t for t in site.glossary.terms},
            "pathway": dict.fromkeys(self.pathway_ids),
            "tool": dict.fromkeys(available_tools(site)),
            "page": dict.fromkeys(self.pages),
        }


def _check_site_config(site: Site, report: Report) -> None:
    """site.yml's checklist page: every id a loaded checklist, at most one per mode (referral, call, after)."""
    rel = Path(site.root.name) / "site.yml"
    doc = site.documents.get(rel)
    chosen = site.config.checklist_page or []
    modes: dict[str, str] = {}
    for index, checklist_id in enumerate(chosen):
        line, col = doc.position(("checklist_page", index)) if doc else (1, 1)
        checklist = site.checklists.get(checklist_id)
        if checklist is None:
            report.add(rel, line, col, "unknown-checklist", f"the checklist page offers '{checklist_id}', which is not a "
                       "checklist", f"use one of {', '.join(sorted(site.checklists)) or 'the ids in checklists/'}")
        elif checklist.mode in modes:
            report.add(rel, line, col, "checklist-mode", f"'{checklist_id}' and '{modes[checklist.mode]}' are both "
                       f"{checklist.mode} checklists; the page offers one per mode", "keep one of them")
        else:
            modes[checklist.mode] = checklist_id


def section_ids(guide: Guide) -> set[str]:
    return {at.section.id for at in walk_sections(guide)}


def hand_written_pages(docs_dir: Path | None) -> set[str]:
    if docs_dir is None or not docs_dir.is_dir():
        return set(GENERATED_PAGES)
    pages = {p.stem for p in docs_dir.rglob("*.md")} | {p.parent.name for p in docs_dir.rglob("index.md")}
    return pages | GENERATED_PAGES


def validate_site(site: Site, today: dt.date | None = None, docs_dir: Path | None = None) -> Report:
    report = Report()
    today = today or dt.date.today()
    resolver = Resolver(site, hand_written_pages(docs_dir))
    _LINE_COUNTS.clear()  # provenance files are read once per check, so `pathway serve` sees their edits
    list_places: dict[Path, dict[str, int]] = {}
    items: list[tuple[Path, Document | None, BaseModel]] = [
        (rel, site.documents.get(rel), item) for rel, item in site.items("guides", "cases", "learning", "checklists")
    ]
    glossary = Path(site.root.name) / "glossary.yml"
    if glossary in site.documents:
        items.append((glossary, site.documents[glossary], site.glossary))
    for rel_name in ("sources.yml", "planned.yml"):
        rel = Path(site.root.name) / rel_name
        if rel in site.documents:
            for (kind, item_id), path in site.files.items():
                if path == rel:
                    item = (site.sources if kind == "source" else site.planned)[item_id]
                    items.append((rel, site.documents[rel], item))

    guide_texts: dict[int, GuideText] = {}
    for rel, doc, item in items:
        base = _base_loc(site, rel, item, list_places)
        text = GuideText() if isinstance(item, Guide) else None
        _check_item(rel, doc, item, base, resolver, report, text)
        if text is not None:
            guide_texts[id(item)] = text

    for guide_id, guide in site.guides.items():
        rel = site.files[("guides", guide_id)]
        doc = site.documents.get(rel)
        _check_guide(rel, doc, guide, site, today, report, guide_texts.get(id(guide)))
    every_condition = {c.id for checklist in site.checklists.values() for c in checklist.conditions}
    for checklist_id, checklist in site.checklists.items():
        rel = site.files[("checklists", checklist_id)]
        _check_checklist(rel, site.documents.get(rel), checklist, report)
        _check_text_checks(rel, site.documents.get(rel), checklist, every_condition, report)
    if site.pathway is not None:
        rel = Path(site.root.name) / "pathway.yml"
        report.extend(graph.check(site.pathway, rel, site.documents.get(rel)))
    _check_site_config(site, report)
    from .changes import check as check_changes
    from .locality import check_locality

    report.extend(check_changes(site, today))  # change notes: ordered, not in the future, none missing
    report.extend(check_locality(site))
    report.extend(check_generated_ids(site))
    return report


def _base_loc(site: Site, rel: Path, item: BaseModel,
              places: dict[Path, dict[str, int]] | None = None) -> tuple[str | int, ...]:
    """Location prefix of an item inside a list file (sources.yml, planned.yml).

    ``places`` caches each file's id → first index, so a long bibliography is scanned once, not once per item.
    """
    key = {"sources.yml": "sources", "planned.yml": "planned"}.get(rel.name)
    if key is None:
        return ()
    # The item's place in the file, not in the index: a duplicate id earlier in
    # the list is skipped by the index but still occupies a place in the file.
    doc = site.documents.get(rel)
    entries = doc.data.get(key) if doc is not None and isinstance(doc.data, dict) else None
    if isinstance(entries, list):
        places = {} if places is None else places
        if rel not in places:
            first: dict[str, int] = {}
            for index, entry in enumerate(entries):
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    first.setdefault(entry["id"], index)
            places[rel] = first
        index = places[rel].get(item.id)  # type: ignore[attr-defined]
        if index is not None:
            return (key, index)
    return (key, list(getattr(site, key)).index(item.id))  # type: ignore[attr-defined]


def _pos(doc: Document | None, loc: tuple[str | int, ...]) -> tuple[int, int]:
    return doc.position(loc) if doc else (1, 1)


@dataclass
class GuideText:
    """What a guide's footnote checks need, gathered by the reference walk (one walk per guide)."""

    markers: list[tuple[tuple[str | int, ...], str]] = field(default_factory=list)  # footnote uses, outside footnotes

    def see(self, loc: tuple[str | int, ...], value: str) -> None:
        if "[^" in value and "footnotes" not in loc:
            self.markers.extend((loc, marker) for marker in _FOOTNOTE_USE.findall(value))

    @classmethod
    def of(cls, guide: BaseModel) -> GuideText:
        text = cls()
        for loc, value in walk(guide):
            if isinstance(value, str):
                text.see(loc, value)
        return text


def _check_item(
    rel: Path, doc: Document | None, item: BaseModel, base: tuple[str | int, ...], resolver: Resolver, report: Report,
    guide_text: GuideText | None = None,
) -> None:
    """References, citations and quotation sources of one item, in document order.

    The walk is ``walk`` inlined (every value of every item passes here: the bulk of a large site's check),
    skipping empty optional fields, which hold nothing to check.
    """
    site = resolver.site
    sources = site.sources
    stack: list[tuple[tuple[str | int, ...], Any]] = [(base, item)]
    while stack:
        loc, value = stack.pop()
        if isinstance(value, str):
            if guide_text is not None:
                guide_text.see(loc, value)
            if "](" in value or _innermost_field(loc) in REF_FIELDS:
                for ref in refs_in(loc, value):
                    problem = resolver.problem(ref)
                    if problem and not _held_back(resolver, ref, rel, doc, loc, report):
                        report.add(rel, *_pos(doc, loc), "unknown-reference", f"broken reference '{ref}': {problem}",
                                   "link to an existing item, or record it in planned.yml as not yet available")
            if loc and loc[-1] == "quote_source" and value not in sources and not _held_back_source(
                    site, "quotation source", f"quotes the source '{value}'", rel, doc, loc, report) and not \
                    _cited_before(resolver, value, "unknown-source", rel, doc, loc, report):
                report.add(rel, *_pos(doc, loc), "unknown-source",
                           f"the quotation's source '{value}' is not in sources.yml")
        elif isinstance(value, BaseModel):
            if isinstance(value, Citation):
                if value.source not in sources:
                    if not _held_back_source(site, "citation", f"cites the source '{value.source}'", rel, doc,
                                             loc + ("source",), report) and not _cited_before(
                            resolver, value.source, "unknown-source", rel, doc, loc + ("source",), report):
                        report.add(rel, *_pos(doc, loc + ("source",)), "unknown-source",
                                   f"cites the source '{value.source}', which is not in sources.yml",
                                   "add it to sources.yml or correct the id")
                elif value.lines:
                    _check_lines(rel, doc, loc, value, site, report)
            cls = type(value)
            names = _REVERSED_FIELDS.get(cls) or _REVERSED_FIELDS.setdefault(cls, tuple(reversed(cls.model_fields)))
            for name in names:
                child = getattr(value, name)
                if child is not None:
                    stack.append((loc + (name,), child))
        elif isinstance(value, (list, tuple)):
            stack.extend([(loc + (index,), value[index]) for index in range(len(value) - 1, -1, -1)])


# ---------------------------------------------------------------- one error per cause (issue 20)

def unloaded_root(site: Site, ref: str) -> Path | None:
    """The file whose failure to load leaves ``ref`` unresolvable, if any (``Site.unloaded``)."""
    match = REF_PATTERN.fullmatch(ref)
    if not match or not site.unloaded:
        return None
    kind, item_id, _anchor = match.groups()
    return site.unloaded.get(f"{kind}:{item_id}") or site.unloaded.get(kind)


def _held_back(resolver: Resolver, ref: str, rel: Path, doc: Document | None, loc: tuple[str | int, ...],
               report: Report) -> bool:
    """A broken reference to an item that failed to load is counted under that item's error, not reported."""
    root = unloaded_root(resolver.site, ref)
    if root is None:
        return False
    report.defer(root, rel, *_pos(doc, loc), "reference", ref)
    return True


def _held_back_source(site: Site, kind: str, what: str, rel: Path, doc: Document | None,
                      loc: tuple[str | int, ...], report: Report) -> bool:
    """A citation when sources.yml is missing or failed to load is counted under that file's error."""
    root = site.unloaded.get("source")
    if root is None:
        return False
    report.defer(root, rel, *_pos(doc, loc), kind, what)
    return True


def _cited_before(resolver: Resolver, source_id: str, code: str, rel: Path, doc: Document | None,
                  loc: tuple[str | int, ...], report: Report) -> bool:
    """One missing source, one error: its first citation is reported, later ones are counted under it."""
    line, col = _pos(doc, loc)
    first = resolver.missing_sources.get(source_id)
    if first is None:
        resolver.missing_sources[source_id] = (rel, line, col, code)
        return False
    root, root_line, root_col, root_code = first
    report.defer(root, rel, line, col, "same source", f"cites the source '{source_id}'",
                 root_at=(root_line, root_col, root_code))
    return True


def _check_lines(rel: Path, doc: Document | None, loc: tuple[str | int, ...], cite: Citation, site: Site,
                 report: Report) -> None:
    source = site.sources[cite.source]
    if not source.file or not cite.lines:
        return
    count = _line_count(site.root, source.file)
    if count is None:
        return
    for cited in line_ranges(cite.lines):
        if cited.first < 1 or cited.last > count or cited.first > cited.last:
            report.add(rel, *_pos(doc, loc + ("lines",)), "bad-citation",
                       f"cites lines {cited.text} of '{cite.source}', which has {count} lines",
                       "check the line numbers against the provenance text")


_LINE_COUNTS: dict[tuple[Path, str], int | None] = {}
_MAX_SOURCE_BYTES = 64 * 1024 * 1024


def _line_count(root: Path, file: str) -> int | None:
    key = (root, file)  # cheaper to hash than a joined Path, built once per citation
    if key not in _LINE_COUNTS:
        path = root / file
        try:
            # Only a regular file of sane size: "file: /dev/zero" must not hang the check.
            if not path.is_file() or path.stat().st_size > _MAX_SOURCE_BYTES:
                _LINE_COUNTS[key] = None
                return None
            text = path.read_bytes().decode("utf-8", errors="replace")
            # A final newline ends the last line; it does not start another one.
            _LINE_COUNTS[key] = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
        except OSError:
            _LINE_COUNTS[key] = None
    return _LINE_COUNTS[key]


def _check_guide(rel: Path, doc: Document | None, guide: Any, site: Site, today: dt.date, report: Report,
                 text: GuideText | None = None) -> None:
    if site.pathway is not None and guide.stage not in {s.id for s in site.pathway.stages}:
        report.add(rel, *_pos(doc, ("stage",)), "unknown-stage", f"the stage '{guide.stage}' is not a stage in pathway.yml")
    if guide.review.next_review < today:
        report.add(rel, *_pos(doc, ("review", "next_review")), "review-overdue",
                   f"the review was due on {guide.review.next_review.isoformat()}",
                   "review the guide and update review.last_reviewed and review.next_review",
                   Severity.WARNING)
    defined = {f.id: index for index, f in enumerate(guide.footnotes)}
    text = text or GuideText.of(guide)
    used: set[str] = set()
    for loc, marker in text.markers:
        used.add(marker)
        if marker not in defined:
            report.add(rel, *_pos(doc, loc), "unknown-footnote", f"the footnote [^{marker}] is not defined",
                       "add it under footnotes")
    seen: set[str] = set()
    duplicates: list[tuple[tuple[str | int, ...], str]] = []
    for at in walk_sections(guide):
        if at.section.id in seen:
            duplicates.append(((*at.loc, "id"), at.section.id))
        seen.add(at.section.id)
    for marker, index in defined.items():
        if marker not in used:
            report.add(rel, *_pos(doc, ("footnotes", index, "id")), "unused-footnote",
                       f"the footnote '{marker}' is never referred to", f"add [^{marker}] where it applies")
    for loc, value in duplicates:
        report.add(rel, *_pos(doc, loc), "duplicate-id", f"the section id '{value}' is used twice in this guide")


def _check_checklist(rel: Path, doc: Document | None, checklist: Any, report: Report) -> None:
    conditions = {c.id for c in checklist.conditions}
    ids: set[str] = set()
    for loc, value in walk(checklist):
        if not loc:
            continue
        if loc[-1] == "when" and isinstance(value, str) and value not in conditions:
            report.add(rel, *_pos(doc, loc), "unknown-condition", f"'{value}' is not one of this checklist's conditions",
                       "define it under conditions")
        if loc[-1] == "id" and len(loc) > 1 and isinstance(value, str):
            if value in ids:
                report.add(rel, *_pos(doc, loc), "duplicate-id", f"the id '{value}' is used twice in this checklist")
            ids.add(value)


def _check_text_checks(rel: Path, doc: Document | None, checklist: Any, every_condition: set[str],
                       report: Report) -> None:
    """A checklist's text checks: each check once; conditions only on parents-reason, each one that exists.

    Their citations are checked with every other citation (``_check_item``).  A condition may be
    another checklist's: the checklist page shares one set of answers between its checklists.
    """
    seen: set[str] = set()
    for index, entry in enumerate(checklist.text_checks):
        where = ("text_checks", index)
        if entry.check in seen:
            report.add(rel, *_pos(doc, where + ("check",)), "duplicate-id",
                       f"the text check '{entry.check}' is listed twice in this checklist", "keep one entry per check")
        seen.add(entry.check)
        if entry.conditions and entry.check != "parents-reason":
            report.add(rel, *_pos(doc, where + ("conditions",)), "invalid-value",
                       f"the text check '{entry.check}' takes no conditions; only parents-reason does",
                       "remove conditions here, or move them to the parents-reason check")
            continue
        for number, condition in enumerate(entry.conditions):
            if condition not in every_condition:
                close = difflib.get_close_matches(condition, sorted(every_condition), n=1, cutoff=0.75)
                report.add(rel, *_pos(doc, where + ("conditions", number)), "unknown-condition",
                           f"'{condition}' is not a condition of any checklist",
                           f"did you mean '{close[0]}'?" if close else "name a condition defined under a checklist's conditions")


# -- ids that collide with what the generator makes (issue 19; kept apart from the checks above) ---------

#: Item ids whose page path is one the generator writes itself (cases/questions.md is the question bank).
RESERVED_ITEM_IDS: dict[str, frozenset[str]] = {
    "guides": frozenset({"index"}),
    "cases": frozenset({"index", "questions"}),
    "learning": frozenset({"index"}),
}
# Anchors the page templates write on every page of a kind, whatever the content.
_FIXED_ANCHORS: dict[str, tuple[str, ...]] = {
    "guides": ("statutory-guidance", "where-next-links"),
    "cases": ("the-case", "key-questions", "questions", "debrief", "outcomes", "force-action", "related",
              "use-in-training", "embed", "pw-audience", "pw-handout"),
    "learning": ("examples", "statistics", "related"),
}

Anchor = tuple[str, tuple[str | int, ...] | None]  # (id on the page, where the content gives it; None: fixed)


def _page_anchors(kind: str, item: Any) -> list[Anchor]:
    """Every explicit id the templates (generator/templates/) write on an item's page, in page order."""
    anchors: list[Anchor] = [(name, None) for name in _FIXED_ANCHORS.get(kind, ())]
    if kind == "guides":
        anchors += [(at.section.id, (*at.loc, "id")) for at in walk_sections(item)]
    elif kind == "cases":
        for i, part in enumerate(item.parts):
            anchors.append((f"part-{part.id}", ("parts", i, "id")))
            if part.heading:
                anchors.append((part.id, ("parts", i, "id")))
        anchors += [(f"questions-{g.audience.value}", ("key_questions", i, "audience"))
                    for i, g in enumerate(item.key_questions)]
    elif kind == "learning":
        for i, section in enumerate(item.sections):
            anchors.append((section.id, ("sections", i, "id")))
            anchors += [(point.id, ("sections", i, "items", j, "id")) for j, point in enumerate(section.items)]
        anchors += [(example.id, ("examples", i, "id")) for i, example in enumerate(item.examples)]
    return anchors


def _pathway_anchors(pathway: Any) -> list[Anchor]:
    """The pathway page: ``step-``/``stage-`` per stage, ``step-``/``node-`` per node (templates/pathway.md.j2)."""
    anchors: list[Anchor] = []
    for i, stage in enumerate(pathway.stages):
        anchors += [(f"step-{stage.id}", ("stages", i, "id")), (f"stage-{stage.id}", ("stages", i, "id"))]
    for i, node in enumerate(pathway.nodes):
        anchors += [(f"step-{node.id}", ("nodes", i, "id")), (f"node-{node.id}", ("nodes", i, "id"))]
    return anchors


def _report_collisions(rel: Path, doc: Document | None, anchors: list[Anchor], report: Report) -> None:
    first: dict[str, tuple[str | int, ...] | None] = {}
    for anchor, loc in anchors:
        if anchor not in first:
            first[anchor] = loc
            continue
        other = first[anchor]
        if loc is None:  # a fixed anchor after content's: report at the content's place
            loc, other = other, None
        if loc is None:
            continue
        already = ("an anchor the page always has" if other is None
                   else f"the id at line {_pos(doc, other)[0]}" if other != loc else "itself")
        report.add(rel, *_pos(doc, loc), "colliding-id",
                   f"this id gives the page the anchor '{anchor}', which is already {already}; "
                   "two elements would share one id and links would go to the wrong one",
                   "choose another id")


def check_generated_ids(site: Site) -> Report:
    """Item ids the generator reserves, and ids that give a page the same anchor twice.

    A guide or case called ``index`` or ``questions`` silently got no page (the generator's own
    page had its path); a part or section id equal to an anchor the template writes, or a
    pathway stage and node with one id, gave two elements one id.  The built-page audit
    (generator.audit) checks every page's ids as well; this says which content line to change.
    """
    report = Report()
    for (kind, item_id), rel in site.files.items():
        item = getattr(site, kind).get(item_id) if kind in RESERVED_ITEM_IDS else None
        if item is None:
            continue
        doc = site.documents.get(rel)
        if item.id in RESERVED_ITEM_IDS[kind]:
            report.add(rel, *_pos(doc, ("id",)), "reserved-id",
                       f"the id '{item.id}' is the name of a page the site makes itself ({kind}/{item.id}), so this "
                       "item would have no page", "choose another id (and rename the file to match)")
        _report_collisions(rel, doc, _page_anchors(kind, item), report)
    if site.pathway is not None:
        rel = Path(site.root.name) / "pathway.yml"
        _report_collisions(rel, site.documents.get(rel), _pathway_anchors(site.pathway), report)
    return report
