"""Engines side by side: MkDocs + Material and Zensical, each on the configuration it builds from.

The site builds on both engines (issue 18; ``generator/engines.py`` holds what differs).  For each size
this runs, in one run:

- ``pathway build --engine mkdocs`` and ``pathway build --engine zensical`` (the whole command: load,
  validate, generate, the engine, the swap into place);
- each engine alone on the folder its own ``pathway build`` generated (the same Markdown; the
  configurations differ only in the keys ``generator/engines.py`` sets), Zensical with its cache removed
  first so every build is a full one.

Zensical runs under an address-space cap (``resource.setrlimit(RLIMIT_AS)``, inherited by the engine
that ``pathway build`` starts): unbounded, an earlier release passed 10 GB at 1,000 guides and was killed,
so on this shared machine it stops at the cap and the table records where.

``--variants`` adds what was measured before the navigation was grouped: MkDocs with the navigation
flattened (with and without ``navigation.prune``) and ProperDocs (a continuation of MkDocs 1.x) + Material,
installed in its own venv under the benchmark folder, never into the project's.
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

from generator import engines

from .corpus import ensure_corpus
from .results import table, write_section
from .timing import BENCH_DIR, MKDOCS, PATHWAY, PYTHON, Run, display, header, run

SIZES = (10, 100)  # `--sizes 10,100,1000` for the largest; Zensical stops at its cap there (see RESULTS.md)
VENVS = BENCH_DIR / "venvs"
PROPERDOCS = "properdocs==1.6.7"
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


def measure(size: int, variants: bool = False) -> list[dict[str, object]]:
    base = BENCH_DIR / f"engines-{size}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    data = ensure_corpus(size)
    rows: list[dict[str, object]] = []

    def add(engine: str, what: str, result: Run, site: Path, note: str, cwd: Path | None = None) -> None:
        shown = f"(cd {display([str(cwd)])} && {result.shown})" if cwd else result.shown
        rows.append({"engine": engine, "what": what, "command": shown, "wall": result.wall, "cpu": result.cpu,
                     "rss": result.max_rss_mb, "pages": html_pages(site), "guide_gz": gz_size(site / GUIDE_PAGE),
                     "ok": result.returncode == 0, "note": note, "output": result.output[-2000:]})

    def capped(result: Run) -> str:
        return "" if result.returncode == 0 else (f"failed (exit {result.returncode}) under a {ZENSICAL_MEMORY_CAP_GB} GB "
                                                  "address-space cap")

    # Each engine's whole `pathway build`, then the engine alone on the folder that build generated.
    # Zensical first: if it stops at its cap, MkDocs still gets measured and the table says where it stopped.
    for name in ("zensical", "mkdocs"):
        label = engines.engine(name).version()
        cap = ZENSICAL_MEMORY_CAP_GB if name == "zensical" else None
        work, site = base / f"work-{name}", base / f"site-{name}"
        result = run([*PATHWAY, "build", "--preview", "--engine", name, "--data", str(data), "--out", str(site), "--work", str(work)],
                     check=False, memory_cap_gb=cap)
        add(label, "`pathway build`", result, site, capped(result) if cap else "")
        shutil.rmtree(site, ignore_errors=True)
        if not (work / "mkdocs.yml").is_file():
            continue
        if name == "mkdocs":
            result = run([*MKDOCS, "build", "--quiet", "--config-file", str(work / "mkdocs.yml"), "--site-dir",
                          str(base / "mkdocs")])
            add(label, "engine alone", result, base / "mkdocs", "")
            shutil.rmtree(base / "mkdocs", ignore_errors=True)
        else:
            shutil.rmtree(work / ".cache", ignore_errors=True)  # a full build, not an incremental one
            result = run([PYTHON, "-m", "zensical", "build", "--config-file", "mkdocs.yml"], cwd=work, check=False,
                         memory_cap_gb=cap)
            warnings = sum(1 for line in result.output.splitlines() if "Warning:" in line)
            add(label, "engine alone", result, work / engines.ZENSICAL_SITE_DIR,
                f"{warnings} warnings, all the walker's state links (`pathway build` lets only those through)"
                if result.returncode == 0 else capped(result), cwd=work)
            shutil.rmtree(work / engines.ZENSICAL_SITE_DIR, ignore_errors=True)
    rows.sort(key=lambda r: (not str(r["engine"]).startswith("MkDocs"), r["what"] != "`pathway build`"))
    if variants:
        rows += measure_variants(base, base / "work-mkdocs")
    return rows


def measure_variants(base: Path, work: Path) -> list[dict[str, object]]:
    """MkDocs with the navigation flattened, and ProperDocs + Material, on the MkDocs folder."""
    config = yaml.safe_load((work / "mkdocs.yml").read_text(encoding="utf-8"))
    rows: list[dict[str, object]] = []

    def add(engine: str, result: Run, site: Path, note: str) -> None:
        rows.append({"engine": engine, "what": "engine alone", "command": result.shown, "wall": result.wall,
                     "cpu": result.cpu, "rss": result.max_rss_mb, "pages": html_pages(site),
                     "guide_gz": gz_size(site / GUIDE_PAGE), "ok": result.returncode == 0, "note": note,
                     "output": result.output[-2000:]})

    features = [f for f in config["theme"]["features"] if f != "navigation.prune"]
    for label, name, prune in [("flat navigation (one list of every guide and case study)", "flat", False),
                               ("flat navigation + `navigation.prune`", "flat-prune", True)]:
        variant = {**config, "nav": flat_nav(config["nav"]),
                   "theme": {**config["theme"], "features": [*features, *(["navigation.prune"] if prune else [])]}}
        (work / f"{name}.yml").write_text(yaml.safe_dump(variant, sort_keys=False, allow_unicode=True), encoding="utf-8")
        result = run([*MKDOCS, "build", "--quiet", "--config-file", str(work / f"{name}.yml"), "--site-dir",
                      str(base / name)])
        add(f"MkDocs + Material, {label}", result, base / name,
            "the generated `mkdocs.yml` with its navigation flattened" + (", one feature added" if prune else ""))
        shutil.rmtree(base / name, ignore_errors=True)
    properdocs = venv("properdocs", [[PROPERDOCS, *material_requirements()],
                                     ["--no-deps", f"mkdocs-material=={metadata.version('mkdocs-material')}"]])
    result = run([str(properdocs / "bin" / "properdocs"), "build", "--quiet", "--config-file", str(work / "mkdocs.yml"),
                  "--site-dir", str(base / "properdocs")], check=False)
    add(f"ProperDocs {PROPERDOCS.split('==')[1]} + Material", result, base / "properdocs", "same `mkdocs.yml`, unchanged")
    shutil.rmtree(base / "properdocs", ignore_errors=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--variants", action="store_true", help="also flat navigation and ProperDocs (MkDocs only)")
    args = parser.parse_args(argv)
    lines = ["## Engines side by side", ""] + header("the engines benchmark")
    lines += [
        f"Engines: {engines.engine('mkdocs').version()}; {engines.engine('zensical').version()} (the newest release",
        "that installs here: later ones require `zensical-ui`, which the package index reachable here does not serve),",
        "with `theme.variant: classic`. Each engine builds the folder its own `pathway build --engine …` generated: the",
        "same Markdown, configurations differing only in what `generator/engines.py` sets. CPU includes all threads",
        f"and child processes; peak RSS is the largest process's. Zensical runs under a {ZENSICAL_MEMORY_CAP_GB} GB "
        "address-space cap.",
        "",
    ]
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"engines: {size} guides + {size} cases ...", file=sys.stderr, flush=True)
        rows = measure(size, args.variants)
        floors = {r["what"]: r for r in rows if str(r["engine"]).startswith("MkDocs") and " + Material" in str(r["engine"])
                  and "flat" not in str(r["engine"])}
        lines += [f"### {size} guides + {size} case studies", "", table(
            ["engine", "what", "wall", "CPU", "÷ MkDocs (CPU)", "peak RSS", "÷ MkDocs (RSS)", "HTML pages",
             "a guide page's HTML (gzip)", "notes"],
            [[str(r["engine"]), str(r["what"]), f"{r['wall']:.1f} s", f"{r['cpu']:.1f} s",
              ratio(r, floors, "cpu"), f"{r['rss']:.0f} MB", ratio(r, floors, "rss"),
              str(r["pages"]) + ("" if r["ok"] else " (failed)"), f"{r['guide_gz'] / 1000:.1f} KB", str(r["note"])]
             for r in rows]), "", "Commands:", ""]
        lines += [f"- `{r['command']}`" for r in rows]
        lines.append("")
        for r in rows:
            if not r["ok"]:
                lines += [f"{r['engine']} ({r['what']}) failed; its last output:", "", "```",
                          str(r["output"]).strip()[-1500:], "```", ""]
        print(f"  {[(r['engine'], r['what'], round(r['cpu'], 1), round(r['rss'])) for r in rows]}",  # type: ignore[call-overload]
              file=sys.stderr, flush=True)
    lines.append("All of it: `.venv/bin/python -m bench.engines` (`--sizes 10,100,1000`, `--variants`).")
    text = "\n".join(lines)
    write_section("engines", text)
    print(text)
    return 0


def ratio(row: dict[str, object], floors: dict[object, dict[str, object]], key: str) -> str:
    floor = floors.get(row["what"])
    if not floor or not floor[key] or not row["ok"]:
        return "n/a"
    return f"{float(row[key]) / float(floor[key]):.2f}×"  # type: ignore[arg-type]


if __name__ == "__main__":
    raise SystemExit(main())
