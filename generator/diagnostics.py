"""Problems found in content, reported the way compilers report them.

Authors are not programmers: every problem carries a file, a line, a column,
a stable code (so the bad-input corpus can assert on it) and a hint that says
what to do next.  Nothing in the loader or validator raises to the user; it
collects diagnostics instead, so one run reports everything.

One error per cause: a check that depends on something that failed (a
reference to a guide whose file does not parse, a citation when sources.yml
is missing, the nodes after an unreachable one) is not reported as an error
of its own.  It is recorded as :class:`Unchecked` against its root, and the
root error says how many such checks it holds back (``format(verbose=True)``
lists them), the way a compiler suppresses an error cascade.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


def content_relative(path: Path, root: Path) -> Path:
    """How a file is named in messages: from the content folder's parent (``pathway_data/guides/x.yml``)."""
    try:
        return path.relative_to(root.parent)
    except ValueError:
        return path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    def format(self) -> str:
        text = f"{self.location()}: {self.severity.value}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


# How a root error's note counts what it holds back, per kind of dependent check:
# (singular, plural, what happens to them).
_KINDS = {
    "reference": ("reference", "references", "to it {are} not checked until it is fixed"),
    "citation": ("citation", "citations", "{are} not checked until it is fixed"),
    "quotation source": ("quotation source", "quotation sources", "{are} not checked until it is fixed"),
    "same source": ("more citation", "more citations", "of this source {are} counted here, not repeated"),
    "local fact": ("local fact of the profile", "local facts of the profile",
                   "{are} not checked for use until it is fixed"),
    "reachability": ("node", "nodes", "{are} not checked for reachability until it is fixed"),
    "after": ("node", "nodes", "after it {are} unreachable through it too"),
}


@dataclass(frozen=True, order=True)
class Unchecked:
    """A check held back because what it checks against failed: counted under its root error.

    ``root`` is the file whose first error is the root; ``root_at`` (line, col, code) names one
    diagnostic of that file instead, for roots that are not a whole file failing (a broken pathway link).
    """

    root: str
    path: str
    line: int
    col: int
    kind: str
    what: str
    root_at: tuple[int, int, str] | None = None

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.what}"


@dataclass
class Report:
    """Everything one run found, in the order found."""

    items: list[Diagnostic] = field(default_factory=list)
    unchecked: list[Unchecked] = field(default_factory=list)

    def add(
        self,
        path: Path | str,
        line: int,
        col: int,
        code: str,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.items.append(Diagnostic(str(path), line, col, code, message, hint, severity))

    def defer(self, root: Path | str, path: Path | str, line: int, col: int, kind: str, what: str,
              root_at: tuple[int, int, str] | None = None) -> None:
        """Record a check that depends on ``root``, instead of an error of its own."""
        self.unchecked.append(Unchecked(str(root), str(path), line, col, kind, what, root_at))

    def extend(self, other: Report) -> None:
        self.items.extend(other.items)
        self.unchecked.extend(other.unchecked)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def held_back(self) -> dict[int, list[Unchecked]]:
        """The dependent checks each root error holds back, by the root's index in ``items``.

        A file's root is its first error; one whose root cannot be found (it should not happen)
        goes to the first error of all, so nothing is ever silently dropped.
        """
        first_error: dict[str, int] = {}
        exact: dict[tuple[str, int, int, str], int] = {}
        for index, item in enumerate(self.items):
            if item.severity is Severity.ERROR:
                first_error.setdefault(item.path, index)
                exact.setdefault((item.path, item.line, item.col, item.code), index)
        found: dict[int, list[Unchecked]] = {}
        fallback = next(iter(sorted(first_error.values())), None)
        for entry in self.unchecked:
            if entry.root_at is not None:
                index = exact.get((entry.root, *entry.root_at))
            else:
                index = first_error.get(entry.root)
            index = fallback if index is None else index
            if index is not None:
                found.setdefault(index, []).append(entry)
        return found

    @staticmethod
    def note(entries: list[Unchecked], verbose: bool = False) -> str:
        """One line saying what a root error holds back, e.g. '3 references to it are not checked …'."""
        counts = Counter(entry.kind for entry in entries)
        parts = []
        for kind, count in sorted(counts.items(), key=lambda pair: list(_KINDS).index(pair[0])):
            singular, plural, rest = _KINDS[kind]
            parts.append(f"{count} {singular if count == 1 else plural} {rest.format(are='is' if count == 1 else 'are')}")
        text = "; ".join(parts)
        return text + (":" if verbose else " (pathway check --verbose lists them)")

    def format(self, verbose: bool = False) -> str:
        held = self.held_back()
        lines = []
        for index, item in enumerate(self.items):
            lines.append(item.format())
            entries = held.get(index)
            if entries:
                lines.append(f"    note: {self.note(entries, verbose)}")
                if verbose:
                    lines.extend(f"        {entry.format()}" for entry in sorted(entries))
        return "\n".join(lines)


class BuildFailed(Exception):
    """A build stopped, with one line saying why (and the content's report, when content was the reason).

    Defined here, below every stage, so the post-build audit can raise it without importing the build
    that calls it; ``generator.build.BuildFailed`` is the same class.
    """

    def __init__(self, message: str, report: Report | None = None) -> None:
        super().__init__(message)
        self.report = report
