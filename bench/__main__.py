"""`make bench`: run every benchmark and rewrite its section of bench/RESULTS.md.

Order matters only for speed: the build benchmark leaves its built sites and
work folders under the benchmark folder, and the memory, page-weight and
engine benchmarks reuse them instead of building the same corpus again.  The
1,000-guide builds take several minutes each on two cores; ``--quick`` runs
the small sizes only, to check the benchmarks themselves still work.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (10 and 100 guides)")
    parser.add_argument("--only", help="comma-separated benchmarks to run (default: all)")
    args = parser.parse_args(argv)
    big = "100" if args.quick else "1000"
    plan: list[tuple[str, list[str]]] = [
        ("build_overhead", ["--sizes", f"10,100{'' if args.quick else ',1000'}"]),
        ("memory", ["--size", big]),
        ("page_weight", ["--sizes", f"10,100{'' if args.quick else ',1000'}"]),
        ("engines", ["--sizes", "10,100" if args.quick else "10,100,1000"]),
        ("check_speed", ["--size", big]),
        ("incremental", ["--sizes", "10" if args.quick else "10,100"]),
    ]
    if (HERE / "widget_boot.py").exists():
        plan.append(("widget_boot", []))
    chosen = set(args.only.split(",")) if args.only else {name for name, _ in plan}
    failed = []
    for name, options in plan:
        if name not in chosen:
            continue
        started = time.perf_counter()
        print(f"== bench.{name} {' '.join(options)}", file=sys.stderr, flush=True)
        code = subprocess.call([sys.executable, "-m", f"bench.{name}", *options], cwd=HERE.parent)
        print(f"== bench.{name}: exit {code} after {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    print(f"results: {HERE / 'RESULTS.md'}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
