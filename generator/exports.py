"""Widget data exported as JSON at build time: the browser never parses YAML.

References are turned into site-relative URLs here, once, so the widget core
(which runs in Pyodide) needs no knowledge of the content model.
"""

from __future__ import annotations

import json
from typing import Any

from . import urls
from .load import Site
from .models.common import REF_PATTERN

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


def _first_line(lines: str | None) -> int | None:
    if not lines:
        return None
    return int(lines.replace(" ", "").split(",")[0].split("-")[0])


def _covers(lines: str | None, line: int) -> bool:
    for part in (lines or "").replace(" ", "").split(","):
        if not part:
            continue
        first, _, last = part.partition("-")
        if int(first) <= line <= int(last or first):
            return True
    return False


def citation_ref(site: Site, source_id: str, lines: str | None) -> str:
    """The most specific page for a citation: the guide section converted from those lines.

    A checklist item citing lines 123-124 of the referral guide's source links to
    the section of the guide that holds those lines, not just to the bibliography.
    """
    line = _first_line(lines)
    if line is not None:
        for guide in site.guides.values():
            if guide.source.source != source_id:
                continue
            best = None
            stack = [(section, 0) for section in guide.sections]
            while stack:
                section, depth = stack.pop()
                if _covers(section.cite.lines, line) and (best is None or depth > best[1]):
                    best = (section, depth)
                stack.extend((sub, depth + 1) for sub in section.subsections)
            if best is not None:
                return f"guide:{guide.id}#{best[0].id}"
    return f"source:{source_id}"


def widget_data(site: Site) -> dict[str, Any]:
    data: dict[str, Any] = {"checklists": {}, "pathway": None}
    for checklist_id, checklist in site.checklists.items():
        data["checklists"][checklist_id] = _with_urls(checklist.model_dump(mode="json", exclude={"editorial_notes"}), site)
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
        from .runtime import pyodide_files, widgets_zip

        for rel, path in pyodide_files().items():
            files[rel] = path.read_bytes()
        files["assets/widgets/widgets.zip"] = widgets_zip()
    return files
