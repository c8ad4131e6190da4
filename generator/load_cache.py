"""Remembering what each content file loaded as, keyed by its bytes.

Parsing YAML with positions and validating it with pydantic is most of what
``pathway check`` costs (about 2 ms per file; 4.5 s for a 1,000-guide site),
yet between two runs an author has usually changed one file.  Loading a file
is a pure function of its bytes, its model, its name, the project's Markdown
extensions (what the safe-text check renders with) and this code, so its
result -- the model, the parsed document with its line numbers, and the
diagnostics it produced -- is stored under a hash of exactly those and
reused while they are unchanged.

Entries are pickles, so the folder is trusted like ``.venv``: it lives in the
git-ignored work folder, only this module writes it, and content never names
it.  A damaged or unreadable entry is a miss, never an error.  ``PATHWAY_CACHE``
moves the folder; ``PATHWAY_CACHE=off`` turns caching off.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import struct
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from widgets import refs

from .diagnostics import Diagnostic
from .yaml_source import Document

GENERATOR = Path(__file__).resolve().parent
# Code outside the package that decides what a file loads as: the reference kinds the models' patterns are made of.
SHARED_SOURCES = (Path(refs.__file__).resolve(),)
_HEADER = struct.Struct("<Q")  # length of the (model, diagnostics) pickle; the document's follows it
# Pruning starts once entries outnumber this many per entry a run used (old versions of edited
# files, other content folders), and removes only entries no run has used for a day.
_SLACK = 2
_MIN_KEPT = 256
_IDLE_SECONDS = 24 * 3600


def code_version() -> bytes:
    """A digest of everything that decides what a file loads as: this package's code and its parsers."""
    global _CODE_VERSION
    if _CODE_VERSION is None:
        digest = hashlib.blake2b(digest_size=16)
        digest.update(sys.version.encode())
        for dist in ("pydantic", "pydantic-core", "PyYAML"):
            digest.update(f"{dist}={importlib.metadata.version(dist)};".encode())
        for source in sorted(GENERATOR.rglob("*.py")):
            digest.update(source.relative_to(GENERATOR).as_posix().encode())
            digest.update(source.read_bytes())
        for source in SHARED_SOURCES:
            digest.update(source.name.encode())
            digest.update(source.read_bytes())
        _CODE_VERSION = digest.digest()
    return _CODE_VERSION


_CODE_VERSION: bytes | None = None


class LazyDocument(Document):
    """A cached document, unpickled only when a position or its data is first asked for.

    Most files of a clean site are never asked where a value sits, so the larger half
    of an entry (every value's line and column) stays as bytes.
    """

    def __init__(self, path: Path, blob: bytes) -> None:  # not the dataclass's fields, on purpose
        self.path = path
        self._blob: bytes | None = blob

    def __getattr__(self, name: str) -> Any:
        # Only reached while ``data`` and ``positions`` are not yet set.
        blob = self.__dict__.get("_blob")
        if name not in {"data", "positions"} or blob is None:
            raise AttributeError(name)
        try:
            loaded: Document = pickle.loads(blob)
        except Exception:  # noqa: BLE001 - a damaged entry: parse the file again (its bytes matched the key)
            loaded = _reparse(self.path)
        self.data, self.positions, self._blob = loaded.data, loaded.positions, None
        return getattr(self, name)


def _reparse(path: Path) -> Document:
    from .yaml_source import YamlProblem, parse

    try:
        return parse(path)
    except (YamlProblem, OSError, RecursionError):  # changed meanwhile: positions fall back to the first line
        return Document(path, None)


@dataclass
class Loaded:
    """One file's load: its document (None if it did not parse), its model, what it reported."""

    document: Document | None
    model: Any
    diagnostics: list[Diagnostic]


class LoadCache:
    """A folder of loaded files, one entry per (bytes, model, name, code) hash."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    @classmethod
    def default(cls, work: Path) -> LoadCache | None:
        """The cache the commands use: ``PATHWAY_CACHE`` if set (``off`` for none), else ``work/cache``."""
        setting = os.environ.get("PATHWAY_CACHE", "")
        if setting.lower() in {"off", "0", "no", "false"}:
            return None
        return cls(Path(setting) if setting else work / "cache")

    def key(self, raw: bytes, model: type, name: str, rules: bytes = b"") -> str:
        """The entry for a file's bytes, read as ``model`` under ``name`` with the project's Markdown ``rules``."""
        digest = hashlib.blake2b(code_version(), digest_size=20)
        digest.update(f"{model.__module__}.{model.__qualname__}\0{name}\0".encode())
        digest.update(rules + b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def get(self, key: str, path: Path) -> Loaded | None:
        entry = self.folder / key[:2] / key
        try:
            blob = entry.read_bytes()
            (size,) = _HEADER.unpack_from(blob)
            model, diagnostics = pickle.loads(blob[_HEADER.size : _HEADER.size + size])
            rest = blob[_HEADER.size + size :]
        except Exception:  # noqa: BLE001 - missing, truncated or damaged: load the file instead
            self.misses += 1
            return None
        self.used.add(key)
        self.hits += 1
        try:
            os.utime(entry)  # its age says when a run last used it (see prune)
        except OSError:
            pass
        return Loaded(LazyDocument(path, rest) if rest else None, model, diagnostics)

    def put(self, key: str, loaded: Loaded) -> None:
        head = pickle.dumps((loaded.model, loaded.diagnostics), protocol=pickle.HIGHEST_PROTOCOL)
        tail = b"" if loaded.document is None else pickle.dumps(loaded.document, protocol=pickle.HIGHEST_PROTOCOL)
        target = self.folder / key[:2] / key
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, tmp = tempfile.mkstemp(prefix=".entry-", dir=target.parent)
            with os.fdopen(handle, "wb") as out:
                out.write(_HEADER.pack(len(head)) + head + tail)
            os.replace(tmp, target)
        except OSError:  # a read-only or full disk only costs speed
            return
        self.used.add(key)

    def prune(self, now: float | None = None) -> int:
        """Once entries far outnumber this run's, drop those unused for a day; returns how many."""
        try:
            entries = [entry for sub in self.folder.iterdir() if sub.is_dir() for entry in sub.iterdir()]
        except OSError:
            return 0
        if len(entries) <= max(_MIN_KEPT, (_SLACK + 1) * len(self.used)):
            return 0
        cutoff = (time.time() if now is None else now) - _IDLE_SECONDS
        removed = 0
        for entry in entries:
            try:
                if entry.name not in self.used and entry.stat().st_mtime < cutoff:
                    entry.unlink()
                    removed += 1
            except OSError:
                pass
        return removed
