"""Publishing: no absolute link to this machine in a site built to publish; discovery links, robots.txt, walker embed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import main
from generator.publishing import LoopbackSiteUrl, is_loopback, published_url
from tests.conftest import FIXTURE


@pytest.mark.parametrize("url", ["http://127.0.0.1:8000/", "http://localhost:8000", "http://[::1]/", "http://0.0.0.0/",
                                 "http://127.1.2.3/x/", "http://preview.localhost/"])
def test_loopback_addresses(url: str) -> None:
    assert is_loopback(url)


@pytest.mark.parametrize("url", ["https://guidance.example.org/", "http://10.0.0.5/", "https://127.0.0.1.example.org/"])
def test_other_addresses(url: str) -> None:
    assert not is_loopback(url)


def test_the_configured_loopback_site_url_is_refused_unless_a_preview_is_asked_for(tmp_path: Path) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_url: http://127.0.0.1:8000/\n", encoding="utf-8")
    with pytest.raises(LoopbackSiteUrl, match="an address on this machine only"):
        published_url(config, None, preview=False)
    assert published_url(config, None, preview=True) is None  # mkdocs.yml's, as before
    assert published_url(config, "https://guidance.example.org/", preview=False) == "https://guidance.example.org/"
    with pytest.raises(LoopbackSiteUrl, match="--site-url"):
        published_url(config, "http://localhost:9000/", preview=False)
    with pytest.raises(LoopbackSiteUrl, match="not an http"):
        published_url(config, "guidance.example.org", preview=False)
    config.write_text("site_name: x\n", encoding="utf-8")
    with pytest.raises(LoopbackSiteUrl, match="gives no site_url"):
        published_url(config, None, preview=False)


def test_pathway_build_refuses_it_in_one_line_and_leaves_the_last_site(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("last good", encoding="utf-8")
    code = main(["build", "--data", str(FIXTURE), "--out", str(site), "--work", str(tmp_path / "work")])
    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    assert [line for line in err.splitlines() if line.startswith("build failed:")] == [
        line for line in err.splitlines() if "an address on this machine only" in line]
    assert (site / "index.html").read_text(encoding="utf-8") == "last good"


@pytest.mark.slow
def test_site_url_on_the_command_line_makes_every_absolute_address(tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert main(["build", "--data", str(FIXTURE), "--out", str(site), "--work", str(tmp_path / "work"),
                 "--site-url", "https://training.example.org/pathway/"]) == 0
    robots = (site / "robots.txt").read_text(encoding="utf-8")
    assert robots == "User-agent: *\nAllow: /\n\nSitemap: https://training.example.org/pathway/sitemap.xml\n"
    everything = "".join(p.read_text(encoding="utf-8") for p in site.rglob("*") if p.suffix in {".html", ".json", ".xml", ".txt"})
    assert "127.0.0.1" not in everything


def test_the_walker_page_offers_embed_code_for_its_embed_page(built_fixture_site: Path) -> None:
    html = (built_fixture_site / "tools" / "what-happens-next" / "index.html").read_text(encoding="utf-8")
    (src,) = re.findall(r"&lt;iframe src=&#34;([^&]+)&#34;", html)
    assert src.endswith("/embed/what-happens-next/")
    assert (built_fixture_site / "embed" / "what-happens-next" / "index.html").is_file()
    assert 'href="../../embed/what-happens-next/"' in html  # the preview link
    assert (built_fixture_site / "robots.txt").is_file()
