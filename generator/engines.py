"""The engines that turn the generated docs folder into a site: the one place that knows how they differ.

The generator writes engine-neutral Markdown and one ``mkdocs.yml`` (ADR 0001), so the site does not
depend on one engine staying maintained.  Two engines build it:

* **MkDocs 1.6 + Material for MkDocs** (the default): Material reaches end of life in May 2027;
* **Zensical**, Material's authors' successor, which reads the same ``mkdocs.yml`` but runs no MkDocs
  plugins or hooks.

Everything that differs between them lives here, behind a narrow interface the rest of the code uses:
:meth:`Engine.configure` (the engine's keys in the generated configuration), :meth:`Engine.build`
(``config`` into ``site_dir``), :meth:`Engine.serve_command` and :meth:`Engine.search_index`.
What differs, and why each difference is handled as it is:

==========================  ===============================  =========================================
                            MkDocs + Material                Zensical 0.0.73
==========================  ===============================  =========================================
search plugin key           ``material/search``              ``search`` (the prefix is stripped)
search index                ``search/search_index.json``,    ``search.json``, ``{config, items}``
                            ``{config, docs, …}``
search markup               Material's dialog                a button; results in a shadow root whose
                                                             ``<style>`` the CSP allows by its hash
``theme.palette``           kept as a mapping                made a list, so the header includes the
                                                             palette script (a file here, not inline)
site folder                 anywhere (``--site-dir``)        inside the configuration's folder
strict                      ``--strict``: warnings fail      a warning fails the build here, except
                                                             the walker's state links (see below)
``tags.json``,              written                          not written
``sitemap.xml.gz``
``serve``                   ``--livereload``, strict         no ``--strict``
==========================  ===============================  =========================================

**State links are not anchors.**  The pathway page links each step to the walker with the walker's
state in the fragment (``what-happens-next.md#e=…&a=…``).  MkDocs reports a missing anchor at the
configured level (``validation.anchors: info``: reported, never fatal).  Zensical has no "info": every
missing anchor is a warning, and a strict build stops.  Turning anchor validation off would hide a
real broken anchor too, so Zensical builds run non-strict and :func:`unexpected_warnings` fails the
build on every warning except a missing anchor whose fragment is walker state (it holds ``=``,
which no heading or element id the generator writes ever does).
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import logging
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

ZENSICAL_PIN = "0.0.73"  # 0.0.74 and later require zensical-ui, which the package index used here does not serve


class EngineFailed(Exception):
    """The engine could not build or serve the site; the message is one line an author can act on."""


class EngineMissing(EngineFailed):
    """The chosen engine is not installed."""


@dataclass(frozen=True)
class SearchEntry:
    """One search index entry, the same shape whichever engine wrote it."""

    location: str
    title: str
    text: str


class Engine:
    """What every engine provides.  Subclasses hold each engine's differences and nothing else."""

    name = ""
    label = ""
    #: The key the theme's templates find the search plugin under in ``config.plugins``.
    search_plugin = ""
    #: Which search markup overrides/partials/search.html renders.
    search_ui = ""
    #: The search index, relative to the built site.
    search_index_file = ""
    #: Whether the engine rewrites relative URLs in a page's raw HTML as if they were relative to its Markdown
    #: file (Zensical), or leaves them to resolve from the page's served, directory-style URL (MkDocs).
    raw_html_from_source = False

    def available(self) -> bool:
        raise NotImplementedError

    def version(self) -> str:
        raise NotImplementedError

    def configure(self, config: dict[str, Any]) -> None:
        """Set this engine's keys in the generated configuration (``extra.engine`` tells the templates)."""
        config.setdefault("extra", {})["engine"] = {"name": self.name, "search_plugin": self.search_plugin,
                                                    "search_ui": self.search_ui}

    def inline_style_hashes(self) -> tuple[str, ...]:
        """CSP source expressions for inline stylesheets the engine's own JavaScript inserts (none by default)."""
        return ()

    def build(self, config: Path, site_dir: Path) -> None:
        """Build the site described by ``config`` into ``site_dir`` (an empty folder), or raise EngineFailed."""
        raise NotImplementedError

    def serve_command(self, config: Path, host: str, port: int) -> list[str]:
        """The command line of the engine's development server with live reload."""
        raise NotImplementedError

    def search_index(self, site: Path) -> list[SearchEntry]:
        """Every entry of the built site's search index."""
        raise NotImplementedError

    def require(self) -> None:
        if not self.available():
            raise EngineMissing(f"{self.label} is not installed: install the project with its `{self.name}` extra "
                                f"(pip install -e '.[{self.name}]')")


class MkDocsEngine(Engine):
    name = "mkdocs"
    label = "MkDocs"
    search_plugin = "material/search"
    search_ui = "material"
    search_index_file = "search/search_index.json"

    def available(self) -> bool:
        return importlib.util.find_spec("mkdocs") is not None and importlib.util.find_spec("material") is not None

    def version(self) -> str:
        return f"MkDocs {metadata.version('mkdocs')} + Material {metadata.version('mkdocs-material')}"

    def build(self, config: Path, site_dir: Path, strict: bool = True) -> None:
        """In-process, with MkDocs' warnings collected so a failure says what went wrong."""
        from mkdocs import exceptions
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config

        messages: list[str] = []

        class Collect(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                if record.levelno >= logging.WARNING:
                    messages.append(record.getMessage())

        handler = Collect()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        try:
            cfg = load_config(config_file=str(config), site_dir=str(site_dir), strict=strict)
            mkdocs_build(cfg)
        except exceptions.MkDocsException as exc:
            detail = "; ".join(messages[-10:]) or str(exc)
            raise EngineFailed(f"MkDocs could not build the site: {detail}") from None
        finally:
            logger.removeHandler(handler)

    def serve_command(self, config: Path, host: str, port: int) -> list[str]:
        return [sys.executable, "-m", "mkdocs", "serve", "--config-file", str(config), "--dev-addr", f"{host}:{port}",
                "--livereload"]

    def search_index(self, site: Path) -> list[SearchEntry]:
        docs = json.loads((site / self.search_index_file).read_text(encoding="utf-8"))["docs"]
        return [SearchEntry(d["location"], d["title"], d["text"]) for d in docs]


# Zensical's search draws its results in a shadow root and styles them with a <style> element made from
# one string in its bundle: `<root>.appendChild(<h>("style",{},<NAME>.toString()))`, `var <NAME>='…'`.
_SHADOW_STYLE_USE = re.compile(r'attachShadow\(\{mode:"open"\}\);\w+\.appendChild\(\w+\("style",\{\},(\w+)\.toString\(\)\)')
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_WARNING = re.compile(r"^\s*Warning:\s*(.+?)\s*$")
_LOCATION = re.compile(r"\[\s*([^\[\]]+?):(\d+):(\d+)\s*\]")
_STATE_FRAGMENT = re.compile(r"[A-Za-z0-9_-]+=")
ZENSICAL_SITE_DIR = "zensical-site"  # inside the work folder: Zensical writes only inside its config's folder


class ZensicalEngine(Engine):
    name = "zensical"
    label = "Zensical"
    search_plugin = "search"
    search_ui = "zensical"
    search_index_file = "search.json"
    raw_html_from_source = True

    def available(self) -> bool:
        return importlib.util.find_spec("zensical") is not None

    def version(self) -> str:
        return f"Zensical {metadata.version('zensical')}"

    def configure(self, config: dict[str, Any]) -> None:
        super().configure(config)
        config.setdefault("theme", {})["variant"] = "classic"  # Material's look, not Zensical's "modern"
        config["site_dir"] = ZENSICAL_SITE_DIR
        config["strict"] = False  # strictness is ours: unexpected_warnings()

    def bundle(self) -> Path:
        """Zensical's JavaScript bundle, as installed."""
        spec = importlib.util.find_spec("zensical")
        if spec is None or spec.origin is None:
            raise EngineMissing("Zensical is not installed")
        found = sorted((Path(spec.origin).parent / "templates" / "assets" / "javascripts").glob("bundle.*.min.js"))
        if len(found) != 1:
            raise EngineFailed(f"expected one Zensical bundle, found {len(found)}")
        return found[0]

    def inline_style_hashes(self) -> tuple[str, ...]:
        """The hash of the search results' stylesheet, read from the installed bundle at build time.

        A hash allows that one stylesheet and nothing else: ``style-src`` stays ``'self'`` for every
        other <style> element and style attribute.  If a Zensical release changes how the stylesheet
        is made, the build stops here rather than ship a search that shows unstyled over the page.
        """
        return (shadow_style_hash(self.bundle().read_text(encoding="utf-8")),)

    def build(self, config: Path, site_dir: Path) -> None:
        """Build as a subprocess (Zensical's Rust core prints its warnings itself), then move the site over."""
        self.require()
        built = config.parent / ZENSICAL_SITE_DIR
        shutil.rmtree(built, ignore_errors=True)
        result = subprocess.run(self.build_command(config), cwd=config.parent, capture_output=True, text=True,
                                env={**os.environ, "NO_COLOR": "1"})
        output = _ANSI.sub("", result.stdout + result.stderr)
        try:
            if result.returncode != 0:
                last = [line.strip() for line in output.splitlines() if line.strip()][-1:] or ["no output"]
                raise EngineFailed(f"Zensical could not build the site (exit {result.returncode}): {last[0]}")
            problems = unexpected_warnings(output, config.parent / "docs")
            if problems:
                raise EngineFailed(f"Zensical could not build the site: {len(problems)} warning(s): "
                                   + "; ".join(problems[:10]))
            _move_contents(built, site_dir)
        finally:
            shutil.rmtree(built, ignore_errors=True)

    def build_command(self, config: Path) -> list[str]:
        return [sys.executable, "-m", "zensical", "build", "--config-file", str(config)]

    def serve_command(self, config: Path, host: str, port: int) -> list[str]:
        return [sys.executable, "-m", "zensical", "serve", "--config-file", str(config), "--dev-addr", f"{host}:{port}"]

    def search_index(self, site: Path) -> list[SearchEntry]:
        items = json.loads((site / self.search_index_file).read_text(encoding="utf-8"))["items"]
        return [SearchEntry(d["location"], d["title"], d["text"]) for d in items]


def shadow_style_hash(bundle: str) -> str:
    """The CSP hash (``'sha256-…'``) of the stylesheet Zensical's search puts into its shadow root."""
    use = _SHADOW_STYLE_USE.search(bundle)
    if use is None:
        raise EngineFailed("Zensical's search stylesheet was not found in its bundle; this version is not supported "
                           f"(use zensical=={ZENSICAL_PIN})")
    literal = re.search(r"\b" + re.escape(use.group(1)) + r"""=(['"])(.*?)\1[;,]""", bundle)
    if literal is None or "\\" in literal.group(2):
        raise EngineFailed("Zensical's search stylesheet is not a plain string in its bundle; this version is not "
                           f"supported (use zensical=={ZENSICAL_PIN})")
    digest = hashlib.sha256(literal.group(2).encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def unexpected_warnings(output: str, docs: Path) -> list[str]:
    """Zensical's warnings, less the missing anchors that are walker state links; each as ``file:line: message``."""
    lines = output.splitlines()
    found: list[str] = []
    for number, line in enumerate(lines):
        warning = _WARNING.match(line)
        if not warning:
            continue
        location = next((m for m in map(_LOCATION.search, lines[number + 1:number + 3]) if m), None)
        where = f"{location.group(1)}:{location.group(2)}" if location else "?"
        if location and warning.group(1) == "anchor does not exist" and _is_state_link(docs, location):
            continue
        found.append(f"{where}: {warning.group(1)}")
    return found


def _is_state_link(docs: Path, location: re.Match[str]) -> bool:
    """Does the link fragment Zensical points at (file, line, 1-based column) hold state, not an anchor?"""
    try:
        text = (docs / location.group(1)).read_text(encoding="utf-8").splitlines()[int(location.group(2)) - 1]
    except (OSError, IndexError, ValueError):
        return False
    column = int(location.group(3)) - 1
    return text[column - 1:column] == "#" and _STATE_FRAGMENT.match(text, column) is not None


def _move_contents(source: Path, target: Path) -> None:
    """Move a built site into ``target`` (an empty folder, possibly on another file system)."""
    if not source.is_dir():
        raise EngineFailed(f"the engine reported success but wrote no site into {source}")
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        shutil.move(str(entry), str(target / entry.name))


ENGINES: dict[str, Engine] = {engine.name: engine for engine in (MkDocsEngine(), ZensicalEngine())}
DEFAULT = "mkdocs"


def engine(name: str | None = None) -> Engine:
    """The engine called ``name`` (default: MkDocs + Material)."""
    try:
        return ENGINES[name or DEFAULT]
    except KeyError:
        raise EngineFailed(f"unknown engine {name!r}: choose one of {', '.join(ENGINES)}") from None


def build(config: Path, site_dir: Path, name: str | None = None) -> None:
    """Build ``config`` into ``site_dir`` with the engine called ``name``."""
    chosen = engine(name)
    chosen.require()
    chosen.build(config, site_dir)


def serve_command(config: Path, host: str, port: int, name: str | None = None) -> list[str]:
    chosen = engine(name)
    chosen.require()
    return chosen.serve_command(config, host, port)


def search_index(site: Path, name: str | None = None) -> list[SearchEntry]:
    return engine(name).search_index(site)
