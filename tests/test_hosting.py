"""The built site served the way the hosting/ examples serve it: precompressed files, right types, caching.

``generator.hosting.PrecompressedHandler`` is the reference behaviour the nginx,
Apache and Cloudflare examples are written from (one table in
generator/hosting.py); this test builds a site with precompression on, serves
it on loopback and checks what a browser would get for each Accept-Encoding.
"""

from __future__ import annotations

import functools
import gzip
import http.client
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest

from generator import hosting
from generator.csp import host_examples
from tests.conftest import FIXTURE

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def compressed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import os

    from generator.build import build

    base = tmp_path_factory.mktemp("compressed-build")
    os.environ["PATHWAY_PRECOMPRESS"] = "on"  # the suite turns it off (tests/conftest.py)
    try:
        build(FIXTURE, base / "site", work=base / "work")
    finally:
        os.environ["PATHWAY_PRECOMPRESS"] = "off"
    return base / "site"


@pytest.fixture(scope="module")
def port(compressed_site: Path) -> Iterator[int]:
    handler = functools.partial(hosting.PrecompressedHandler, directory=str(compressed_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port: int, path: str, accept: str | None) -> tuple[int, dict[str, str], bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept-Encoding": accept} if accept is not None else {}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


def test_the_build_wrote_br_and_gz_for_the_runtime_pages_and_search_index(compressed_site: Path) -> None:
    for rel in ("assets/pyodide/pyodide.asm.wasm", "assets/pyodide/pyodide.asm.mjs", "assets/pyodide/python_stdlib.zip",
                "assets/widgets/bridge.js", "index.html", "search/search_index.json"):
        assert (compressed_site / f"{rel}.br").is_file(), rel
        assert (compressed_site / f"{rel}.gz").is_file(), rel


@pytest.mark.parametrize(("accept", "encoding"), [
    ("gzip, deflate, br, zstd", "br"),
    ("br", "br"),
    ("gzip", "gzip"),
    ("br;q=0, gzip", "gzip"),
    ("identity", None),
    (None, None),
    ("*", "br"),
])
def test_each_browser_gets_the_best_encoding_it_accepts_with_the_files_own_type(
        compressed_site: Path, port: int, accept: str | None, encoding: str | None) -> None:
    original = (compressed_site / "assets/pyodide/pyodide.asm.wasm").read_bytes()
    status, headers, body = get(port, "/assets/pyodide/pyodide.asm.wasm?v=0123456789ab", accept)
    assert status == 200
    assert headers["content-type"] == "application/wasm"  # so WebAssembly.instantiateStreaming accepts it
    assert headers.get("content-encoding") == encoding
    assert headers["vary"] == "Accept-Encoding"
    assert int(headers["content-length"]) == len(body)
    decoded = brotli.decompress(body) if encoding == "br" else gzip.decompress(body) if encoding == "gzip" else body
    assert decoded == original
    if encoding:
        assert len(body) < len(original) * 0.4


def test_pages_are_html_compressed_and_cached_briefly(compressed_site: Path, port: int) -> None:
    status, headers, body = get(port, "/", "br")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert headers["content-encoding"] == "br"
    assert brotli.decompress(body) == (compressed_site / "index.html").read_bytes()
    assert headers["cache-control"] == "public, max-age=300"


def test_the_versioned_runtime_is_cached_for_a_year_and_the_data_is_not(port: int) -> None:
    for path in ("/assets/pyodide/python_stdlib.zip?v=1", "/assets/widgets/worker.js?v=1", "/assets/widgets/widgets.zip"):
        assert get(port, path, "br")[1]["cache-control"] == "public, max-age=31536000, immutable", path
    status, headers, _ = get(port, "/search/search_index.json", "gzip")
    assert status == 200 and headers["content-encoding"] == "gzip" and headers["content-type"] == "application/json"
    assert headers["cache-control"] == "public, max-age=300"


def test_the_runtime_s_licence_notice_is_beside_it_and_served_like_the_rest(compressed_site: Path, port: int) -> None:
    """MPL 2.0 (Pyodide's licence; the npm package has no licence file): say so, and where the source is."""
    import json

    from generator import runtime

    package = json.loads((runtime.pyodide_folder() / "package.json").read_text(encoding="utf-8"))
    notice = (compressed_site / "assets" / "pyodide" / "NOTICE.txt").read_text(encoding="utf-8")
    assert package["license"] == "MPL-2.0"
    assert f"Pyodide {package['version']}" in notice and "licence MPL-2.0" in notice
    assert "You can obtain one at https://mozilla.org/MPL/2.0/." in notice
    assert f"https://github.com/pyodide/pyodide (the release tagged {package['version']})" in notice
    assert "Python Software Foundation License Version 2" in notice
    status, headers, body = get(port, "/assets/pyodide/NOTICE.txt", "br")
    assert status == 200 and headers["content-type"] == "text/plain; charset=utf-8"
    assert headers["content-encoding"] == "br" and brotli.decompress(body) == notice.encode("utf-8")


def test_a_file_without_an_encoding_and_a_missing_file_are_served_as_usual(port: int) -> None:
    assert get(port, "/no-such-page/", "br")[0] == 404
    status, headers, _ = get(port, "/assets/pyodide/pyodide-lock.json?v=1", "br")  # 111 bytes: not compressed
    assert status == 200 and "content-encoding" not in headers


def test_the_host_examples_say_what_the_reference_server_does() -> None:
    files = host_examples()
    nginx = files["hosting/nginx/pathway-headers.conf"]
    assert "brotli_static on;" in nginx and "gzip_static on;" in nginx
    for prefix in hosting.IMMUTABLE_PREFIXES:
        block = nginx.split(f"location {prefix} {{", 1)[1].split("}", 1)[0]
        assert f'add_header Cache-Control "{hosting.IMMUTABLE}" always;' in block
    assert f'add_header Cache-Control "{hosting.SHORT}" always;' in nginx.split("location / {", 1)[1].split("}", 1)[0]
    apache = files["hosting/apache/.htaccess"]
    for suffix, content_type in hosting.CONTENT_TYPES.items():
        for _encoding, enc in hosting.ENCODINGS:
            assert f'RewriteRule "\\{suffix}\\{enc}$" "-" [T={content_type.split(";")[0]},' in apache
    assert "Header set Content-Encoding br" in apache and "Header set Content-Encoding gzip" in apache
    assert hosting.IMMUTABLE in apache and hosting.SHORT in apache
    pages = files["hosting/cloudflare-pages/_headers"]
    assert f"/assets/pyodide/*\n  ! Cache-Control\n  Cache-Control: {hosting.IMMUTABLE}" in pages


@pytest.mark.parametrize(("header", "expected"), [
    ("gzip, deflate, br", ["br", "gzip"]), ("gzip;q=1.0, br;q=0", ["gzip"]), ("", []), ("*;q=0", []),
    ("*", ["br", "gzip"]), ("BR", ["br"]), ("gzip;q=bad", []),
])
def test_accept_encoding_is_read_with_its_weights(header: str, expected: list[str]) -> None:
    assert hosting.accepted(header) == expected
