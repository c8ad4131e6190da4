"""Loading a content folder into one in-memory :class:`Site`.

One loader for everything: templates, widgets and the validator read the
``Site``; nothing re-reads YAML.  Every problem becomes a located diagnostic.
"""

from __future__ import annotations

import difflib
import functools
import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from pydantic import BaseModel, ValidationError

from . import models
from .diagnostics import Report
from .diagnostics import content_relative as _rel
from .load_cache import LoadCache, Loaded
from .models.common import markdown_context
from .models.sources import PlannedItem, PlannedList
from .safe_text import MarkdownRules
from .walk import models_in as _models_in
from .yaml_source import Document, YamlProblem, parse, read_raw

M = TypeVar("M", bound=BaseModel)
P = ParamSpec("P")
R = TypeVar("R")

FOLDERS: dict[str, type[BaseModel]] = {
    "guides": models.Guide,
    "cases": models.CaseStudy,
    "learning": models.Briefing,
    "checklists": models.Checklist,
}


@dataclass
class Site:
    """The whole content base, validated item by item."""

    root: Path
    sources: dict[str, models.Source] = field(default_factory=dict)
    planned: dict[str, PlannedItem] = field(default_factory=dict)
    guides: dict[str, models.Guide] = field(default_factory=dict)
    cases: dict[str, models.CaseStudy] = field(default_factory=dict)
    learning: dict[str, models.Briefing] = field(default_factory=dict)
    checklists: dict[str, models.Checklist] = field(default_factory=dict)
    pathway: models.Pathway | None = None
    glossary: models.Glossary = field(default_factory=models.Glossary)
    config: models.SiteConfig = field(default_factory=models.SiteConfig)  # site.yml: the site's own choices
    documents: dict[Path, Document] = field(default_factory=dict)
    files: dict[tuple[str, str], Path] = field(default_factory=dict)
    # The locality profile (generator.locality): None when there is none or it failed to load.
    locality: models.Locality | None = None
    locality_file: Path | None = None
    locality_dir: Path | None = None
    # Files whose text may hold "[sic]" (render.Renderer._sics walks only their items); None: not recorded.
    sic_files: set[Path] | None = None
    # What failed to load, so checks that depend on it are held back rather than reported (one error per
    # cause, generator.diagnostics): "kind:id" (one item) or "kind" (a whole list file) -> the failed file.
    unloaded: dict[str, Path] = field(default_factory=dict)

    def items(self, *folders: str) -> list[tuple[Path, BaseModel]]:
        """(file, item) for every item loaded from these folders (names of ``FOLDERS``), in load order,
        then the pathway if it loaded."""
        found = [(rel, getattr(self, kind)[item_id]) for (kind, item_id), rel in self.files.items() if kind in folders]
        if self.pathway is not None:
            found.append((Path(self.root.name) / "pathway.yml", self.pathway))
        return found

    def checklist_page(self) -> list[str]:
        """The checklists the checklist page offers: site.yml's, else the first checklist of each mode."""
        if self.config.checklist_page is not None:
            return [cid for cid in self.config.checklist_page if cid in self.checklists]
        first = {}
        for cid, checklist in sorted(self.checklists.items()):
            first.setdefault(checklist.mode, cid)
        return [first[mode] for mode in ("referral", "call", "after") if mode in first]

    def document_for(self, kind: str, item_id: str) -> Document | None:
        path = self.files.get((kind, item_id))
        return self.documents.get(path) if path else None


def _all_field_names() -> set[str]:
    names: set[str] = set()
    seen: set[type] = set()

    def walk(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            names.add(name)
            for sub in _models_in(info.annotation):
                walk(sub)

    for root in (*FOLDERS.values(), models.Pathway, models.Glossary, models.SourceList, PlannedList, models.Locality):
        walk(root)
    return names


_FIELD_NAMES: set[str] | None = None


def _suggest(key: str) -> str:
    global _FIELD_NAMES
    if _FIELD_NAMES is None:
        _FIELD_NAMES = _all_field_names()
    close = difflib.get_close_matches(str(key), sorted(_FIELD_NAMES), n=1, cutoff=0.75)
    return f"did you mean '{close[0]}'?" if close else "remove it, or check the spelling against the schema in schemas/"


def _code_for(error: dict[str, Any]) -> tuple[str, str]:
    kind = error["type"]
    msg = str(error.get("msg", ""))
    if kind == "missing":
        return "missing-field", "add this field; see the schema in schemas/ for what it holds"
    if kind == "extra_forbidden":
        return "unknown-key", _suggest(str(error["loc"][-1]) if error["loc"] else "")
    if kind == "value_error":
        lowered = msg.lower().removeprefix("value error, ")
        # Classify by how our own messages begin: the rest quotes the author's
        # text, which may itself contain words such as "html" (data:text/html).
        if lowered.startswith("looks like a reviewer comment"):
            return "editorial-note", "editorial notes belong in editorial_notes, which are never published"
        if lowered.startswith(("the link target", "contains a javascript:")):
            return "unsafe-url", "link to https:// addresses or to internal references such as guide:<id>"
        if lowered.startswith(("contains raw html", "contains an html entity", "contains a markdown attribute list")):
            return "unsafe-html", "write Markdown, not HTML"
        if lowered.startswith("contains the fictional"):
            return "fictional-number", "remove the number; give local contacts in the locality profile"
        if lowered.startswith("markdown reads a link"):
            return "unsafe-url", "link to https:// addresses or to internal references such as guide:<id>"
        if lowered.startswith(("markdown reads it as", "markdown gives")):
            return "unsafe-html", "text fields hold paragraphs, lists, emphasis and [text](link) only"
        if lowered.startswith("is ") and " characters long;" in lowered:
            return "too-long", "split the text into several paragraphs or items"
        if lowered.startswith(("contains the invisible", "contains the control character")):
            return "hidden-character", "retype the text; it may have been pasted with hidden formatting"
        if "reviewer comment" in lowered:
            return "editorial-note", "editorial notes belong in editorial_notes, which are never published"
        if "html" in lowered or "attribute list" in lowered:
            return "unsafe-html", "write Markdown, not HTML"
        if "scheme" in lowered or "javascript" in lowered:
            return "unsafe-url", "link to https:// addresses or to internal references such as guide:<id>"
        if "character" in lowered:
            return "hidden-character", "retype the text; it may have been pasted with hidden formatting"
        return "invalid-value", ""
    if kind in {"string_pattern_mismatch"}:
        pattern = str((error.get("ctx") or {}).get("pattern", ""))
        if pattern.startswith("^https"):  # an address field (models.common.Url, models.locality.HttpsUrl)
            return "invalid-value", "give a full address starting https://, with no spaces, e.g. https://www.example.org/page"
        if pattern.startswith("^\\+?[0-9]"):  # models.locality.PhoneNumber
            return "invalid-value", "write the number as people dial it: digits and single spaces, e.g. 01632 960 001"
        return "invalid-value", "ids are lower-case words joined by hyphens, e.g. making-a-referral"
    if kind in {"enum", "literal_error", "union_tag_invalid"}:
        return "invalid-choice", "use one of the values listed in the message"
    if kind in {"too_short", "string_too_short"}:
        return "empty", "this needs at least one entry"
    if kind in {"too_long", "string_too_long"}:
        limit = (error.get("ctx") or {}).get("max_length")
        if kind == "string_too_long" and isinstance(limit, int) and limit > 500:  # a Markdown field
            return "too-long", f"split the text into several paragraphs or items (at most {limit:,} characters each)"
        return "too-long", "shorten it; titles and labels are plain text of at most 500 characters"
    if kind == "union_tag_not_found":
        return "missing-field", "add 'type:' to say what kind of block this is"
    return "wrong-type", "check the value's type (text in quotes, lists with '-', dates as YYYY-MM-DD)"


def _message(error: dict[str, Any]) -> str:
    loc = ".".join(str(p) for p in error["loc"]) or "(top level)"
    msg = str(error["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if error["type"] == "extra_forbidden":
        return f"unknown key '{error['loc'][-1]}'"
    if error["type"] == "missing":
        return f"missing required field '{loc}'"
    return f"{loc}: {msg}"


def report_validation(doc: Document, exc: ValidationError, report: Report, rel: Path) -> None:
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        line, col = doc.position(loc)
        code, hint = _code_for(error)
        report.add(rel, line, col, code, _message(error), hint)


def read_document(path: Path, root: Path, report: Report, raw: bytes | None = None) -> Document | None:
    rel = _rel(path, root)
    try:
        return parse(path, raw)
    except YamlProblem as problem:
        report.add(rel, problem.line, problem.col, problem.code, problem.message, problem.hint)
    except OSError as exc:
        report.add(rel, 1, 1, "unreadable", f"cannot read the file: {exc.strerror}", "check the file's permissions")
    return None


def load_file(path: Path, model: type[M], root: Path, report: Report, cache: LoadCache | None = None,
              site: Site | None = None, markdown: MarkdownRules | None = None) -> tuple[Document | None, M | None]:
    """One file as its document and model, reporting what is wrong; from ``cache`` when its bytes are known.

    With ``site``, a file whose text could hold "[sic]" is noted in ``site.sic_files``.  ``markdown``: how the
    project's site reads Markdown fields (safe_text.MarkdownRules; default, the engine's own).
    """
    markdown = markdown or MarkdownRules.default()
    rel = _rel(path, root)
    try:
        raw = read_raw(path)
    except (YamlProblem, OSError):
        return read_document(path, root, report), None  # reports why it cannot be read
    if site is not None and site.sic_files is not None and (b"[sic]" in raw or b"\\" in raw):
        site.sic_files.add(rel)  # a backslash: a double-quoted escape could spell it
    if cache is None:
        doc = read_document(path, root, report, raw)
        return doc, (load_model(doc, model, report, rel, markdown) if doc is not None else None)
    key = cache.key(raw, model, str(rel), markdown.fingerprint)
    loaded = cache.get(key, path)
    if loaded is None:
        found = Report()
        doc = read_document(path, root, found, raw)
        loaded = Loaded(doc, load_model(doc, model, found, rel, markdown) if doc is not None else None, found.items)
        cache.put(key, loaded)
    report.items.extend(loaded.diagnostics)
    return loaded.document, loaded.model


def load_model(doc: Document, model: type[M], report: Report, rel: Path,
               markdown: MarkdownRules | None = None) -> M | None:
    if doc.data is None:
        report.add(rel, 1, 1, "empty-file", "the file is empty", "add the item's fields, or delete the file")
        return None
    if not isinstance(doc.data, dict):
        report.add(rel, 1, 1, "wrong-type", "the file must hold a mapping (key: value lines) at the top level")
        return None
    try:
        return model.model_validate(doc.data, context=markdown_context(markdown))
    except ValidationError as exc:
        report_validation(doc, exc, report, rel)
        return None
    except RecursionError:
        report.add(rel, 1, 1, "too-deep", "the document is nested too deeply")
        return None


def _gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    """Run without the cyclic garbage collector, which loading gives nothing to collect.

    Loading builds a large, growing tree of live objects and no reference cycles; each
    automatic collection rescanned that tree, a fifth of a 1,000-guide site's load time.
    One-shot commands then freeze what was loaded (see ``freeze_loaded``).
    """

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


def freeze_loaded() -> None:
    """Exempt everything alive now (the loaded site) from later cyclic collections.

    For one-shot commands (check, build): validating, rendering and MkDocs would otherwise
    rescan the whole site in every full collection.  Objects are still freed by reference
    counting.  At most once per process, so a process that loads many sites (tests) never
    piles up frozen garbage; ``pathway serve`` does not call it.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()


@_gc_paused
def load_site(root: Path, locality: Path | None = None, cache: LoadCache | None = None,
              markdown: MarkdownRules | None = None) -> tuple[Site, Report]:
    """Load every content file under ``root``, and the locality profile; never raises for bad content.

    The profile is ``locality`` when given, else ``root/locality.yml`` if it exists.  With a
    ``cache``, files whose bytes were loaded before are not parsed again (``generator.load_cache``).
    ``markdown`` is how the project's site reads Markdown (``MarkdownRules.of(project.config)``), which
    the text checks follow; without it, the engine's own.
    """
    markdown = markdown or MarkdownRules.default()
    report = Report()
    site = Site(root=root, sic_files=set())
    if not root.is_dir():
        report.add(root, 1, 1, "no-content", f"the content folder {root} does not exist", "pass --data DIR")
        return site, report

    def single(name: str, model: type[M]) -> tuple[M | None, Document | None]:
        path = root / name
        if not path.exists():
            return None, None
        doc, item = load_file(path, model, root, report, cache, site, markdown)
        if doc is None:
            return None, None
        site.documents[_rel(path, root)] = doc
        return item, doc

    sources, _ = single("sources.yml", models.SourceList)
    _note_unloaded(site, root, "sources.yml", sources, ("source", "resource"), missing_counts=True)
    if sources:
        _index(site.sources, sources.sources, "source", root / "sources.yml", root, site, report)
    else:
        if not (root / "sources.yml").exists():
            report.add(_rel(root / "sources.yml", root), 1, 1, "missing-file", "sources.yml is missing",
                       "every content folder needs a bibliography")
    planned, _ = single("planned.yml", PlannedList)
    if planned:
        _index(site.planned, planned.planned, "planned", root / "planned.yml", root, site, report)
    _note_unloaded(site, root, "planned.yml", planned, ("planned",))
    site.pathway, _ = single("pathway.yml", models.Pathway)
    _note_unloaded(site, root, "pathway.yml", site.pathway, ("pathway", "tool:what-happens-next"))
    config, _ = single("site.yml", models.SiteConfig)
    if config is not None:
        site.config = config
    glossary, _ = single("glossary.yml", models.Glossary)
    _note_unloaded(site, root, "glossary.yml", glossary, ("glossary",))
    if glossary:
        site.glossary = glossary
        seen: dict[str, int] = {}
        for index, term in enumerate(glossary.terms):
            if term.id in seen:
                doc = site.documents[_rel(root / "glossary.yml", root)]
                line, col = doc.position(("terms", index, "id"))
                report.add(_rel(root / "glossary.yml", root), line, col, "duplicate-id",
                           f"the glossary term id '{term.id}' is used twice", "ids must be unique")
            seen[term.id] = index

    for folder, model in FOLDERS.items():
        target: dict[str, Any] = getattr(site, folder)
        directory = root / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.iterdir()):
            if path.suffix not in {".yml", ".yaml"} or path.name.startswith("."):
                continue
            rel = _rel(path, root)
            doc, item = load_file(path, model, root, report, cache, site, markdown)
            if doc is None or item is None:
                _note_unloaded_item(site, folder, path.stem, rel, doc)
            if doc is None:
                continue
            site.documents[rel] = doc
            if item is None:
                continue
            item_id = item.id
            if item_id != path.stem:
                line, col = doc.position(("id",))
                report.add(rel, line, col, "id-filename",
                           f"the id '{item_id}' does not match the file name '{path.name}'",
                           f"rename the file to {item_id}{path.suffix} or change the id")
            if item_id in target:
                line, col = doc.position(("id",))
                report.add(rel, line, col, "duplicate-id", f"the id '{item_id}' is already used by {site.files[(folder, item_id)]}",
                           "ids must be unique within their type")
                continue
            target[item_id] = item
            site.files[(folder, item_id)] = rel
    from .locality import load_locality

    load_locality(site, report, locality, cache, functools.partial(load_file, markdown=markdown))
    if cache is not None:
        cache.prune()
    return site, report


# The reference kind of each folder's items (checklists are referred to through the tool they power).
REF_KINDS = {"guides": "guide", "cases": "case", "learning": "learning", "checklists": "checklist"}
TOOL_OF_CHECKLIST = {"referral-content": "tool:referral-checklist"}


def _note_unloaded(site: Site, root: Path, name: str, loaded: object, keys: tuple[str, ...],
                   missing_counts: bool = False) -> None:
    """Record a list file that exists but failed to load (or, with ``missing_counts``, is missing)."""
    path = root / name
    if loaded is None and (path.exists() or missing_counts):
        for key in keys:
            site.unloaded[key] = _rel(path, root)


def _note_unloaded_item(site: Site, folder: str, stem: str, rel: Path, doc: Document | None) -> None:
    """Record an item file that failed to load, under its file name's id and the id it declares."""
    kind = REF_KINDS[folder]
    ids = {stem}
    if doc is not None and isinstance(doc.data, dict) and isinstance(doc.data.get("id"), str):
        ids.add(doc.data["id"])
    for item_id in ids:
        site.unloaded.setdefault(f"{kind}:{item_id}", rel)
        if kind == "checklist" and item_id in TOOL_OF_CHECKLIST:
            site.unloaded.setdefault(TOOL_OF_CHECKLIST[item_id], rel)


def _index(target: dict[str, Any], items: list[Any], kind: str, path: Path, root: Path, site: Site, report: Report) -> None:
    rel = _rel(path, root)
    doc = site.documents.get(rel)
    list_key = "sources" if kind == "source" else "planned"
    for index, item in enumerate(items):
        if item.id in target:
            line, col = doc.position((list_key, index, "id")) if doc else (1, 1)
            report.add(rel, line, col, "duplicate-id", f"the {kind} id '{item.id}' is used twice", "ids must be unique")
            continue
        target[item.id] = item
        site.files[(kind, item.id)] = rel
