"""Problems found in content, reported the way compilers report them.

Authors are not programmers: every problem carries a file, a line, a column,
a stable code (so the bad-input corpus can assert on it) and a hint that says
what to do next.  Nothing in the loader or validator raises to the user; it
collects diagnostics instead, so one run reports everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


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

    def format(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity.value}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


@dataclass
class Report:
    """Everything one run found, in the order found."""

    items: list[Diagnostic] = field(default_factory=list)

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

    def extend(self, other: Report) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))

    def format(self) -> str:
        return "\n".join(d.format() for d in self.items)
