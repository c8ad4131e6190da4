"""Widget data exported as JSON at build time: the browser never parses YAML.

References are turned into site-relative URLs here, once, so the widget core
(which runs in Pyodide) needs no knowledge of the content model.
"""

from __future__ import annotations

import json
from typing import Any

from . import urls
from .load import Site
from .models.common import REF_PATTERN, LineRange, line_ranges
from .site_memo import per_site
from .walk import sections as walk_sections

_LINK = __import__("re").compile(r"\]\(\s*(" + REF_PATTERN.pattern + r")\s*\)")


def _with_urls(value: Any, site: Site) -> Any:
    """Rewrite internal references in a JSON dump to site-root URLs and add citation hrefs."""
    if isinstance(value, dict):
        out = {key: _with_urls(item, site) for key, item in value.items()}
        if set(value) >= {"source"} and "section" in value and value.get("source") in site.sources:
            out["href"] = urls.url(citation_ref(site, value["source"], value.get("lines")))
            out["source_title"] = site.sources[value["source"]].title
        if isinstance(value.get("guide"), str) and REF_PATTERN.fullmatch(value["guide"]):
            out["guide_href"] = urls.url(value["guide"])
            out["guide_title"] = urls.title_of(site, value["guide"])
        return out
    if isinstance(value, list):
        return [_with_urls(item, site) for item in value]
    if isinstance(value, str):
        return _LINK.sub(lambda m: "](" + urls.url(m.group(1)) + ")", value)
    return value


def citation_ref(site: Site, source_id: str, lines: str | None) -> str:
    """The most specific page for a citation: the guide section converted from those lines.

    A checklist item citing lines 123-124 of the referral guide's source links to
    the section of the guide that holds those lines, not just to the bibliography.
    """
    ranges = line_ranges(lines)
    if ranges:
        line = ranges[0].first
        for guide_id, sections in _sections_by_source(site).get(source_id, ()):
            best = None
            for section_id, cited, depth in sections:  # page order: the deepest, and of those the last, wins
                if any(part.first <= line <= part.last for part in cited) and (best is None or depth >= best[1]):
                    best = (section_id, depth)
            if best is not None:
                return f"guide:{guide_id}#{best[0]}"
    return f"source:{source_id}"


@per_site
def _sections_by_source(site: Site) -> dict[str, list[tuple[str, list[tuple[str, list[LineRange], int]]]]]:
    """Source id → each guide converted from it, with its sections' (id, cited line ranges, depth) in page order.

    Built once per site: every citation of the checklists and the pathway is looked up
    here, and scanning every guide for each one grew with the site (a million steps at 1,000 guides).
    Each section's lines are read into ranges here, once, not again for every citation looked up.
    """
    index: dict[str, list[tuple[str, list[tuple[str, list[LineRange], int]]]]] = {}
    for guide in site.guides.values():
        sections = [(at.section.id, line_ranges(at.section.cite.lines), at.depth) for at in walk_sections(guide)]
        index.setdefault(guide.source.source, []).append((guide.id, sections))
    return index


@per_site
def widget_data(site: Site) -> dict[str, Any]:
    """The checklists' and the pathway's data as the widgets read it (the tool pages, the walker links on the
    pathway page and the exported JSON all use it; worked out once per Site, and never changed by its readers)."""
    data: dict[str, Any] = {"checklists": {}, "pathway": None}
    for checklist_id, checklist in site.checklists.items():
        dumped = _with_urls(checklist.model_dump(mode="json", exclude={"editorial_notes", "changes"}), site)
        for entry, text_check in zip(dumped["text_checks"], checklist.text_checks, strict=True):
            # A prompt names the guide section it quotes by reference too, as widgets.textchecks shows it.
            entry["cite"]["ref"] = citation_ref(site, text_check.cite.source, text_check.cite.lines)
        data["checklists"][checklist_id] = dumped
    if site.pathway:
        data["pathway"] = _with_urls(site.pathway.model_dump(mode="json", exclude={"editorial_notes"}), site)
    from .locality import attach_to_widget_data

    return attach_to_widget_data(site, data)


def extra_files(site: Site, renderer: Any) -> dict[str, str | bytes]:
    data = widget_data(site)
    files: dict[str, str | bytes] = {}
    for checklist_id, checklist in data["checklists"].items():
        files[f"data/checklists/{checklist_id}.json"] = json.dumps(checklist, ensure_ascii=False, sort_keys=True)
    if data["pathway"]:
        files["data/pathway.json"] = json.dumps(data["pathway"], ensure_ascii=False, sort_keys=True)
    if site.pathway:
        from .diagram import render_svg

        files["pathway/diagram.svg"] = render_svg(site.pathway)
    if data["checklists"] or data["pathway"]:  # a site with a widget ships the runtime; one without ships none of it
        from .runtime import pyodide_files, pyodide_notice, widgets_zip

        files.update(pyodide_files())
        files.update(pyodide_notice())  # MPL 2.0: the runtime's licence and source, beside it
        files["assets/widgets/widgets.zip"] = widgets_zip()
    return files
