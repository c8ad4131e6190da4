"""Build: load → validate → render → MkDocs → swap into place.

The generator runs *before* MkDocs (not as a plugin) so its output is plain
Markdown that can be diffed, golden-tested and built by any engine that reads
``mkdocs.yml`` (MkDocs + Material or Zensical: ``generator/engines.py`` holds
what differs).  Generated files live in a git-ignored work folder
(``.pathway/``); a file is rewritten only when its text changed, so the
engine's watcher and caches see the minimum.  The engine builds into a temporary
folder that replaces ``site/`` only on success: a failed build never damages
the last good site.
"""

from __future__ import annotations

import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import csp as content_security_policy
from . import engines
from .compress import precompress
from .diagnostics import BuildFailed  # BuildFailed is defined below every stage (the audit raises it too)
from .load import Site
from .load_cache import LoadCache
from .project import Project, find
from .publishing import ROBOTS_FILE, robots_txt
from .safe_text import MarkdownRules
from .yaml_source import SAFE_DUMPER, SAFE_LOADER

#: Theme features that rewrite the address bar as the reader scrolls (see generate()).
ADDRESS_REWRITING_FEATURES = frozenset({"navigation.tracking"})

DOCS_DIR = "docs"  # the generated docs folder, inside the work folder beside the generated mkdocs.yml


@dataclass
class BuildResult:
    out: Path
    pages: int
    changed: list[str]


@dataclass
class Generated:
    """What the generator wrote into the work folder."""

    config: Path
    docs: Path
    changed: list[str]
    pages: int


@contextmanager
def build_fails_on(*errors: type[Exception]) -> Iterator[None]:
    """Turn a stage's own failure (the engine not installed or refusing the site, a loopback address for a
    published site) into one BuildFailed line: the command prints it, and the author sees no traceback."""
    try:
        yield
    except errors as failure:
        raise BuildFailed(str(failure)) from None


def load_and_check(data: Path, strict: bool = False, locality: Path | None = None,
                   cache: LoadCache | None = None, docs: Path | None = None,
                   markdown: MarkdownRules | None = None) -> Site:
    """Load and validate; ``docs`` is the project's hand-written pages (``page:`` references resolve to them),
    ``markdown`` how its site reads Markdown (the text checks follow it); both default to the project
    ``generator.project.find`` gives for ``data``."""
    from .load import load_site
    from .validate import validate_site

    if docs is None or markdown is None:
        project = find(content=data)
        docs = project.docs if docs is None else docs
        markdown = MarkdownRules.of(project.config) if markdown is None else markdown
    site, report = load_site(data, locality, cache, markdown)
    report.extend(validate_site(site, docs_dir=docs))
    if report.failed(strict):
        raise BuildFailed(f"{len(report.errors)} content error(s)", report)
    return site


def write_if_changed(path: Path, text: str | bytes) -> bool:
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True


def generate(site: Site, work: Path, project: Project | None = None, site_url: str | None = None,
             live_reload: bool = False, engine: str | None = None, runtime: Path | None = None) -> Generated:
    """Write the docs folder and the ``mkdocs.yml`` the chosen engine will build from.

    ``project`` gives the hand-written pages, the configuration and the theme (default: the project of
    the current folder); what it does not provide, such as the site's own scripts, comes from the engine.
    """
    from .runtime import located

    project = project or find()
    if not project.config.is_file():
        raise BuildFailed(f"{project.config} is missing: a project needs its engine configuration "
                          "(`pathway new DIR` writes one)")
    if not (project.docs / "index.md").is_file():
        raise BuildFailed(f"{project.docs / 'index.md'} is missing: a project needs its hand-written home page "
                          "(`pathway new DIR` writes one)")
    with located(project, runtime):  # Pyodide and the widgets' browser files this site ships
        return _generate(site, work, project, site_url, live_reload, engine)


def _generate(site: Site, work: Path, project: Project, site_url: str | None, live_reload: bool,
              engine: str | None) -> Generated:
    from .embeds import oembed_files, public_site
    from .exports import extra_files
    from .locality import apply_to_config as apply_locality
    from .locality import public_overrides
    from .locality import site_files as locality_files
    from .markdown_out import hand_written as resolve_hand_written
    from .render import Renderer
    from .validate import Resolver, hand_written_pages

    with build_fails_on(engines.EngineFailed):
        chosen = engines.engine(engine)
    renderer = Renderer(site, public=public_site(project.config, site_url, public_overrides(site)))  # local site title
    renderer.raw_html_from_source = chosen.raw_html_from_source
    resolver = Resolver(site, hand_written_pages(project.docs))
    files: dict[str, str | bytes] = {}
    # The engine's site files first; the project's own docs/ (its pages, and any asset it overrides) on top.
    for rel, path in project.asset_files().items():
        files[rel] = path.read_bytes()
    files[ROBOTS_FILE] = robots_txt(renderer.public.absolute("sitemap.xml"))  # docs/robots.txt replaces it
    hand_written = project.docs
    for path in sorted(hand_written.rglob("*")):
        if not path.is_file() or "decisions" in path.relative_to(hand_written).parts:
            continue
        rel = path.relative_to(hand_written).as_posix()
        if rel in files:  # an asset: asset_files() already chose between the project's and the engine's
            continue
        if path.suffix == ".md":
            text = path.read_text(encoding="utf-8")
            files[rel] = resolve_hand_written(text, rel, lambda ref: resolver.problem(ref) is None)
        else:
            files[rel] = path.read_bytes()
    pages = renderer.pages()
    files.update(pages)
    files.update(extra_files(site, renderer))
    files.update(locality_files(site))  # the locality profile's logo
    files.update(oembed_files(site, renderer.public))
    docs = work / DOCS_DIR
    changed = [rel for rel, text in files.items() if write_if_changed(docs / rel, text)]
    # Remove files the content no longer produces (a deleted guide must disappear).
    for path in sorted(docs.rglob("*"), reverse=True):
        rel = path.relative_to(docs).as_posix()
        if path.is_file() and rel not in files:
            path.unlink()
            changed.append(rel)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    available = {rel for rel in files if rel.endswith(".md")}
    config = _config(project, work, renderer.nav(available), site_url)
    features = config.setdefault("theme", {}).setdefault("features", [])
    # Material's anchor tracking rewrites the address's #fragment as the reader scrolls (to the heading in
    # view, or to nothing at the top of the page).  The walker keeps a person's answers there (#e=…&a=…)
    # and a case study its #session: one scroll wiped them, so a copied or reloaded address lost the walk.
    # The engine drops the feature whatever a project's mkdocs.yml asks.
    features[:] = [feature for feature in features if feature not in ADDRESS_REWRITING_FEATURES]
    if renderer.nav_grouped and "navigation.prune" not in features:
        features.append("navigation.prune")  # a long section is in groups: each page carries only its own group
    apply_locality(site, config)  # the profile's site title, logo and quick-exit destination
    with build_fails_on(engines.EngineFailed):
        chosen.configure(config)  # the engine's own keys, and which search markup and plugin key the templates use
        style_hashes = chosen.inline_style_hashes()
    # The CSP meta tag overrides/main.html renders, allowing by hash only the stylesheets the engine's own script inserts.
    content_security_policy.configure(config, live_reload, style_hashes=style_hashes)
    config_path = work / "mkdocs.yml"
    write_if_changed(config_path, yaml.dump(config, Dumper=SAFE_DUMPER, sort_keys=False, allow_unicode=True))
    return Generated(config_path, docs, changed, sum(1 for rel in files if rel.endswith(".md")))


def _config(project: Project, work: Path, nav: list[Any], site_url: str | None) -> dict[str, Any]:
    base = yaml.load(project.config.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    # Relative to the generated mkdocs.yml, which sits beside it: MkDocs resolves it the same as an absolute
    # path, and Zensical requires the docs (and the site) inside the configuration's folder.
    base["docs_dir"] = DOCS_DIR
    base["nav"] = nav
    theme = base.setdefault("theme", {})
    own = (project.config.parent / theme["custom_dir"]).resolve() if "custom_dir" in theme else project.overrides
    theme["custom_dir"] = str(_theme(project, own, work))
    if site_url:
        base["site_url"] = site_url
    return base


def _theme(project: Project, own: Path, work: Path) -> Path:
    """The theme overrides MkDocs uses: the engine's, with the project's own files on top, file by file.

    One layer (a project without overrides, or this repository, whose overrides are the engine's) is used
    where it is; two are merged into ``work/theme`` (rewritten only where a file changed).
    """
    layers = [project.engine.overrides]
    if own.is_dir() and own != project.engine.overrides.resolve():
        layers.append(own)
    if len(layers) == 1:
        return layers[0].resolve()
    merged = work / "theme"
    files: dict[str, Path] = {}
    for layer in layers:
        files.update({path.relative_to(layer).as_posix(): path for path in sorted(layer.rglob("*")) if path.is_file()})
    for rel, path in files.items():
        write_if_changed(merged / rel, path.read_bytes())
    for path in sorted(merged.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(merged).as_posix() not in files:
            path.unlink()
    return merged


def run_mkdocs(config: Path, site_dir: Path, strict: bool = True) -> None:
    """MkDocs alone (the benchmarks time it phase by phase); builds go through :func:`run_engine`."""
    with build_fails_on(engines.EngineFailed):
        engines.MkDocsEngine().build(config, site_dir, strict=strict)


def run_engine(config: Path, site_dir: Path, engine: str | None = None) -> None:
    """Build ``config`` into ``site_dir`` with the chosen engine; its failure becomes one BuildFailed line."""
    with build_fails_on(engines.EngineFailed):
        engines.build(config, site_dir, engine)


def build(data: Path, out: Path, strict: bool = False, work: Path | None = None, project: Project | None = None,
          site_url: str | None = None, locality: Path | None = None, cache: bool = True,
          engine: str | None = None, runtime: Path | None = None, preview: bool = True) -> BuildResult:
    """Validate, generate into ``work`` and build into ``out`` with ``engine`` (default MkDocs + Material).

    ``cache`` reuses unchanged files' loads.  ``project`` defaults to the one holding ``data``
    (generator.project.find); ``runtime`` names Pyodide's folder when it is not in the project's
    node_modules.  ``preview=False`` (``pathway build`` without ``--preview``) refuses a ``site_url``
    only this machine can reach (generator.publishing).
    """
    project = project or find(content=data)
    work = work or project.work
    with build_fails_on(engines.EngineFailed):
        engines.engine(engine).require()  # before any work: "not installed" is one line, not a traceback
    site = load_and_check(data, strict, locality, LoadCache.default(work) if cache else None, docs=project.docs,
                          markdown=MarkdownRules.of(project.config))
    if not preview:  # after the content check, so an author sees the content's errors first
        from .publishing import LoopbackSiteUrl, published_url

        with build_fails_on(LoopbackSiteUrl):
            site_url = published_url(project.config, site_url, preview=False)
    from .load import freeze_loaded

    freeze_loaded()  # one build per call: rendering and MkDocs need not rescan the loaded site
    generated = generate(site, work, project, site_url, engine=engine, runtime=runtime)
    from . import audit

    origins = audit.content_origins(site)  # page -> content file, for located audit errors
    # The engine reads the files, not the models: free them first (a third of the peak at 1,000 guides).
    # The renderer that held them is cyclic garbage, so one collection (cheap: the site is frozen) frees it.
    del site
    gc.collect()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        run_engine(generated.config, staging, engine)
        audit.enforce(staging, origins, generated.config)  # every page parsed; unsafe markup fails the build
        precompress(staging, previous=out)  # .br and .gz beside each compressible file (generator/compress.py)
        _swap(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, generated.pages, generated.changed)


def _swap(new: Path, out: Path) -> None:
    """Replace ``out`` with ``new`` so that at every moment one complete site exists."""
    old = out.with_name(f".{out.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if out.exists():
        os.replace(out, old)
    os.replace(new, out)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)
