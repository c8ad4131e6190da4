"""Rendering the validated Site into Markdown pages (and the navigation).

Pure: takes a Site, returns ``{path relative to docs/: text}``.  Writing,
building and swapping are ``generator.build``'s job, which keeps this module
golden-file testable.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2

from . import urls
from .load import Site
from .markdown_out import attr, indent, markdown, plain
from .models.case import QUESTION_AUDIENCE_LABELS, THEME_LABELS, QuestionAudience, Theme
from .models.common import AUDIENCE_LABELS, Audience, Nation

TEMPLATES = Path(__file__).parent / "templates"
KIND_LABELS = {
    "situation": "Where you are",
    "question": "A question to answer",
    "action": "What to do",
    "timer": "A time limit",
    "outcome": "What happens next",
    "planned": "Guide not yet available",
    "context": "Context only (from reports, not practice guidance)",
}


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # output is Markdown; every value passes plain/md/attr
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        plain=plain,
        attr=attr,
        indent4=lambda text: indent(text, 4),
        indent_list=lambda text: indent(text, 4).lstrip() if text else "",
        date=lambda d: d.strftime("%-d %B %Y") if isinstance(d, dt.date) else str(d),
        audience_label=lambda a: AUDIENCE_LABELS[Audience(a)],
        nation_label=lambda n: Nation(n).value.capitalize(),
        theme_label=lambda t: THEME_LABELS[Theme(t)],
    )
    return env


class Renderer:
    """Renders every page of one Site."""

    def __init__(self, site: Site, local: dict[str, Any] | None = None) -> None:
        self.site = site
        self.env = _env()
        self.local = local or {}

    # -- helpers exposed to templates, bound to the page being rendered ----
    def _globals(self, page: str) -> dict[str, Callable[..., Any] | Any]:
        site = self.site
        stages = {s.id: s for s in site.pathway.stages} if site.pathway else {}
        nodes = {n.id: n for n in site.pathway.nodes} if site.pathway else {}
        return {
            "md": lambda text: markdown(text, page),
            "ref": lambda ref: urls.link(ref, page),
            "ref_title": lambda ref: urls.title_of(site, ref),
            "is_planned": lambda ref: ref.startswith("planned:"),
            "source_title": lambda sid: site.sources[sid].title if sid in site.sources else sid,
            "source_attribution": lambda sid: self._attribution(sid, page),
            "stage_title": lambda sid: stages[sid].title if sid in stages else sid.replace("-", " ").capitalize(),
            "node_title": lambda nid: nodes[nid].title if nid in nodes else nid,
            "audience_label": lambda a: AUDIENCE_LABELS[Audience(a)],
            "theme_label": lambda t: THEME_LABELS[Theme(t)],
            "question_audience_label": lambda a: QUESTION_AUDIENCE_LABELS[QuestionAudience(a)],
            "kind_label": lambda k: KIND_LABELS[k],
            "nation_label": lambda n: Nation(n).value.capitalize(),
            "local_panel": lambda facts: "",
        }

    def _attribution(self, source_id: str, page: str) -> str:
        source = self.site.sources.get(source_id)
        if source is None:
            return plain(source_id)
        date = "not dated" if source.date == "undated" else source.date
        text = f"*{plain(source.title)}*, {plain(source.publisher)} ({date}). {markdown(source.attribution, page)}"
        return text

    def render(self, template: str, page: str, **context: Any) -> str:
        tmpl = self.env.get_template(template)
        return tmpl.render(**self._globals(page), **context)

    # -- pages ----------------------------------------------------------------
    def pages(self) -> dict[str, str]:
        site = self.site
        out: dict[str, str] = {}
        for guide in site.guides.values():
            if guide.status != "published":
                continue
            page = urls.page_path("guide", guide.id)
            out[page] = self.render("guide.md.j2", page, guide=guide)
        cases = sorted(site.cases.values(), key=lambda c: (c.source.source, c.number))
        for case in cases:
            page = urls.page_path("case", case.id)
            out[page] = self.render("case.md.j2", page, case=case)
        for item in site.learning.values():
            page = urls.page_path("learning", item.id)
            out[page] = self.render("learning.md.j2", page, item=item)

        stages = site.pathway.stages if site.pathway else []
        guides_by_stage: dict[str, list[Any]] = defaultdict(list)
        for guide in site.guides.values():
            if guide.status == "published":
                guides_by_stage[guide.stage].append(guide)
        out["guides/index.md"] = self.render(
            "guides_index.md.j2", "guides/index.md", stages=stages, guides_by_stage=guides_by_stage,
            stage_planned=lambda stage: [g for g in stage.guides if g.startswith("planned:")],
        )
        if cases:
            used_themes = [t for t in Theme if any(t in c.themes for c in cases)]
            used_audiences = [a for a in Audience if any(a in c.audiences for c in cases)]
            out["cases/index.md"] = self.render(
                "cases_index.md.j2", "cases/index.md", cases=cases, themes=used_themes, audiences=used_audiences
            )
            out["cases/questions.md"] = self.render(
                "questions.md.j2", "cases/questions.md", cases=cases,
                question_audiences=list(QUESTION_AUDIENCE_LABELS.items()),
            )
        if site.learning:
            out["learning/index.md"] = self.render(
                "learning_index.md.j2", "learning/index.md", items=list(site.learning.values())
            )
        if site.pathway:
            nodes_by_stage: dict[str, list[Any]] = defaultdict(list)
            for node in site.pathway.nodes:
                nodes_by_stage[node.stage].append(node)
            out["pathway/index.md"] = self.render(
                "pathway.md.j2", "pathway/index.md", pathway=site.pathway, nodes_by_stage=nodes_by_stage, diagram=True
            )
        out.update(self._tool_pages())
        out["about/sources.md"] = self.render("sources.md.j2", "about/sources.md", sources=list(site.sources.values()))
        editorial = sum(len(getattr(item, "editorial_notes", [])) for item in self._all_items())
        out["about/content-status.md"] = self.render(
            "content_status.md.j2", "about/content-status.md",
            planned=list(site.planned.values()),
            flagged=[s for s in site.sources.values() if s.check_flag],
            sics=self._sics(),
            editorial_count=editorial,
        )
        if site.glossary.terms:
            terms = sorted(site.glossary.terms, key=lambda t: t.term.lower())
            out["glossary.md"] = self.render("glossary.md.j2", "glossary.md", terms=terms)
        return out

    def _tool_pages(self) -> dict[str, str]:
        """The widget pages, pre-rendered at build time by the widgets' own Python."""
        from widgets import render as widget_render

        from .exports import citation_ref, widget_data

        data = widget_data(self.site)
        out: dict[str, str] = {}
        checklists = data["checklists"]
        if "referral-content" in checklists:
            page = "tools/referral-checklist.md"
            modes = [checklists[cid] for cid in ("referral-content", "call-999-101") if cid in checklists]
            html = widget_render.render_checklist_page(modes)
            source = self.site.checklists["referral-content"].source
            guide_ref = citation_ref(self.site, source.source, source.lines)
            out[page] = self.render("tool_checklist.md.j2", page, widget_html=html, guide_ref=guide_ref)
        if data["pathway"]:
            page = "tools/what-happens-next.md"
            html = widget_render.render_walker(data["pathway"])
            out[page] = self.render("tool_walker.md.j2", page, widget_html=html)
        return out

    def _all_items(self) -> list[Any]:
        site = self.site
        items: list[Any] = [*site.guides.values(), *site.cases.values(), *site.learning.values(), *site.checklists.values()]
        if site.pathway:
            items.append(site.pathway)
        return items

    def _sics(self) -> list[str]:
        """Every place a source typo is kept with [sic], so readers know it is deliberate."""
        from .validate import walk

        found: list[str] = []
        for item in self._all_items():
            title = getattr(item, "title", "")
            for loc, value in walk(item):
                if "editorial_notes" in loc:
                    continue
                if isinstance(value, str) and "[sic]" in value:
                    start = max(0, value.index("[sic]") - 60)
                    snippet = value[start : value.index("[sic]") + 5].replace("\n", " ")
                    found.append(f"*{plain(title)}*: a source typo is kept as printed, marked [sic] (“…{plain(snippet)}”).")
        return found

    def nav(self, available: set[str]) -> list[Any]:
        """Navigation generated from the content, in pathway order; only pages that exist."""
        site = self.site
        guides = [g for g in site.guides.values() if g.status == "published"]
        stage_order = {s.id: i for i, s in enumerate(site.pathway.stages)} if site.pathway else {}
        guides.sort(key=lambda g: (stage_order.get(g.stage, 99), g.title))
        cases = sorted(site.cases.values(), key=lambda c: (c.source.source, c.number))
        nav: list[Any] = [
            {"Home": "index.md"},
            {"The response pathway": "pathway/index.md"},
            {"Tools": [{"What happens next": "tools/what-happens-next.md"},
                       {"Referral checklist": "tools/referral-checklist.md"}]},
            {"Practice guides": ["guides/index.md", *[{g.title: urls.page_path("guide", g.id)} for g in guides]]},
            {"Case studies": ["cases/index.md", "cases/questions.md",
                              *[{f"{c.number}. {c.title}": urls.page_path("case", c.id)} for c in cases]]},
            {"Learning": ["learning/index.md",
                          *[{b.title: urls.page_path("learning", b.id)} for b in site.learning.values()]]},
            {"Glossary": "glossary.md"},
            {"Browse by role": "tags.md"},
            {"About": ["about/index.md", "about/sources.md", "about/content-status.md", "about/accessibility.md",
                       "about/privacy.md", "about/staying-safe-online.md"]},
        ]
        return [entry for entry in (_prune(e, available) for e in nav) if entry]


def _prune(entry: Any, available: set[str]) -> Any:
    """Drop navigation entries whose page does not exist (e.g. no case studies yet)."""
    if isinstance(entry, str):
        return entry if entry in available else None
    if isinstance(entry, list):
        kept = [e for e in (_prune(x, available) for x in entry) if e]
        return kept or None
    (title, value), = entry.items()
    pruned = _prune(value, available)
    return {title: pruned} if pruned else None
