"""Peak memory of `pathway build` at 1,000 guides, beside the engine's own.

Peak resident memory (``ru_maxrss``) comes from ``wait4`` on the subprocesses the
build benchmark ran (`pathway build` and the plain `mkdocs build` floor) and
from its in-process run, where the peak is read after each phase.  The
generator's own allocations are then traced with ``tracemalloc`` in a fresh
subprocess that loads, validates and generates but does not run MkDocs
(tracing MkDocs would only slow it down several times over).
"""

from __future__ import annotations

import argparse
import json
import sys
import tracemalloc
from pathlib import Path

from .corpus import ensure_corpus
from .results import table, write_section
from .timing import BENCH_DIR, PYTHON, header, run

SIZE = 1000


def traced(data: Path, work: Path) -> dict[str, float]:
    """Peak Python allocations (MB) of each generator phase, traced in this process."""
    tracemalloc.start()
    from generator.build import generate
    from generator.load import load_site
    from generator.project import find
    from generator.validate import validate_site

    out: dict[str, float] = {}
    tracemalloc.reset_peak()
    site, report = load_site(data)
    out["load"] = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.reset_peak()
    report.extend(validate_site(site, docs_dir=find().docs))
    out["validate"] = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.reset_peak()
    generate(site, work)
    out["generate"] = tracemalloc.get_traced_memory()[1] / 1e6
    out["held at the end (the site, its pages)"] = tracemalloc.get_traced_memory()[0] / 1e6
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--trace", nargs=2, metavar=("DATA", "WORK"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.trace:
        print(json.dumps(traced(Path(args.trace[0]), Path(args.trace[1]))))
        return 0
    runs_file = BENCH_DIR / f"build-{args.size}" / "runs.json"
    if not runs_file.exists():
        print(f"memory: running the build benchmark at {args.size} guides first ...", file=sys.stderr, flush=True)
        run([PYTHON, "-m", "bench.build_overhead", "--sizes", str(args.size)])
    runs = json.loads(runs_file.read_text(encoding="utf-8"))
    data = ensure_corpus(args.size)
    print("memory: tracing the generator's allocations ...", file=sys.stderr, flush=True)
    trace_dir = BENCH_DIR / f"memory-{args.size}"
    trace = json.loads(run([PYTHON, "-m", "bench.memory", "--trace", str(data), str(trace_dir)]).output
                       .strip().splitlines()[-1])
    lines = ["## Peak memory", ""] + header("the memory report")
    lines += [
        f"{args.size} synthetic guides + {args.size} case studies + the real content ({runs['pages']} pages). Peak resident "
        "memory from `wait4` (`ru_maxrss`) of the build benchmark's subprocesses (figures from its run, whose",
        "commands are listed there).",
        "",
        table(["process", "peak RSS"], [
            ["`pathway build` (cold)", f"{runs['cold']['max_rss_mb']:.0f} MB"],
            ["`pathway build` (warm: from the load cache, nothing changed)", f"{runs['warm']['max_rss_mb']:.0f} MB"],
            *([["`pathway build` after one guide was edited", f"{runs['edited']['max_rss_mb']:.0f} MB"]]
              if "edited" in runs else []),
            ["`mkdocs build` of the generated folder (floor)", f"{runs['floor']['max_rss_mb']:.0f} MB"],
        ]),
        "",
        "Peak RSS reached by the end of each phase of one in-process `pathway build` (load cache filled):",
        "",
        table(["after phase", "peak RSS so far"],
              [[name, f"{mb:.0f} MB"] for name, mb in runs["phases"]["peak_rss_mb"].items()]),
        "",
        "Python allocations traced with `tracemalloc` (peak within each phase, including what earlier phases still hold; the generator only, no MkDocs):",
        "",
        table(["phase", "peak traced"], [[name, f"{mb:.0f} MB"] for name, mb in trace.items()]),
        "",
        f"Command: `.venv/bin/python -m bench.memory --size {args.size}` (tracing: "
        f"`.venv/bin/python -m bench.memory --trace $BENCH/corpus-{args.size}/pathway_data DIR`).",
    ]
    text = "\n".join(lines)
    write_section("memory", text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
