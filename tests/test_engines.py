"""One site, two engines (issue 18): MkDocs + Material and Zensical build the same generated docs folder.

What differs between them lives in ``generator/engines.py``; these tests hold each difference to what it
must do, and hold both built sites to the same promises (search, sitemap, no inline script, the CSP).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import yaml

from generator import csp, engines
from generator.build import BuildFailed, build, generate, load_and_check
from generator.cli import main
from tests.conftest import CONTENT, FIXTURE

pytestmark = pytest.mark.slow


def generated_config(tmp_path: Path, engine: str) -> dict:
    generated = generate(load_and_check(FIXTURE), tmp_path / "work", engine=engine)
    return yaml.safe_load(generated.config.read_text(encoding="utf-8"))


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_generated_config_names_its_docs_folder_relative_to_itself(tmp_path: Path, engine: str) -> None:
    """An absolute docs_dir makes Zensical panic; a relative one builds identically on MkDocs."""
    config = generated_config(tmp_path, engine)
    assert config["docs_dir"] == "docs"
    assert (tmp_path / "work" / config["docs_dir"] / "index.md").is_file()


def test_the_mkdocs_config_carries_no_zensical_setting_and_the_strict_policy(tmp_path: Path) -> None:
    config = generated_config(tmp_path, "mkdocs")
    assert "site_dir" not in config and "variant" not in config["theme"] and config["strict"] is True
    assert config["extra"]["engine"] == {"name": "mkdocs", "search_plugin": "material/search", "search_ui": "material"}
    assert config["extra"]["content_security_policy"] == csp.meta_policy()
    assert "sha256" not in config["extra"]["content_security_policy"]


def test_the_zensical_config_keeps_materials_look_its_site_inside_and_one_style_hash(tmp_path: Path) -> None:
    config = generated_config(tmp_path, "zensical")
    assert config["theme"]["variant"] == "classic"
    site_dir = (tmp_path / "work" / config["site_dir"]).resolve()
    assert site_dir.is_relative_to((tmp_path / "work").resolve())
    assert config["extra"]["engine"] == {"name": "zensical", "search_plugin": "search", "search_ui": "zensical"}
    policy = dict(d.split(" ", 1) for d in config["extra"]["content_security_policy"].split("; "))
    hashes = re.findall(r"'sha256-[A-Za-z0-9+/]+={0,2}'", policy["style-src"])
    assert policy["style-src"] == "'self' " + hashes[0] and len(hashes) == 1
    # Nothing else is wider than under MkDocs.
    strict = dict(d.split(" ", 1) for d in csp.meta_policy().split("; "))
    assert {k: v for k, v in policy.items() if k != "style-src"} == {k: v for k, v in strict.items() if k != "style-src"}


def test_the_style_hash_is_of_the_stylesheet_zensicals_search_inserts() -> None:
    import base64
    import hashlib

    bundle = engines.ZensicalEngine().bundle().read_text(encoding="utf-8")
    name = re.search(r'attachShadow\(\{mode:"open"\}\);\w+\.appendChild\(\w+\("style",\{\},(\w+)\.', bundle).group(1)
    text = re.search(r"\b" + name + r"='([^']*)'", bundle).group(1)
    assert len(text) > 1000  # the whole stylesheet, not a fragment
    expected = "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"
    assert engines.shadow_style_hash(bundle) == expected


def test_a_bundle_that_makes_its_search_style_differently_stops_the_build() -> None:
    with pytest.raises(engines.EngineFailed, match="not supported"):
        engines.shadow_style_hash('var a=1;x.attachShadow({mode:"open"});x.appendChild(C("style",{},css()))')
    with pytest.raises(engines.EngineFailed, match="not a plain string"):
        engines.shadow_style_hash('var Q="a\\"b";r.attachShadow({mode:"open"});o.appendChild(C("style",{},Q.toString()))')


def zensical_warning(file: str, line: int, column: int, message: str = "anchor does not exist") -> str:
    return (f"Warning: {message}\n    ╭─[ {file}:{line}:{column} ]\n    │\n {line} │ …\n    │ ──┬──\n"
            f"    │   ╰── {message}\n────╯\n")


def test_only_the_walkers_state_links_may_miss_an_anchor(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "pathway").mkdir(parents=True)
    state = "[Open this step in the walker](../tools/what-happens-next.md#e=entry-a&a=q-yes){ target=\"_self\" }"
    anchor = "[Next](#step-missing)"
    (docs / "pathway" / "index.md").write_text(f"# Pathway\n\n{state}\n\n{anchor}\n", encoding="utf-8")
    state_column = state.index("#e=") + 2  # 1-based: the fragment's first character
    anchor_column = anchor.index("#step") + 2
    output = ("Build started\n" + zensical_warning("pathway/index.md", 3, state_column)
              + zensical_warning("pathway/index.md", 5, anchor_column)
              + zensical_warning("guides/x.md", 1, 1, "link target does not exist") + "3 issues found\n")
    assert engines.unexpected_warnings(output, docs) == ["pathway/index.md:5: anchor does not exist",
                                                         "guides/x.md:1: link target does not exist"]
    assert engines.unexpected_warnings("Build started\n" + zensical_warning("pathway/index.md", 3, state_column),
                                       docs) == []


def test_zensical_reports_only_state_links_on_the_real_site(tmp_path: Path) -> None:
    """The real pathway page has 64 state links; every one is let through and nothing else is reported."""
    import os
    import subprocess

    generated = generate(load_and_check(CONTENT), tmp_path / "work", engine="zensical")
    zensical = engines.ZensicalEngine()
    result = subprocess.run(zensical.build_command(generated.config), cwd=generated.config.parent, capture_output=True,
                            text=True, env={**os.environ, "NO_COLOR": "1"})
    output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    assert result.returncode == 0, output[-2000:]
    reported = len(re.findall(r"^\s*Warning:", output, re.MULTILINE))
    docs = tmp_path / "work" / "docs"
    state_links = sum(page.read_text(encoding="utf-8").count(".md#e=") for page in docs.rglob("*.md"))
    assert reported == state_links
    assert engines.unexpected_warnings(output, generated.docs) == []


def test_a_failed_zensical_build_leaves_the_previous_site_untouched(fixture_copy: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "marker.txt").write_text("last good site")
    failing = [sys.executable, "-c", "import sys; print('Warning: link target does not exist'); sys.exit(0)"]
    monkeypatch.setattr(engines.ZensicalEngine, "build_command", lambda self, config: failing)
    with pytest.raises(BuildFailed, match="Zensical could not build the site: 1 warning"):
        build(fixture_copy, out, work=tmp_path / "work", engine="zensical")
    assert sorted(p.name for p in out.iterdir()) == ["marker.txt"]
    assert not list(tmp_path.glob(".site.*")) and not (tmp_path / "work" / engines.ZENSICAL_SITE_DIR).exists()


def test_a_zensical_build_replaces_the_site_whole_and_leaves_nothing_behind(fixture_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "stale.html").write_text("old")
    assert main(["build", "--data", str(fixture_copy), "--out", str(out), "--work", str(tmp_path / "work"),
                 "--engine", "zensical", "--preview"]) == 0
    assert not (out / "stale.html").exists()
    assert (out / "guides" / "test-guide" / "index.html").is_file() and (out / "search.json").is_file()
    assert not list(tmp_path.glob(".site.*")) and not (tmp_path / "work" / engines.ZENSICAL_SITE_DIR).exists()


def test_a_missing_engine_is_one_located_line_not_a_traceback(fixture_copy: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(engines.ZensicalEngine, "available", lambda self: False)
    out = tmp_path / "site"
    assert main(["build", "--data", str(fixture_copy), "--out", str(out), "--engine", "zensical"]) == 1
    err = capsys.readouterr().err
    assert "Zensical is not installed" in err and "Traceback" not in err and not out.exists()
    assert main(["serve", "--data", str(fixture_copy), "--engine", "zensical", "--port", "1"]) == 1
    assert "Zensical is not installed" in capsys.readouterr().err


# --- Both built sites keep the same promises ------------------------------------------------------------

def test_search_finds_strategy_discussion_in_the_police_guide(engine_site: tuple[str, Path]) -> None:
    name, site = engine_site
    entries = engines.search_index(site, name)
    hits = {e.location.split("#")[0] for e in entries if "strategy discussion" in e.text.lower()}
    assert "guides/police-initial-response/" in hits


def test_the_sitemap_lists_every_page_but_the_embeds(engine_site: tuple[str, Path]) -> None:
    name, site = engine_site
    locations = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    paths = {loc.replace("&#x2f;", "/").split("://", 1)[1].split("/", 1)[1] for loc in locations}
    assert "guides/police-initial-response/" in paths and "cases/iopc-39-case-1/" in paths
    assert (site / "embed" / "cases" / "iopc-39-case-1" / "index.html").is_file()
    assert not [p for p in paths if p.startswith("embed/")]


def test_no_page_of_either_engine_has_inline_script_or_style(engine_site: tuple[str, Path]) -> None:
    name, site = engine_site
    policy = csp.meta_policy(style_hashes=engines.engine(name).inline_style_hashes())
    found = {}
    for path in site.rglob("*.html"):
        audit = csp.audit_html(path.read_text(encoding="utf-8"))
        problems = audit.problems + ["style"] * (audit.style_elements + audit.style_attributes)
        if problems or audit.csp_meta != [policy]:
            found[str(path.relative_to(site))] = problems or audit.csp_meta
    assert found == {}


def test_pathway_serve_runs_zensicals_server_and_stops_it(tmp_path: Path) -> None:
    """`pathway serve --engine zensical`: Zensical's own server (no --strict) serves the site, and stops with it."""
    import os
    import signal
    import subprocess
    import time

    from bench.incremental import fetch
    from bench.timing import free_port
    from tests.conftest import ROOT
    from tests.test_serve_stop import STARTUP_LIMIT, STOP_LIMIT, descendants, still_running

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    stderr = tmp_path / "stderr.txt"
    command = [sys.executable, "-m", "generator.cli", "serve", "--engine", "zensical", "--data", str(FIXTURE),
               "--work", str(tmp_path / "work"), "--port", str(port)]
    with stderr.open("wb") as err:
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
    children: set[tuple[int, str]] = set()
    try:
        deadline = time.monotonic() + STARTUP_LIMIT
        while (page := fetch(url + "guides/test-guide/")) is None:
            assert process.poll() is None and time.monotonic() < deadline, stderr.read_text()[-3000:]
            time.sleep(0.2)
        children = descendants(process.pid)
        assert any("zensical" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace") for pid, _ in children)
        assert "sha256-" in page and "Leave this site" in page
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=STOP_LIMIT) == 0
        assert [c for c in children if still_running(c)] == [] and fetch(url) is None
        assert "Traceback" not in stderr.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid, started in children:
            if still_running((pid, started)):
                os.kill(pid, signal.SIGKILL)
