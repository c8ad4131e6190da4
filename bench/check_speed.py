"""Validation speed: `pathway check` over the 1,000-guide corpus, with the cost per file.

The command is timed as a subprocess (what an author waits for).  A second,
in-process run splits the cost: reading YAML (and, below it, the bare libyaml
event stream, the floor any line-tracking loader built on PyYAML pays),
building the pydantic models with the safe-text checks, and the cross-file
checks.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from pathlib import Path

from .corpus import ensure_corpus
from .results import table, write_section
from .timing import PATHWAY, PYTHON, display, header, run

SIZE = 1000


def split(data: Path) -> dict[str, float]:
    """CPU seconds of each stage of `pathway check`, measured in this process."""
    import yaml

    from generator import yaml_source
    from generator.build import PROJECT
    from generator.load import load_site
    from generator.validate import validate_site

    files = sorted(p for p in data.rglob("*") if p.suffix in {".yml", ".yaml"})
    texts = [path.read_bytes().decode("utf-8") for path in files]
    gc.disable()  # as load_site runs
    started = time.process_time()
    for text in texts:
        for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
            pass
    events = time.process_time() - started
    started = time.process_time()
    for path in files:
        yaml_source.parse(path)
    parse = time.process_time() - started
    gc.enable()
    started = time.process_time()
    site, report = load_site(data)
    load = time.process_time() - started
    started = time.process_time()
    report.extend(validate_site(site, docs_dir=PROJECT / "docs"))
    validate = time.process_time() - started
    return {"files": len(files), "bytes": sum(len(t.encode()) for t in texts), "libyaml events": events,
            "parse (safe loader, positions)": parse, "models (pydantic, safe text)": load - parse,
            "cross-file checks": validate, "errors": len(report.errors)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--split", metavar="DATA", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.split:
        print(json.dumps(split(Path(args.split))))
        return 0
    data = ensure_corpus(args.size)
    lines = ["## Validation speed: `pathway check`", ""] + header("the check benchmark")
    print(f"check speed: {args.size} guides + {args.size} cases ...", file=sys.stderr, flush=True)
    check = run([*PATHWAY, "check", "--data", str(data)])
    parts = json.loads(run([PYTHON, "-m", "bench.check_speed", "--split", str(data)]).output.strip().splitlines()[-1])
    files, size_mb = parts["files"], parts["bytes"] / 1e6
    lines += [
        f"Corpus: {args.size} synthetic guides + {args.size} synthetic case studies + the real content: "
        f"{files} YAML files, {size_mb:.1f} MB. Target: under 2 s.",
        "",
        table(["command", "wall", "CPU", "per file (wall / CPU)"], [[
            f"`{check.shown}`", f"{check.wall:.2f} s", f"{check.cpu:.2f} s",
            f"{check.wall / files * 1000:.2f} ms / {check.cpu / files * 1000:.2f} ms"]]),
        "",
        f"Where the time goes (in-process, CPU; `.venv/bin/python -m bench.check_speed --split DATA`), "
        f"{parts['errors']} errors found:",
        "",
    ]
    stages = ["libyaml events", "parse (safe loader, positions)", "models (pydantic, safe text)", "cross-file checks"]
    lines.append(table(["stage", "CPU", "per file", "per MB"], [
        [name + (" (included in parse)" if name == "libyaml events" else ""), f"{parts[name]:.2f} s",
         f"{parts[name] / files * 1000:.2f} ms", f"{parts[name] / size_mb * 1000:.0f} ms"] for name in stages]))
    text = "\n".join(lines)
    write_section("check_speed", text)
    print(text)
    print(display(check.command), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
