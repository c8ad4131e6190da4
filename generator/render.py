"""Rendering the validated Site into Markdown pages (and the navigation).

Pure: takes a Site, returns ``{path relative to docs/: text}``.  Writing,
building and swapping are ``generator.build``'s job, which keeps this module
golden-file testable.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import jinja2

from . import changes, embeds, locality, urls
from .load import Site
from .markdown_out import admonition_title, attr, front_matter, indent, link_destination, markdown, plain
from .models.case import QUESTION_AUDIENCE_LABELS, THEME_LABELS, QuestionAudience, Theme
from .models.common import AUDIENCE_LABELS, REF_PATTERN, Audience, Nation

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


_SYNTAX = {"keep_trailing_newline": True, "trim_blocks": True, "lstrip_blocks": True}


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates kept between runs (Jinja's per-user temp folder), a third of a small build's rendering.

    Jinja re-compiles when a template's text changes; the file names carry a digest of
    the syntax options and Jinja's version, so changing either never reuses stale code.
    """
    import hashlib

    digest = hashlib.sha256(repr((sorted(_SYNTAX.items()), jinja2.__version__)).encode()).hexdigest()[:16]
    try:
        return jinja2.FileSystemBytecodeCache(pattern=f"__pathway_{digest}_%s.cache")
    except (OSError, RuntimeError):  # no usable temp folder: compile every time, as before
        return None


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=False,  # output is Markdown; every value passes its context's function (generator.markdown_out)
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # one environment per Renderer (per build): no file stat on every page rendered
        bytecode_cache=_bytecode_cache(),
        **_SYNTAX,
    )
    env.filters.update(
        plain=plain,
        attr=attr,
        admonition_title=admonition_title,
        front_matter=front_matter,
        url=link_destination,
        indent4=lambda text: indent(text, 4),
        indent_list=lambda text: indent(text, 4).lstrip() if text else "",
        date=lambda d: d.strftime("%-d %B %Y") if isinstance(d, dt.date) else str(d),
        audience_label=lambda a: AUDIENCE_LABELS[Audience(a)],
        nation_label=lambda n: Nation(n).value.capitalize(),
        theme_label=lambda t: THEME_LABELS[Theme(t)],
    )
    return env


def _destination(ref: str, page: str) -> str:
    """A link destination for a ``Ref | Url`` field: an internal reference's relative link, or the safe URL."""
    return urls.link(ref, page) if REF_PATTERN.fullmatch(ref) else link_destination(ref)


class Renderer:
    """Renders every page of one Site."""

    def __init__(self, site: Site, local: dict[str, Any] | None = None,
                 public: embeds.PublicSite | None = None) -> None:
        self.site = site
        self.nav_grouped = False  # set by nav(): a long section was split into groups
        self.env = _env()
        self.local = local or {}
        # Absolute URLs for embed snippets and handouts: the build passes the project's; the renderer itself
        # reads no configuration file, so what it renders depends only on its arguments.
        self.public = public or embeds.PublicSite(name="Pathway", url=embeds.DEFAULT_SITE_URL)
        self.raw_html_from_source = False  # set from the engine: how relative URLs in raw HTML resolve

    # -- helpers exposed to templates, bound to the page being rendered ----
    def _globals(self, page: str) -> dict[str, Callable[..., Any] | Any]:
        site = self.site
        stages = {s.id: s for s in site.pathway.stages} if site.pathway else {}
        nodes = {n.id: n for n in site.pathway.nodes} if site.pathway else {}
        return {
            "md": lambda text: markdown(text, page),
            "ref": lambda ref: _destination(ref, page),
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
            "local_panel": self._local_panel,
            "history": changes.history,  # "Last updated" and the full page history (generator.changes)
            "embed": embeds.TemplateHelpers(self.public, page, self.raw_html_from_source),
            "statutory": lambda references: locality.statutory_references(site, references),
            "locality_note": lambda: self.render(
                "_locality_note.md.j2", page, summary=locality.summary(site), url=link_destination,
                references=locality.site_statutory_references(site),
            ).strip(),
        }

    def _local_panel(self, fact_ids: list[str]) -> str:
        """The "In <area>" panel beside a section (generator.locality; templates/_local_panel.md.j2)."""
        block = locality.block(self.site, fact_ids)
        if block is None:
            return ""
        return self.env.get_template("_local_panel.md.j2").render(block=block, url=link_destination).rstrip()

    def _attribution(self, source_id: str, page: str) -> str:
        source = self.site.sources.get(source_id)
        if source is None:
            return plain(source_id)
        date = "not dated" if source.date == "undated" else source.date
        return (f"*{plain(source.title)}*, {plain(source.publisher)} ({plain(date)}). "
                f"{markdown(source.attribution, page)}")

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
            out[page] = self.render("guide.md.j2", page, guide=guide, tools=guide_tools(site, guide))
        cases = sorted(site.cases.values(), key=lambda c: (c.source.source, c.number))
        for case in cases:
            page = urls.page_path("case", case.id)
            out[page] = self.render("case.md.j2", page, case=case)
        out.update(embeds.case_embed_pages(self, cases))
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
                question_audiences=list(QUESTION_AUDIENCE_LABELS.items()), themes=used_themes,
            )
        if site.learning:
            out["learning/index.md"] = self.render(
                "learning_index.md.j2", "learning/index.md", items=list(site.learning.values())
            )
        if site.pathway:
            from .diagram import diagram_size
            from .widget_pages import walker_links

            nodes_by_stage: dict[str, list[Any]] = defaultdict(list)
            for node in site.pathway.nodes:
                nodes_by_stage[node.stage].append(node)
            out["pathway/index.md"] = self.render(
                "pathway.md.j2", "pathway/index.md", pathway=site.pathway, nodes_by_stage=nodes_by_stage, diagram=diagram_size(site.pathway),
                walker=walker_links(site, "pathway/index.md"),
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
        out.update(changes.pages(site, self.public))  # /updates/ and its Atom feed
        return out

    def _tool_pages(self) -> dict[str, str]:
        """The widget pages, pre-rendered at build time by the widgets' own Python (generator.widget_pages)."""
        from .widget_pages import tool_pages

        return tool_pages(self)

    def _all_items(self) -> list[Any]:
        return [item for _, item in self.site.items("guides", "cases", "learning", "checklists")]

    def _sics(self) -> list[str]:
        """Every place a source typo is kept with [sic], so readers know it is deliberate."""
        from .walk import walk

        found: list[str] = []
        marked = self.site.sic_files
        for rel, item in self.site.items("guides", "cases", "learning", "checklists"):
            # Walking every item was slow: walk only those whose file's text can hold the mark.
            if marked is not None and rel not in marked:
                continue
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
        stage_titles = {s.id: s.title for s in site.pathway.stages} if site.pathway else {}
        # Titles are Plain text, but MkDocs and Material put nav titles into the page as HTML: escape them.
        guide_entries = [(stage_titles.get(g.stage, "Other guides"),
                          {escape(g.title, quote=False): urls.page_path("guide", g.id)}) for g in guides]
        case_entries = [(c.issue, {escape(f"{c.number}. {c.title}", quote=False): urls.page_path("case", c.id)})
                        for c in cases]
        self.nav_grouped = max(len(guides), len(cases)) > NAV_GROUP_ABOVE
        nav: list[Any] = [
            {"Home": "index.md"},
            {"The response pathway": "pathway/index.md"},
            {"Tools": [{"What happens next": "tools/what-happens-next.md"},
                       {"Referral checklist": "tools/referral-checklist.md"}]},
            {"Practice guides": ["guides/index.md", *_grouped(guide_entries)]},
            {"Case studies": ["cases/index.md", "cases/questions.md", *_grouped(case_entries)]},
            {"Learning": ["learning/index.md",
                          *[{escape(b.title, quote=False): urls.page_path("learning", b.id)} for b in site.learning.values()]]},
            {"Glossary": "glossary.md"},
            {"Browse by role": "tags.md"},
            {"About": list(site.config.about_pages)},  # site.yml may name its own
        ]
        return [entry for entry in (_prune(e, available) for e in nav) if entry]


# A navigation section longer than this lists its pages in groups: guides under their pathway stage,
# case studies under their issue (and the build then turns on Material's navigation.prune).  MkDocs
# renders the whole navigation into every page, so one flat list of 1,000 guides made each page's HTML
# 70 KB gzipped and the engine 2.3 times slower (bench/RESULTS.md, "Engines side by side").
NAV_GROUP_ABOVE = 40


def _grouped(entries: list[tuple[str, dict[str, str]]]) -> list[Any]:
    """Navigation entries, each under its group's title when the section is long (groups in first-seen order)."""
    if len(entries) <= NAV_GROUP_ABOVE:
        return [entry for _, entry in entries]
    groups: dict[str, list[Any]] = {}
    for group, entry in entries:
        groups.setdefault(escape(group, quote=False), []).append(entry)
    return [{title: items} for title, items in groups.items()]


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


def guide_tools(site: Site, guide: Any) -> list[tuple[str, str]]:
    """The tools made from a guide's source (the referral checklist, the walker), linked from its page.

    The guide's own words never change, so the way from the guide to its tools
    is a line the page adds beside them.
    """
    from .urls import available_tools

    tools = available_tools(site)
    found: list[tuple[str, str]] = []
    if "referral-checklist" in tools and any(c.source.source == guide.source.source for c in site.checklists.values()):
        found.append(("Referral checklist: what your referral or call should say", "tool:referral-checklist"))
    if "what-happens-next" in tools and guide.source.source in _pathway_sources(site):
        found.append(("What happens next: walk through the steps and work out the dates", "tool:what-happens-next"))
    return found


def _pathway_sources(site: Site) -> set[str]:
    """The sources the pathway's nodes cite."""
    pathway = site.pathway
    if pathway is None:
        return set()
    return {cite.source for node in pathway.nodes for cite in node.cite}
