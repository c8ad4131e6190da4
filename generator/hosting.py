"""How a host should deliver the built site: precompressed files, their types, and how long to cache what.

One table, three uses: the ``hosting/`` examples (nginx, Apache, Cloudflare
Pages; written with the security headers by ``python -m generator.csp``), the
reference server below (``PrecompressedHandler``) that the tests and
``bench/widget_boot.py`` use to serve the site the way those examples do, and
the tests that compare the two.

- **Encodings.** ``pathway build`` writes ``X.br`` and ``X.gz`` beside each
  compressible file (``generator/compress.py``).  A request whose
  ``Accept-Encoding`` allows Brotli gets ``X.br``, else one allowing gzip gets
  ``X.gz``, else ``X``; always with ``X``'s own ``Content-Type`` and
  ``Vary: Accept-Encoding``.
- **Caching.** The runtime (``assets/pyodide/``, ``assets/widgets/``) is always
  requested with ``?v=<runtime version>`` (``generator/runtime.py``), so its
  URLs change with every version and a year's ``immutable`` cache is safe: a
  teacher's second visit downloads none of it.  Everything else (pages, the
  widget data, whose URL does not change when the content does) is cached
  for five minutes, so a correction reaches readers quickly.
"""

from __future__ import annotations

import http.server
import os
import re
from pathlib import Path

IMMUTABLE = "public, max-age=31536000, immutable"
SHORT = "public, max-age=300"
IMMUTABLE_PREFIXES = ("/assets/pyodide/", "/assets/widgets/")
# Suffix → (Content-Encoding, the order a server tries them in).
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".wasm": "application/wasm",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".zip": "application/zip",
    ".ico": "image/x-icon",
}


def cache_control(path: str) -> str:
    """The Cache-Control for a URL path (``/assets/pyodide/pyodide.asm.wasm``, ``/guides/x/``)."""
    return IMMUTABLE if path.startswith(IMMUTABLE_PREFIXES) else SHORT


def accepted(header: str | None) -> list[str]:
    """The encodings the client accepts, in the server's order of preference (``q=0`` refuses one)."""
    allowed: dict[str, float] = {}
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        match = re.search(r"q\s*=\s*([^;\s]*)", params)
        if match:
            try:
                quality = float(match.group(1))
            except ValueError:
                quality = 0.0
        if name.strip():
            allowed[name.strip().lower()] = quality
    star = allowed.get("*", 0.0)
    return [name for name, _suffix in ENCODINGS if allowed.get(name, star) > 0]


# --- the examples' text --------------------------------------------------------------------------------

def _type_pattern() -> str:
    return "|".join(sorted(suffix.lstrip(".") for suffix in CONTENT_TYPES))


def nginx_lines() -> list[str]:
    """Server-level directives: serve the .br/.gz files (``brotli_static`` needs the ngx_brotli module)."""
    return ["# Precompressed files: `pathway build` writes X.br and X.gz beside each compressible file.",
            "# brotli_static needs the ngx_brotli module; without it, delete that line (gzip_static is built in).",
            "brotli_static on;", "gzip_static on;", "gzip_vary on;"]


def nginx_cache(path: str) -> str:
    return f'add_header Cache-Control "{cache_control(path)}" always;'


def apache_lines() -> list[str]:
    """mod_rewrite serves X.br or X.gz when the client accepts it; the type and encoding are set here."""
    lines = ["# Precompressed files (mod_rewrite, mod_headers): `pathway build` writes X.br and X.gz beside each",
             "# compressible file; serve one when the browser accepts it, with the original file's type.",
             "RemoveType .br .gz", "RemoveEncoding .br .gz",
             "<IfModule mod_rewrite.c>", "  RewriteEngine On"]
    for encoding, suffix in ENCODINGS:
        lines += [f'  RewriteCond "%{{HTTP:Accept-Encoding}}" "\\b{encoding}\\b"',
                  f'  RewriteCond "%{{REQUEST_FILENAME}}{suffix}" -s',
                  f'  RewriteRule "^(.+)\\.({_type_pattern()})$" "$1.$2{suffix}" [L]']
    for suffix, content_type in CONTENT_TYPES.items():
        bare = content_type.split(";")[0]
        for _encoding, enc_suffix in ENCODINGS:
            lines.append(f'  RewriteRule "\\{suffix}\\{enc_suffix}$" "-" [T={bare},E=no-gzip:1,E=no-brotli:1]')
    lines.append("</IfModule>")
    for encoding, suffix in ENCODINGS:
        lines += [f'<FilesMatch "\\{suffix}$">', "  <IfModule mod_headers.c>",
                  f"    Header set Content-Encoding {encoding}", "    Header append Vary Accept-Encoding",
                  "  </IfModule>", "</FilesMatch>"]
    prefixes = "|".join(re.escape(p.strip("/")) for p in IMMUTABLE_PREFIXES).replace("\\/", "/")
    lines += ["<IfModule mod_headers.c>", f'  Header always set Cache-Control "{SHORT}"',
              f'  <If "%{{REQUEST_URI}} =~ m#^/({prefixes})/#">',
              f'    Header always set Cache-Control "{IMMUTABLE}"', "  </If>", "</IfModule>"]
    return lines


def pages_lines() -> list[str]:
    """Cloudflare Pages compresses by itself (Brotli or gzip, by the browser's Accept-Encoding); caching only."""
    lines = ["", "# Cloudflare Pages compresses every response itself (Brotli or gzip, as the browser accepts) and does",
             "# not use the .br and .gz files the build writes: only caching is set here. Pages and data: five",
             "# minutes; the versioned runtime (always requested with ?v=...): a year.",
             "/*", f"  Cache-Control: {SHORT}"]
    for prefix in IMMUTABLE_PREFIXES:
        lines += ["", f"{prefix}*", "  ! Cache-Control", f"  Cache-Control: {IMMUTABLE}"]
    return lines


# --- the reference server --------------------------------------------------------------------------------

class PrecompressedHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that behaves like the hosting/ examples: negotiated .br/.gz, types, Cache-Control.

    For tests and benchmarks on loopback only (``directory=`` the built site); quiet, HTTP/1.1.
    """

    protocol_version = "HTTP/1.1"
    extra_headers: dict[str, str] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the redirect to the slash
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            return super().send_head()  # 404 as usual
        suffix = Path(path).suffix
        chosen, encoding = path, None
        for name in accepted(self.headers.get("Accept-Encoding")):
            candidate = path + dict(ENCODINGS)[name]
            if os.path.isfile(candidate):
                chosen, encoding = candidate, name
                break
        handle = open(chosen, "rb")  # noqa: SIM115 -- closed by copyfile's caller
        size = os.fstat(handle.fileno()).st_size
        self.send_response(200)
        self.send_header("Content-Type", CONTENT_TYPES.get(suffix) or self.guess_type(path))
        self.send_header("Content-Length", str(size))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if suffix in CONTENT_TYPES:
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Cache-Control", cache_control(self.path.split("?", 1)[0]))
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        self.end_headers()
        return handle
