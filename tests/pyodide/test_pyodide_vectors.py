"""The widget core in real Pyodide (Python 3.14 in WebAssembly, under Node) computes what CPython computes.

The browser runs ``widgets`` from the zip the build ships, inside Pyodide; the
build and every other test run it in CPython 3.11+.  This test unpacks the
same zip (``generator.runtime.widgets_zip``) into real Pyodide from
``node_modules`` and runs:

- every shared vector file in ``tests/widgets/vectors/`` (working days, the
  checklist, the text checks, the walker, URL fragments, and the exact
  requests the browser's worker sends to ``widgets.browser``), asserting the
  values stored in the files;
- the real content: the exported checklists and pathway, walked and rendered
  in both runtimes, asserting Pyodide's output equals CPython's.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import vector_driver  # type: ignore[import-not-found]  # tests/pyodide is on sys.path (no __init__)

pytestmark = pytest.mark.pyodide

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
VECTORS = ROOT / "tests" / "widgets" / "vectors"
SAMPLE_EVERY = 20  # real paths walked in Pyodide: every 20th of the engine's all_paths, plus the first and last


def vector_suites() -> dict[str, dict[str, Any]]:
    suites: dict[str, dict[str, Any]] = {}
    for path in sorted(VECTORS.glob("*.json")):
        loaded = json.loads(path.read_text(encoding="utf-8"))
        if path.name == "workdays.json":  # a plain list of {start, days, expected}
            suites[path.stem] = {"kind": "workdays", "vectors": {"cases": loaded}}
        else:
            suites[path.stem] = {"kind": loaded["kind"], "vectors": loaded}
    return suites


def real_suites() -> dict[str, dict[str, Any]]:
    """The project's own content, as the exporter writes it for the browser."""
    from generator.exports import widget_data
    from generator.load import load_site
    from widgets.walker import all_paths

    site, _report = load_site(ROOT / "pathway_data")
    data = widget_data(site)
    suites: dict[str, dict[str, Any]] = {}
    checklists = data["checklists"]
    if checklists:
        bundle = {"checklists": list(checklists.values())}
        cases = []
        for checklist in bundle["checklists"]:
            every_yes = {c["id"]: "yes" for c in checklist.get("conditions", [])}
            items = [i["id"] for g in checklist["groups"] for i in g["items"]]
            cases.append({"name": f"{checklist['id']}: nothing done", "page": True,
                          "state": {"mode": checklist["mode"], "answers": {}, "checked": [], "notes": {}}})
            cases.append({"name": f"{checklist['id']}: every condition yes, half ticked, notes everywhere",
                          "state": {"mode": checklist["mode"], "answers": every_yes, "checked": items[::2],
                                    "notes": {i: f"Inappropriate DSL note {n} on 3/3/2025" for n, i in enumerate(items)}}})
        suites["real_checklists"] = {"kind": "checklist", "vectors": {"data": bundle, "cases": cases}}
    if data["pathway"]:
        pathway = data["pathway"]
        paths = all_paths(pathway)
        sample = sorted({0, len(paths) - 1, *range(0, len(paths), SAMPLE_EVERY)})
        cases = [{"name": f"path {i}", "entry": paths[i].entry, "answers": [list(a) for a in paths[i].answers],
                  "date": "2025-08-22", "time": "16:45", "at": paths[i].outcome} for i in sample]
        suites["real_walks"] = {"kind": "walker", "vectors": {"data": pathway, "cases": cases}}
        suites["real_pathway_whole"] = {"kind": "walker_whole", "vectors": {"data": pathway, "cases": [{"name": "all"}]}}
        first = paths[0]
        fragment = ""
        requests: list[dict[str, Any]] = [
            {"name": "load", "reset": True, "request": {"op": "load_walker", "pathway_file": "pathway", "base": "/"}},
            {"name": "start", "request": {"op": "walker_view", "fragment": ""}},
            {"name": "entry", "request": {"op": "walker_answer", "fragment": "", "node": "pw-start", "option": first.entry}},
        ]
        answered: list[tuple[str, str]] = []
        for node, option in first.answers:
            fragment = "e=" + first.entry + ("&a=" + ",".join(f"{n}.{o}" for n, o in answered) if answered else "")
            requests.append({"name": f"answer {node}", "request": {"op": "walker_answer", "fragment": fragment,
                                                                   "node": node, "option": option}})
            answered.append((node, option))
        suites["real_browser_walk"] = {"kind": "browser", "vectors": {"files": {"pathway": pathway}, "cases": requests}}
    return suites


def run_in_pyodide(suites: dict[str, dict[str, Any]], work: Path, trimmed: bool = True) -> dict[str, Any]:
    """Run the suites in Pyodide: with the trimmed standard library and lock file the site ships, or Pyodide's own."""
    from generator.runtime import pyodide_files, widgets_zip

    node = shutil.which("node")
    if node is None:
        pytest.fail("Node is not installed; `make test` needs Node 20+ (see README)")
    if not (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").is_file():
        pytest.fail("node_modules/pyodide is missing; run `npm ci` (make setup does)")
    (work / "widgets.zip").write_bytes(widgets_zip())
    (work / "suites.json").write_text(json.dumps(suites, ensure_ascii=False), encoding="utf-8")
    runtime: list[str] = []
    if trimmed:
        shipped = pyodide_files()
        for name in ("python_stdlib.zip", "pyodide-lock.json"):
            (work / name).write_bytes(shipped[f"assets/pyodide/{name}"])
            runtime.append(str(work / name))
    done = subprocess.run(
        [node, str(HERE / "run_vectors.mjs"), str(work / "widgets.zip"), str(HERE / "vector_driver.py"),
         str(work / "suites.json"), str(work / "out.json"), *runtime],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads((work / "out.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pyodide_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    suites = {**vector_suites(), **real_suites()}
    out = run_in_pyodide(suites, tmp_path_factory.mktemp("pyodide"))
    return {"suites": suites, "out": out}


def test_it_really_is_pyodide_running_python_3_14(pyodide_run: dict[str, Any]) -> None:
    assert pyodide_run["out"]["platform"] == "emscripten"
    assert pyodide_run["out"]["python"].startswith("3.14")


@pytest.mark.parametrize("name", sorted(p.stem for p in VECTORS.glob("*.json")))
def test_pyodide_computes_the_shared_vectors(pyodide_run: dict[str, Any], name: str) -> None:
    cases = pyodide_run["suites"][name]["vectors"]["cases"]
    got = pyodide_run["out"]["results"][name]
    assert len(got) == len(cases)
    for case, value in zip(cases, got, strict=True):
        assert value == case["expected"], f"{name}: {case.get('name') or case.get('note') or case}"


@pytest.mark.parametrize("name", ["real_checklists", "real_walks", "real_pathway_whole", "real_browser_walk"])
def test_pyodide_agrees_with_cpython_on_the_real_content(pyodide_run: dict[str, Any], name: str) -> None:
    suite = pyodide_run["suites"].get(name)
    if suite is None:
        pytest.skip(f"the content has nothing for {name}")
    expected = vector_driver.compute(suite["kind"], suite["vectors"])
    got = pyodide_run["out"]["results"][name]
    for case, want, value in zip(suite["vectors"]["cases"], expected, got, strict=True):
        assert value == want, f"{name}: {case.get('name')}"
    if name == "real_walks":  # the sample really walked to outcomes, with dates
        assert all(v["result"]["status"] == "outcome" for v in got)


def test_the_trimmed_standard_library_is_exactly_what_the_widgets_import(pyodide_run: dict[str, Any]) -> None:
    """The run above used the shipped zip; it imported every recorded module from it, and nothing else."""
    from generator.stdlib import recorded_modules

    loaded = pyodide_run["out"]["stdlib_loaded"]
    assert "json" in loaded and "datetime" in loaded  # really imported from the zip, not built in
    assert sorted(loaded) == sorted(recorded_modules()), (
        "generator/stdlib_modules.txt is stale: run `.venv/bin/python tests/pyodide/record_stdlib.py`")


def test_the_shipped_bytecode_is_for_pyodides_own_python(pyodide_run: dict[str, Any]) -> None:
    """Each .pyc in the zip starts with the magic number of the CPython inside Pyodide (not the host's)."""
    import io
    import zipfile

    from generator.runtime import stdlib_zip

    magic = bytes.fromhex(pyodide_run["out"]["magic"])
    with zipfile.ZipFile(io.BytesIO(stdlib_zip())) as archive:
        names = archive.namelist()
        assert names and all(name.endswith(".pyc") for name in names)
        assert {archive.read(name)[:4] for name in names} == {magic}
