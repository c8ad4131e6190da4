"""Validation speed: `pathway check` over the 1,000-guide corpus, with the cost per file.

The command is timed as a subprocess (what an author waits for), four ways:
without the load cache, with an empty cache (the first run, which fills it),
with nothing changed since, and after one guide was edited (an author's usual
case).  A second, in-process run splits the cost: reading YAML (and, below
it, the bare libyaml event stream, the floor any line-tracking loader built
on PyYAML pays), building the pydantic models with the safe-text checks,
loading the same files from the cache, and the cross-file checks.
"""

from __future__ import annotations

import argparse
import gc
import json
import shutil
import sys
import time
from pathlib import Path

from .corpus import ensure_corpus
from .results import table, write_section
from .timing import BENCH_DIR, PATHWAY, PYTHON, Run, display, header, run

SIZE = 1000


def split(data: Path) -> dict[str, float]:
    """CPU seconds of each stage of `pathway check`, measured in this process."""
    import yaml

    from generator import yaml_source
    from generator.load import load_site
    from generator.project import find
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
    report.extend(validate_site(site, docs_dir=find().docs))
    validate = time.process_time() - started
    del site
    from generator.load_cache import LoadCache

    folder = BENCH_DIR / "check-split-cache"
    shutil.rmtree(folder, ignore_errors=True)
    load_site(data, cache=LoadCache(folder))
    gc.collect()
    started = time.process_time()
    load_site(data, cache=LoadCache(folder))
    cached = time.process_time() - started
    shutil.rmtree(folder, ignore_errors=True)
    return {"files": len(files), "bytes": sum(len(t.encode()) for t in texts), "libyaml events": events,
            "parse (safe loader, positions)": parse, "models (pydantic, safe text)": load - parse,
            "load from the cache (every file unchanged)": cached,
            "cross-file checks": validate, "errors": len(report.errors)}


def edit_guide(data: Path, marker: str) -> Path:
    """Add a word to one guide's first paragraph, as an author would; returns the file."""
    from .incremental import GUIDE, edit_yaml

    path = data / "guides" / f"{GUIDE}.yml"
    edit_yaml(path, marker)
    return path


def runs(data: Path) -> list[tuple[str, Run]]:
    """`pathway check` without the cache, then with it: empty, unchanged, after one edit."""
    folder = BENCH_DIR / "check-cache"
    shutil.rmtree(folder, ignore_errors=True)
    env = {"PATHWAY_CACHE": str(folder)}
    command = [*PATHWAY, "check", "--data", str(data)]
    found = [("no cache (`--no-cache`)", run([*command, "--no-cache"], env=env))]
    found.append(("first run: empty cache, filled as it goes", run(command, env=env)))
    found.append(("nothing changed since", run(command, env=env)))
    path = edit_guide(data, "Benchmarkmarkercheck")
    original = path.read_bytes()
    try:
        found.append((f"one guide edited (`{path.name}`)", run(command, env=env)))
    finally:
        path.write_bytes(original)
    shutil.rmtree(folder, ignore_errors=True)
    return found


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
    measured = runs(data)
    parts = json.loads(run([PYTHON, "-m", "bench.check_speed", "--split", str(data)]).output.strip().splitlines()[-1])
    files, size_mb = parts["files"], parts["bytes"] / 1e6
    lines += [
        f"Corpus: {args.size} synthetic guides + {args.size} synthetic case studies + the real content: "
        f"{files} YAML files, {size_mb:.1f} MB. Target: under 2 s.",
        "",
        "The load cache (`generator/load_cache.py`, in `.pathway/cache/`; `PATHWAY_CACHE` moves it) keeps each",
        "file's parsed document and model under a hash of its bytes, its model, its name and the generator's code.",
        "",
        table(["`pathway check`", "wall", "CPU", "per file (wall / CPU)"], [[
            name, f"{r.wall:.2f} s", f"**{r.cpu:.2f} s**",
            f"{r.wall / files * 1000:.2f} ms / {r.cpu / files * 1000:.2f} ms"] for name, r in measured]),
        "",
        f"Command: `{measured[1][1].shown}` with `PATHWAY_CACHE=$BENCH/check-cache` (first row: `--no-cache`).",
        "",
        f"Where the time goes (in-process, CPU; `.venv/bin/python -m bench.check_speed --split DATA`), "
        f"{parts['errors']} errors found:",
        "",
    ]
    stages = ["libyaml events", "parse (safe loader, positions)", "models (pydantic, safe text)",
              "load from the cache (every file unchanged)", "cross-file checks"]
    lines.append(table(["stage", "CPU", "per file", "per MB"], [
        [name + (" (included in parse)" if name == "libyaml events" else ""), f"{parts[name]:.2f} s",
         f"{parts[name] / files * 1000:.2f} ms", f"{parts[name] / size_mb * 1000:.0f} ms"] for name in stages]))
    text = "\n".join(lines)
    write_section("check_speed", text)
    print(text)
    print(display(measured[0][1].command), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
