"""Content-addressed store for slow, pure build products (Brotli at quality 11, the compiled standard library).

Compressing Pyodide's 9.6 MB WebAssembly at Brotli quality 11 takes a minute and
compiling the trimmed standard library starts Pyodide under Node; both depend
only on their input bytes, so each result is kept under a hash of everything
that made it and every later build (or test session, or worktree) reuses it.
A damaged or missing entry is a miss, never an error.  The folder is
``PATHWAY_ARTIFACTS`` if set (``off`` for none), else ``$XDG_CACHE_HOME/pathway``
(``~/.cache/pathway``): outside the work folder on purpose, because tests
build into fresh temporary folders.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

OFF = {"off", "0", "no", "false"}


def folder() -> Path | None:
    """The one place that decides where artifacts are kept (None: keep nothing)."""
    setting = os.environ.get("PATHWAY_ARTIFACTS", "")
    if setting.lower() in OFF:
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pathway" / "artifacts"


def key(*parts: bytes | str) -> str:
    """A hash of every input that decides an artifact; each part is length-prefixed so parts cannot run together."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def get(name: str) -> bytes | None:
    where = folder()
    if where is None:
        return None
    try:
        return (where / name[:2] / name).read_bytes()
    except OSError:
        return None


def put(name: str, data: bytes) -> None:
    """Store atomically (a half-written entry is never read); a read-only or full disk just keeps nothing."""
    where = folder()
    if where is None:
        return
    target = where / name[:2] / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
    except OSError:
        pass
