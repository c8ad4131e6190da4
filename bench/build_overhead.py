"""Generator overhead: `pathway build` against a plain `mkdocs build` of the Markdown it generated.

The engine's floor is MkDocs building the very same generated docs folder and
``mkdocs.yml`` with nothing of ours running; everything `pathway build` adds
(importing the models, loading and validating YAML, rendering Markdown,
exporting widget data, swapping the finished site into place) shows up as the
difference.  Both are measured as subprocesses, so interpreter start-up and
imports count on both sides.  For each size, in one run:

1. ``pathway build`` into an empty work folder (cold: every file written, the load cache filled),
2. ``mkdocs build`` of that work folder's ``mkdocs.yml`` (the floor),
3. ``pathway build`` again (warm: nothing changed, nothing rewritten, the old site swapped out),
4. ``pathway build`` after one guide was edited (an author's usual rebuild: one file parsed again).

A separate in-process run splits `pathway build` into its phases, to show
where the time goes and that the generator's share grows linearly.
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import shutil
import sys
import time
from pathlib import Path

from .corpus import ensure_corpus
from .results import table, write_section
from .timing import BENCH_DIR, MKDOCS, PATHWAY, PYTHON, Run, display, header, ratio, run

SIZES = (10, 100, 1000)


def measure(size: int) -> dict[str, object]:
    data = ensure_corpus(size)
    base = BENCH_DIR / f"build-{size}"
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    work, out, floor_out = base / "work", base / "site", base / "floor-site"
    build_cmd = [*PATHWAY, "build", "--preview", "--data", str(data), "--out", str(out), "--work", str(work)]
    cache_env = {"PATHWAY_CACHE": str(work / "cache")}  # the default for this work folder, whatever the caller's setting
    cold = run(build_cmd, env=cache_env)
    floor = run([*MKDOCS, "build", "--quiet", "--config-file", str(work / "mkdocs.yml"), "--site-dir", str(floor_out)])
    warm = run(build_cmd, env=cache_env)
    from .check_speed import edit_guide

    path = edit_guide(data, "Benchmarkmarkerbuild")
    original_bytes = path.read_bytes()
    try:
        edited = run(build_cmd, env=cache_env)
    finally:
        _restore(path, original_bytes)
    pages = int(re.search(r"built (\d+) pages", cold.output).group(1))  # type: ignore[union-attr]
    phases = json.loads(run([PYTHON, "-m", "bench.build_overhead", "--phases", str(data), str(base / "phases")],
                            env=cache_env).output.strip().splitlines()[-1])
    shutil.rmtree(base / "phases", ignore_errors=True)
    shutil.rmtree(floor_out, ignore_errors=True)
    saved = {name: {"command": r.shown, "wall": r.wall, "cpu": r.cpu, "max_rss_mb": r.max_rss_mb}
             for name, r in (("cold", cold), ("floor", floor), ("warm", warm), ("edited", edited))}
    (base / "runs.json").write_text(json.dumps({**saved, "pages": pages, "phases": phases}, indent=1), encoding="utf-8")
    return {"size": size, "pages": pages, "cold": cold, "floor": floor, "warm": warm, "edited": edited, "phases": phases,
            "data": data, "work": work, "out": out}


def _restore(path: Path, original: bytes) -> None:
    path.write_bytes(original)


def phases(data: Path, base: Path) -> dict[str, dict[str, float]]:
    """One in-process build, timed phase by phase (CPU seconds): where `pathway build` spends its time.

    It loads through the cache named by ``PATHWAY_CACHE`` (the measured builds' own, so: nothing changed).
    """
    started = time.process_time()
    from generator.build import _swap, generate, run_mkdocs
    from generator.load import freeze_loaded, load_site
    from generator.load_cache import LoadCache
    from generator.project import find
    from generator.validate import validate_site

    marks = {"import": time.process_time() - started}
    peaks = {"import": _peak_mb()}

    def lap(name: str) -> None:
        now = time.process_time()
        marks[name] = now - sum(marks.values()) - started
        peaks[name] = _peak_mb()

    site, report = load_site(data, cache=LoadCache.default(base / "work"))
    lap("load (from the cache: nothing changed)")
    report.extend(validate_site(site, docs_dir=find().docs))
    freeze_loaded()
    lap("validate (cross-file checks)")
    generated = generate(site, base / "work")
    del site  # as build() does: MkDocs runs without the loaded content
    gc.collect()
    lap("generate (render Markdown, export widget data, write files)")
    staging = base / "staging"
    run_mkdocs(generated.config, staging)
    lap("MkDocs build")
    _swap(staging, base / "site")
    lap("swap into place")
    return {"cpu": marks, "peak_rss_mb": peaks}


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(results: list[dict[str, object]]) -> str:
    lines = ["## Generator overhead: `pathway build` against the engine's floor", ""]
    lines += header("the build benchmark")
    lines += [
        "Corpus: the real content plus *N* synthetic guides and *N* synthetic case studies (`bench/corpus.py`: each",
        "copies a real item's structure with real sentences of the same length; it passes `pathway check`).",
        "Both commands run as subprocesses (start-up and imports count on both sides); CPU is the child's user +",
        "system time. *Floor* is `mkdocs build` of the generated work folder; *cold* builds into an empty work",
        "folder (no load cache yet: it parses every file and fills the cache), *warm* rebuilds with nothing changed,",
        "*one edit* rebuilds after a word was added to one guide. Target: pathway ≤ 1.10× the floor.",
        "",
    ]
    rows = []
    for r in results:
        cold, floor, warm, edited = r["cold"], r["floor"], r["warm"], r["edited"]
        assert isinstance(cold, Run) and isinstance(floor, Run) and isinstance(warm, Run) and isinstance(edited, Run)
        rows.append([
            f"{r['size']} + {r['size']}", str(r["pages"]),
            f"{cold.wall:.1f} s / {cold.cpu:.1f} s", f"{warm.wall:.1f} s / {warm.cpu:.1f} s",
            f"{floor.wall:.1f} s / {floor.cpu:.1f} s",
            f"{ratio(cold.wall, floor.wall)} / **{ratio(cold.cpu, floor.cpu)}**",
            f"{ratio(warm.wall, floor.wall)} / **{ratio(warm.cpu, floor.cpu)}**",
            f"{ratio(edited.wall, floor.wall)} / **{ratio(edited.cpu, floor.cpu)}**",
            f"{(cold.cpu - floor.cpu) / int(r['pages']) * 1000:.1f} ms",  # type: ignore[call-overload]
            f"{floor.cpu / int(r['pages']) * 1000:.1f} ms",  # type: ignore[call-overload]
        ])
    lines.append(table(
        ["guides + cases", "pages", "pathway cold (wall / CPU)", "pathway warm", "mkdocs floor",
         "cold ÷ floor (wall / CPU)", "warm ÷ floor", "one edit ÷ floor", "cold overhead CPU per page",
         "floor CPU per page"], rows))
    lines += ["", "Phases of one in-process `pathway build` with the load cache filled, nothing changed (CPU seconds):", ""]
    names = list(results[0]["phases"]["cpu"])  # type: ignore[index]
    phase_rows = []
    for name in names:
        phase_rows.append([name, *[f"{r['phases']['cpu'][name]:.2f}" for r in results]])  # type: ignore[index]
    lines.append(table(["phase", *[f"{r['size']} + {r['size']}" for r in results]], phase_rows))
    first = results[0]
    lines += ["", "Commands (for size *N*; `$BENCH` is the benchmark folder):", "",
              f"- `{display(first['cold'].command)}` (cold, then again: warm; then after one edit)",  # type: ignore[union-attr]
              f"- `{display(first['floor'].command)}`",  # type: ignore[union-attr]
              f"- phases: `{PYTHON.rsplit('/', 1)[-1]} -m bench.build_overhead --phases $BENCH/corpus-N/pathway_data DIR`",
              "- all of it: `.venv/bin/python -m bench.build_overhead`"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="guides (and as many cases) per corpus")
    parser.add_argument("--phases", nargs=2, metavar=("DATA", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phases:
        print(json.dumps(phases(Path(args.phases[0]), Path(args.phases[1]))))
        return 0
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"build overhead: {size} guides + {size} cases ...", file=sys.stderr, flush=True)
        results.append(measure(size))
        r = results[-1]
        print(f"  cold {r['cold'].cpu:.1f}s cpu, floor {r['floor'].cpu:.1f}s cpu, warm {r['warm'].cpu:.1f}s cpu",  # type: ignore[union-attr]
              file=sys.stderr, flush=True)
    text = report(results)
    write_section("build_overhead", text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
