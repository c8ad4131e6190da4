"""`pathway build` writes .br (quality 11) and .gz beside each compressible file, the same bytes every time."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import brotli
import pytest

from generator import artifact_cache, compress


@pytest.fixture
def compressing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Precompression on (the suite turns it off), with a private artifact cache."""
    monkeypatch.setenv("PATHWAY_PRECOMPRESS", "on")
    monkeypatch.setenv("PATHWAY_ARTIFACTS", str(tmp_path / "artifacts"))
    return tmp_path / "artifacts"


def a_site(root: Path) -> Path:
    text = "".join(f"<p>Paragraph {n} of a page about what happens next.</p>\n" for n in range(200))
    files = {
        "index.html": text,
        "assets/app.js": "const x = 1;\n" * 400,
        "search/search_index.json": '{"docs": []}' + " " * 4000,
        "assets/pyodide/pyodide.asm.wasm": b"\0asm" + bytes(range(256)) * 64,
        "tiny.css": "a{}",  # under the threshold
        "photo.png": b"\x89PNG" + b"\0" * 5000,  # not a compressible type
        "deflated.zip": os.urandom(4000),  # incompressible: no encoding is kept
    }
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode() if isinstance(data, str) else data)
    return root


def test_each_compressible_file_over_the_threshold_gets_br_and_gz_that_decode_to_it(compressing: Path,
                                                                                  tmp_path: Path) -> None:
    site = a_site(tmp_path / "site")
    made = compress.precompress(site)
    for rel in ("index.html", "assets/app.js", "search/search_index.json", "assets/pyodide/pyodide.asm.wasm"):
        original = (site / rel).read_bytes()
        assert brotli.decompress((site / f"{rel}.br").read_bytes()) == original
        assert gzip.decompress((site / f"{rel}.gz").read_bytes()) == original
        assert f"{rel}.br" in made and f"{rel}.gz" in made
    for rel in ("tiny.css", "photo.png", "deflated.zip"):
        assert not (site / f"{rel}.br").exists() and not (site / f"{rel}.gz").exists(), rel


def test_brotli_is_quality_11(compressing: Path, tmp_path: Path) -> None:
    site = a_site(tmp_path / "site")
    compress.precompress(site)
    data = (site / "index.html").read_bytes()
    assert (site / "index.html.br").read_bytes() == brotli.compress(data, quality=11)
    assert len(brotli.compress(data, quality=11)) < len(brotli.compress(data, quality=4))


def test_the_same_files_make_the_same_bytes_and_an_unchanged_file_is_not_rewritten(compressing: Path,
                                                                                    tmp_path: Path) -> None:
    first = a_site(tmp_path / "first")
    compress.precompress(first)
    second = a_site(tmp_path / "second")
    (second / "assets/app.js").write_text("const y = 2;\n" * 400, encoding="utf-8")  # one file changed
    os.utime(first / "index.html.br", ns=(1_000_000_000, 1_000_000_000))
    made = compress.precompress(second, previous=first)
    for rel in ("index.html.br", "index.html.gz", "search/search_index.json.br", "assets/pyodide/pyodide.asm.wasm.gz"):
        assert (second / rel).read_bytes() == (first / rel).read_bytes(), rel
    assert (second / "index.html.br").stat().st_mtime_ns == 1_000_000_000  # copied with its time, not made again
    assert made == ["assets/app.js.br", "assets/app.js.gz"]
    assert gzip.decompress((second / "assets/app.js.gz").read_bytes()).startswith(b"const y")
    assert (second / "assets/app.js.gz").read_bytes()[4:8] == b"\0\0\0\0"  # gzip's time field is zero


def test_a_damaged_cache_entry_is_a_miss_not_a_wrong_file(compressing: Path, tmp_path: Path) -> None:
    site = a_site(tmp_path / "site")
    compress.precompress(site)
    for entry in compressing.rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"damaged")
    again = a_site(tmp_path / "again")
    compress.precompress(again)
    assert brotli.decompress((again / "index.html.br").read_bytes()) == (again / "index.html").read_bytes()


def test_off_writes_nothing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATHWAY_PRECOMPRESS", "off")
    site = a_site(tmp_path / "site")
    assert compress.precompress(site) == []
    assert not list(site.rglob("*.br"))


def test_the_artifact_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATHWAY_PRECOMPRESS", "on")
    monkeypatch.setenv("PATHWAY_ARTIFACTS", "off")
    assert artifact_cache.folder() is None
    site = a_site(tmp_path / "site")
    compress.precompress(site)
    assert (site / "index.html.br").is_file()
