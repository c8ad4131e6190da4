"""Precompression at build time: ``X.br`` (Brotli, quality 11) and ``X.gz`` beside every compressible file.

A school's connection is the bottleneck, and most hosts compress on the fly at
a low level (or not at all: a host set up from older ``hosting/`` files sent
Pyodide's 9.6 MB WebAssembly as it is).  The build writes both encodings once,
at the highest levels, and the ``hosting/`` examples serve them
(``brotli_static``/``gzip_static``, Apache rewrite rules); a browser that
accepts neither gets the plain file, which is always there too.

Deterministic: the same bytes always make the same ``.br`` and ``.gz`` (gzip
with no name and time 0), so a host or a sync tool sees unchanged files as
unchanged.  Brotli at quality 11 is slow (a minute for the WebAssembly), so a
file is compressed only once: first the previous site's copy is reused when
its source is identical (kept with its modification time), then the artifact
cache (``generator/artifact_cache.py``), and only then Brotli itself.
``PATHWAY_PRECOMPRESS=off`` skips the step (the test suite does, except where
it tests it).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
from pathlib import Path

import brotli

from . import artifact_cache

# What gains from compression: text, and the WebAssembly and stored zips (the widgets' standard library).
SUFFIXES = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".svg", ".xml", ".txt", ".map", ".zip", ".ico"}
THRESHOLD = 1024  # bytes: below one packet, compressing saves nothing measurable
WORTH_IT = 0.9  # keep an encoding only when it is at most 90% of the original (a deflated zip is not)
ENCODINGS = {".br": "br", ".gz": "gzip"}
BROTLI_QUALITY = 11


def enabled() -> bool:
    return os.environ.get("PATHWAY_PRECOMPRESS", "").lower() not in artifact_cache.OFF


def candidates(site: Path) -> list[Path]:
    """The files to compress: compressible suffix, over the threshold, not themselves an encoding."""
    return [
        path for path in sorted(site.rglob("*"))
        if path.is_file() and path.suffix in SUFFIXES and path.stat().st_size > THRESHOLD
    ]


def brotli_bytes(data: bytes) -> bytes:
    return brotli.compress(data, mode=brotli.MODE_GENERIC, quality=BROTLI_QUALITY)


def gzip_bytes(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)  # no file name, time 0: the same input, the same bytes


def _encode(data: bytes, suffix: str) -> bytes:
    """The encoding of ``data``, from the artifact cache when it has a sound copy."""
    name = artifact_cache.key(f"precompress{suffix}-q{BROTLI_QUALITY}", hashlib.sha256(data).digest())
    cached = artifact_cache.get(name)
    if cached is not None and _decodes_to(cached, suffix, data):
        return cached
    encoded = brotli_bytes(data) if suffix == ".br" else gzip_bytes(data)
    artifact_cache.put(name, encoded)
    return encoded


def _decodes_to(encoded: bytes, suffix: str, data: bytes) -> bool:
    try:
        return (brotli.decompress(encoded) if suffix == ".br" else gzip.decompress(encoded)) == data
    except (brotli.error, OSError, EOFError):
        return False


def precompress(site: Path, previous: Path | None = None) -> list[str]:
    """Write ``.br`` and ``.gz`` beside each candidate in ``site``; returns the site paths written anew.

    ``previous`` is the site this build replaces: an encoding whose source file is byte-identical there is
    copied with its time, not made again.
    """
    if not enabled():
        return []
    made: list[str] = []
    for path in candidates(site):
        data = path.read_bytes()
        rel = path.relative_to(site)
        old = previous / rel if previous is not None else None
        same = old is not None and _same_file(old, data)
        for suffix in ENCODINGS:
            target = path.with_name(path.name + suffix)
            if same and old is not None and _reuse(old.with_name(old.name + suffix), target, suffix, data):
                continue
            encoded = _encode(data, suffix)
            if len(encoded) > WORTH_IT * len(data):
                continue
            target.write_bytes(encoded)
            made.append(target.relative_to(site).as_posix())
    return made


def _same_file(old: Path, data: bytes) -> bool:
    try:
        return old.stat().st_size == len(data) and old.read_bytes() == data
    except OSError:
        return False


def _reuse(old: Path, target: Path, suffix: str, data: bytes) -> bool:
    try:
        encoded = old.read_bytes()
    except OSError:
        return False
    if not _decodes_to(encoded, suffix, data):
        return False
    shutil.copy2(old, target)
    return True
