"""Engines side by side on the same generated docs folder and `mkdocs.yml`.

MkDocs renders the whole navigation into every page, so its cost per page grows
with the number of pages.  The generator therefore lists long sections in groups
(guides by stage, case studies by issue) and turns on Material's
``navigation.prune``, so each page carries its own group only.  Measured here,
all with the same generated Markdown:

- MkDocs 1.6 + Material as generated, and with the navigation flattened back
  into one list per section, with and without ``navigation.prune`` (pruning
  alone cannot help a flat list: every entry is a visible sibling);
- ProperDocs (a continuation of MkDocs 1.x under another name; it redirects
  ``mkdocs.*`` imports, so Material runs on it unchanged), in its own venv;
- Zensical (Material's authors' new engine, Rust core), in its own venv.

Each alternative is installed into a separate virtual environment under the
benchmark folder, never into the project's.  Builds run as subprocesses;
Zensical's cache is removed first so every build is a full one.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from .corpus import ensure_corpus
from .results import table, write_section
from .timing import BENCH_DIR, MKDOCS, PATHWAY, PROJECT, Run, header, run

SIZES = (100, 1000)
VENVS = BENCH_DIR / "venvs"
PROPERDOCS = "properdocs==1.6.7"
# zensical 0.0.41 and later pin zensical-ui, which the package index reachable here does not serve
# (`pip install zensical` fails: "No matching distribution found for zensical-ui==0.0.42");
# 0.0.40 is the newest release that installs.
ZENSICAL = "zensical==0.0.40"
GUIDE_PAGE = "guides/bench-guide-0001/index.html"
ZENSICAL_MEMORY_CAP_GB = 8


def venv(name: str, install: list[list[str]]) -> Path:
    """A separate virtual environment (created once) with what ``install`` lists, one pip call per entry."""
    path = VENVS / name
    marker = path / ".installed"
    wanted = json.dumps(install)
    if marker.exists() and marker.read_text() == wanted:
        return path
    shutil.rmtree(path, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    for args in install:
        subprocess.run([str(path / "bin" / "python"), "-m", "pip", "install", "--quiet", *args], check=True)
    marker.write_text(wanted)
    return path


def material_requirements() -> list[str]:
    """Material's own dependencies at the project's versions, without MkDocs (ProperDocs stands in for it)."""
    requirement_names = [r.split(";")[0].split(">")[0].split("=")[0].split("<")[0].split("~")[0].strip()
                         for r in metadata.requires("mkdocs-material") or [] if "extra ==" not in r]
    pinned = []
    for name in requirement_names:
        if name.lower() in {"mkdocs", "jinja2", "markdown"}:
            continue
        try:
            pinned.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            pinned.append(name)
    return pinned


def flat_nav(nav: list[Any]) -> list[Any]:
    """The navigation with any groups inside a section dissolved: one list per section, as before grouping.

    With one flat list of every guide, ``navigation.prune`` cannot prune it: every entry is a
    visible sibling of the current page.
    """
    def flatten(entries: list[Any]) -> list[Any]:
        out: list[Any] = []
        for entry in entries:
            value = next(iter(entry.values())) if isinstance(entry, dict) else None
            out.extend(flatten(value) if isinstance(value, list) else [entry])
        return out

    return [{title: flatten(value) if isinstance(value, list) else value}
            for section in nav for title, value in section.items()]


def gz_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6, mtime=0)) if path.is_file() else 0


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def measure(size: int) -> list[dict[str, object]]:
    base = BENCH_DIR / f"engines-{size}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    build = BENCH_DIR / f"build-{size}"
    work = build / "work"
    if not (work / "mkdocs.yml").exists() or not (build / "runs.json").exists():
        run([*PATHWAY, "build", "--data", str(ensure_corpus(size)), "--out", str(build / "site"), "--work", str(work)])
    config = yaml.safe_load((work / "mkdocs.yml").read_text(encoding="utf-8"))
    rows: list[dict[str, object]] = []

    def add(engine: str, result: Run, site: Path, note: str) -> None:
        rows.append({"engine": engine, "command": result.shown, "wall": result.wall, "cpu": result.cpu,
                     "rss": result.max_rss_mb, "pages": html_pages(site), "guide_gz": gz_size(site / GUIDE_PAGE),
                     "ok": result.returncode == 0, "note": note, "output": result.output[-2000:]})

    floor = run([*MKDOCS, "build", "--quiet", "--config-file", str(work / "mkdocs.yml"), "--site-dir", str(base / "mkdocs")])
    grouped = any(isinstance(v, dict) for e in config["nav"] for v in (next(iter(e.values())) if isinstance(
        next(iter(e.values())), list) else []))
    add("MkDocs 1.6 + Material, as generated", floor, base / "mkdocs",
        "the floor: " + ("guides grouped by stage and case studies by issue, with `navigation.prune` (the generator "
                         "does both when a section lists more than 40 pages)" if grouped else "flat navigation"))
    shutil.rmtree(base / "mkdocs", ignore_errors=True)

    features = [f for f in config["theme"]["features"] if f != "navigation.prune"]
    variants = [("flat navigation (one list of every guide and case study)", "flat", False),
                ("flat navigation + `navigation.prune`", "flat-prune", True)]
    for label, name, prune in variants:
        variant = {**config, "nav": flat_nav(config["nav"]),
                   "theme": {**config["theme"], "features": [*features, *(["navigation.prune"] if prune else [])]}}
        (base / f"{name}.yml").write_text(yaml.safe_dump(variant, sort_keys=False, allow_unicode=True), encoding="utf-8")
        result = run([*MKDOCS, "build", "--quiet", "--config-file", str(base / f"{name}.yml"), "--site-dir",
                      str(base / name)])
        add(f"MkDocs 1.6 + Material, {label}", result, base / name,
            "the generated `mkdocs.yml` with its navigation flattened" + (", one feature added" if prune else ""))
        shutil.rmtree(base / name, ignore_errors=True)

    properdocs = venv("properdocs", [[PROPERDOCS, *material_requirements()],
                                     ["--no-deps", f"mkdocs-material=={metadata.version('mkdocs-material')}"]])
    result = run([str(properdocs / "bin" / "properdocs"), "build", "--quiet", "--config-file", str(work / "mkdocs.yml"),
                  "--site-dir", str(base / "properdocs")], check=False)
    add(f"ProperDocs {PROPERDOCS.split('==')[1]} + Material", result, base / "properdocs", "same `mkdocs.yml`, unchanged")
    shutil.rmtree(base / "properdocs", ignore_errors=True)

    zensical = venv("zensical", [[ZENSICAL]])
    project = base / "zensical"
    shutil.copytree(work / "docs", project / "docs")
    shutil.copytree(PROJECT / "overrides", project / "overrides")
    # The project's sitemap override is written against MkDocs' template context (`file.page`);
    # Zensical's differs and stops the build ("undefined value (in sitemap.xml:8)"): use Zensical's own.
    (project / "overrides" / "sitemap.xml").unlink(missing_ok=True)
    zconfig = {**config, "docs_dir": "docs", "site_dir": "site",
               "theme": {**config["theme"], "custom_dir": "overrides"}}
    (project / "mkdocs.yml").write_text(yaml.safe_dump(zconfig, sort_keys=False, allow_unicode=True), encoding="utf-8")
    # Capped: unbounded, Zensical 0.0.40 reached 23.6 GB resident at 1,000 guides on this 24 GB machine and was killed.
    result = run([str(zensical / "bin" / "zensical"), "build", "--config-file", "mkdocs.yml"], cwd=project, check=False,
                 memory_cap_gb=ZENSICAL_MEMORY_CAP_GB)
    issues = next((line.strip() for line in result.output.splitlines() if "issues found" in line), "")
    add(f"Zensical {ZENSICAL.split('==')[1]}", result, project / "site",
        "same Markdown and configuration with relative `docs_dir`/`site_dir`, without `overrides/sitemap.xml`"
        + (f"; reported {issues}" if issues else "")
        + ("" if result.returncode == 0 else f"; failed (exit {result.returncode}) under a {ZENSICAL_MEMORY_CAP_GB} GB "
           "address-space cap (an uncapped run at 1,000 guides reached 23.6 GB resident and was killed)"))
    shutil.rmtree(project, ignore_errors=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    args = parser.parse_args(argv)
    lines = ["## Engines side by side", ""] + header("the engines benchmark")
    lines += [
        "The same generated docs folder and `mkdocs.yml` (from `pathway build` of the synthetic corpus), built by",
        "each engine as a subprocess. Alternatives are installed in separate venvs under the benchmark folder",
        f"(`{PROPERDOCS}` plus Material without MkDocs; `{ZENSICAL}`: later Zensical releases pin `zensical-ui`,",
        "which the package index reachable here does not serve). CPU includes all threads of the child.",
        "",
    ]
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"engines: {size} guides + {size} cases ...", file=sys.stderr, flush=True)
        rows = measure(size)
        floor = rows[0]
        lines += [f"### {size} guides + {size} case studies", "", table(
            ["engine", "wall", "CPU", "÷ MkDocs (CPU)", "peak RSS", "HTML pages", "a guide page's HTML (gzip)", "notes"],
            [[str(r["engine"]), f"{r['wall']:.1f} s", f"{r['cpu']:.1f} s",
              f"{r['cpu'] / floor['cpu']:.2f}×",  # type: ignore[operator]
              f"{r['rss']:.0f} MB", str(r["pages"]) + ("" if r["ok"] else " (failed)"),
              f"{r['guide_gz'] / 1000:.1f} KB", str(r["note"])] for r in rows]), "", "Commands:", ""]
        lines += [f"- `{r['command']}`" for r in rows]
        lines.append("")
        for r in rows:
            if not r["ok"]:
                lines += [f"{r['engine']} failed; its last output:", "", "```", str(r["output"]).strip()[-1500:], "```", ""]
        print(f"  {[(r['engine'], round(r['cpu'], 1)) for r in rows]}", file=sys.stderr, flush=True)  # type: ignore[call-overload]
    lines.append("All of it: `.venv/bin/python -m bench.engines`.")
    text = "\n".join(lines)
    write_section("engines", text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
