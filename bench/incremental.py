"""Incremental rebuild: edit one YAML file under `pathway serve`, time until the served page shows it.

The comparison is the engine's own loop: `mkdocs serve` over a copy of the same
generated docs folder and configuration, where one generated Markdown file is
edited instead.  Both servers run as subprocesses on free localhost ports; the
page is polled over HTTP every 20 ms until the edit's marker word appears.  A
third run uses `mkdocs serve --dirty` to show what MkDocs' partial rebuild
would save and what it breaks (the search index keeps only the rebuilt pages).

Finally, in-process, one guide's paragraph and then its title are edited and
`generate()` reports which generated files it rewrote: only those the edit
affects.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import yaml

from .corpus import ensure_corpus
from .results import table, write_section
from .timing import BENCH_DIR, MKDOCS, PATHWAY, PROJECT, display, free_port, header, load_average

SIZES = (10, 100)
GUIDE = "bench-guide-0001"
NEIGHBOUR_WAIT = 30.0  # seconds; a full rebuild of 100 guides + 100 case studies takes about 7
NEIGHBOUR = "bench-guide-0007"  # same stage as GUIDE (stages are dealt round robin), so in the same navigation group
EDITS = 3
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # localhost: never through a proxy


def fetch(url: str) -> str | None:
    try:
        with _OPENER.open(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return None


class Server:
    """A serve command in its own process group, stopped with everything it started."""

    def __init__(self, command: list[str], log: Path) -> None:
        self.command = command
        self.log = log.open("w")
        self.process = subprocess.Popen(command, cwd=PROJECT, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)

    def wait_for(self, url: str, timeout: float = 1800) -> float:
        started = time.perf_counter()
        while time.perf_counter() - started < timeout:
            if self.process.poll() is not None:
                raise RuntimeError(f"{display(self.command)} exited; see {self.log.name}")
            if fetch(url) is not None:
                return time.perf_counter() - started
            time.sleep(0.2)
        raise TimeoutError(f"{url} not served after {timeout} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def time_until(url: str, marker: str, edit: callable, timeout: float = 1800) -> float:  # type: ignore[valid-type]
    """Apply ``edit`` and return the seconds until ``url`` serves ``marker``."""
    edit()
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        body = fetch(url)
        if body is not None and marker in body:
            return time.perf_counter() - started
        time.sleep(0.02)
    raise TimeoutError(f"{marker} never appeared at {url}")


def edit_yaml(path: Path, marker: str) -> None:
    """Append a marker word to the guide's first paragraph, as an author would edit it."""
    from .corpus import _dump

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["intro"][0]["text"] = re.sub(r" Benchmarkmarker\w*\.$", "", data["intro"][0]["text"]) + f" {marker}."
    _dump(data, path)


def edit_markdown(path: Path, marker: str) -> None:
    text = re.sub(r"\n\nBenchmarkmarker\w*\.\n$", "\n", path.read_text(encoding="utf-8"))
    path.write_text(text.rstrip("\n") + f"\n\n{marker}.\n", encoding="utf-8")


def retitle_shows_elsewhere(floor: Path, base_url: str, title: str) -> bool:
    """Retitle the guide in the navigation (as `pathway serve` does on a title edit): does another page's nav follow?"""
    config_path = floor / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))

    def retitle(entries: list[object]) -> None:
        for entry in entries:
            if isinstance(entry, dict):
                (key, value), = entry.items()
                if value == f"guides/{GUIDE}.md":
                    entry.clear()
                    entry[title] = value
                elif isinstance(value, list):
                    retitle(value)

    retitle(config["nav"])
    page = floor / "docs" / "guides" / f"{GUIDE}.md"
    time_until(base_url + f"guides/{GUIDE}/", title, lambda: (
        config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8"),
        page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")), timeout=900)
    # The edited page shows the title part-way through a full rebuild; the neighbour's page may be written
    # later in the same build, so wait for it (a dirty rebuild never rewrites it: that wait runs out).
    deadline = time.monotonic() + NEIGHBOUR_WAIT
    while time.monotonic() < deadline:
        if title in (fetch(base_url + f"guides/{NEIGHBOUR}/") or ""):
            return True
        time.sleep(0.2)
    return False


def search_entries(base_url: str) -> int:
    body = fetch(base_url + "search/search_index.json")
    return len(json.loads(body)["docs"]) if body else -1


def measure(size: int, edits: int = EDITS) -> dict[str, object]:
    base = BENCH_DIR / f"serve-{size}"
    shutil.rmtree(base, ignore_errors=True)
    data = base / "data"
    shutil.copytree(ensure_corpus(size).parent, base / "corpus")
    data = base / "corpus" / "pathway_data"
    work = base / "work"
    result: dict[str, object] = {"size": size}

    port = free_port()
    url = f"http://127.0.0.1:{port}/guides/{GUIDE}/"
    server = Server([*PATHWAY, "serve", "--data", str(data), "--port", str(port), "--work", str(work)],
                    base / "pathway-serve.log")
    try:
        result["pathway_start"] = server.wait_for(url)
        time.sleep(2)  # let both watchers take their first snapshot
        result["pathway"] = [time_until(url, marker, lambda m=marker: edit_yaml(data / "guides" / f"{GUIDE}.yml", m))
                             for marker in (f"Benchmarkmarkerp{k}" for k in range(edits))]
        result["pathway_command"] = display(server.command)
    finally:
        server.stop()

    # The engine alone, over a copy of what pathway serve generated (same docs, same config).
    floor = base / "floor"
    shutil.copytree(work, floor)
    config = yaml.safe_load((floor / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(floor / "docs")
    (floor / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    page = floor / "docs" / "guides" / f"{GUIDE}.md"
    for mode, extra in (("mkdocs", []), ("mkdocs_dirty", ["--dirty", "--no-strict"])):
        port = free_port()
        url = f"http://127.0.0.1:{port}/guides/{GUIDE}/"
        server = Server([*MKDOCS, "serve", "--config-file", str(floor / "mkdocs.yml"), "--dev-addr",
                         f"127.0.0.1:{port}", "--livereload", *extra], base / f"{mode}.log")
        try:
            server.wait_for(url)
            time.sleep(2)
            entries_before = search_entries(f"http://127.0.0.1:{port}/")
            result[mode] = [time_until(url, marker, lambda m=marker: edit_markdown(page, m))
                            for marker in (f"Benchmarkmarker{mode.replace('_', '')}{k}" for k in range(edits))]
            time.sleep(1)
            result[f"{mode}_search"] = (entries_before, search_entries(f"http://127.0.0.1:{port}/"))
            result[f"{mode}_command"] = display(server.command)
            result[f"{mode}_nav"] = retitle_shows_elsewhere(floor, f"http://127.0.0.1:{port}/",
                                                            f"Benchmarkretitled{mode.replace('_', '')}")
        finally:
            server.stop()
    result["changed"] = json.loads(subprocess.run(
        [sys.executable, "-m", "bench.incremental", "--changed", str(data), str(base / "changed")],
        cwd=PROJECT, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
    return result


def changed_files(data: Path, base: Path) -> dict[str, object]:
    """Which generated files one edit rewrites (``generate`` returns them)."""
    from generator.build import generate, load_and_check

    work = base / "work"
    shutil.rmtree(base, ignore_errors=True)
    first = generate(load_and_check(data), work)
    again = generate(load_and_check(data), work)
    path = data / "guides" / f"{GUIDE}.yml"
    original = path.read_text(encoding="utf-8")
    try:
        edit_yaml(path, "Benchmarkmarkerchanged")
        paragraph = generate(load_and_check(data), work).changed
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        document["title"] = document["title"] + " (retitled)"
        from .corpus import _dump

        _dump(document, path)
        title = generate(load_and_check(data), work).changed
    finally:
        path.write_text(original, encoding="utf-8")
        generate(load_and_check(data), work)
    shutil.rmtree(base, ignore_errors=True)
    return {"total": len(first.changed), "unchanged_rebuild": again.changed, "paragraph": paragraph, "title": title}


def report(results: list[dict[str, object]]) -> str:
    lines = ["## Incremental rebuild under `pathway serve`", ""] + header("the serve benchmark")
    lines += [
        f"One YAML edit (a word added to the first paragraph of `{GUIDE}`) under `pathway serve`, against the",
        "engine's own rebuild of one edited Markdown file under `mkdocs serve` (same generated docs and",
        "configuration). Seconds from the file write until the served page shows the edit, each edit listed,",
        "polled every 20 ms. Target: pathway ≤ 1.5× mkdocs.",
        "",
    ]
    rows = []
    for r in results:
        p, m, d = (sorted(r[k]) for k in ("pathway", "mkdocs", "mkdocs_dirty"))  # type: ignore[call-overload]
        median = lambda xs: xs[len(xs) // 2]  # noqa: E731
        rows.append([
            f"{r['size']} + {r['size']} ({r['measured'][11:16]}, load {str(r['load']).split(' ')[0]})",
            " / ".join(f"{x:.1f}" for x in r["pathway"]) + f" (median {median(p):.1f})",  # type: ignore[attr-defined]
            " / ".join(f"{x:.1f}" for x in r["mkdocs"]) + f" (median {median(m):.1f})",  # type: ignore[attr-defined]
            f"**{median(p) / median(m):.2f}×**",
            " / ".join(f"{x:.1f}" for x in r["mkdocs_dirty"]) + f" (median {median(d):.1f})",  # type: ignore[attr-defined]
            "{} → {}".format(*r["mkdocs_dirty_search"]),  # type: ignore[str-format]
            f"{'yes' if r.get('mkdocs_nav') else 'no'} / {'yes' if r.get('mkdocs_dirty_nav') else 'no'}",
        ])
    lines.append(table(["guides + cases (measured at, 1-min load)", "pathway serve (s)", "mkdocs serve (s)", "pathway ÷ mkdocs",
                        "mkdocs serve --dirty (s)", "search entries before → after a dirty rebuild",
                        "a retitled guide in another page's navigation (same group): full / dirty"], rows))
    lines += ["", "Which generated files one edit rewrites (`generate()` returns them; in-process):", ""]
    for r in results:
        changed = r["changed"]
        assert isinstance(changed, dict)
        lines.append(f"- {r['size']} + {r['size']}: first generation writes {changed['total']} files; regenerating with "
                     f"nothing changed rewrites {len(changed['unchanged_rebuild'])}; a paragraph edit rewrites "
                     f"{', '.join(f'`{c}`' for c in changed['paragraph'])}; a title edit rewrites "
                     f"{', '.join(f'`{c}`' for c in changed['title'])} (and the navigation in `mkdocs.yml`).")
    first = results[0]
    lines += ["", "Commands:", "",
              f"- `{first['pathway_command']}`", f"- `{first['mkdocs_command']}`", f"- `{first['mkdocs_dirty_command']}`",
              "- all of it: `.venv/bin/python -m bench.incremental`"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--edits", type=int, default=EDITS, help="edits timed per server")
    parser.add_argument("--changed", nargs=2, metavar=("DATA", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.changed:
        print(json.dumps(changed_files(Path(args.changed[0]), Path(args.changed[1]))))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    for size in sizes:
        print(f"incremental rebuild: {size} guides + {size} cases ...", file=sys.stderr, flush=True)
        result = {**measure(size, args.edits), "measured": time.strftime("%Y-%m-%d %H:%M %Z"), "load": load_average()}
        (BENCH_DIR / f"serve-{size}" / "result.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
        print(f"  {result}", file=sys.stderr, flush=True)
    # Sizes measured by an earlier, separate run (the 1,000-guide one is slow) are reported beside these.
    found = sorted(BENCH_DIR.glob("serve-*/result.json"), key=lambda p: int(p.parent.name.split("-")[1]))
    results = [json.loads(p.read_text(encoding="utf-8")) for p in found]
    text = report(results)
    write_section("incremental", text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
