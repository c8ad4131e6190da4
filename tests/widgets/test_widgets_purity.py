"""The widget core stays portable: standard library only, 3.11 syntax, no APIs deprecated by 3.14."""

from __future__ import annotations

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "widgets"
MODULES = sorted(PACKAGE.glob("*.py"))
BUILD_ONLY = {"build_calendar.py": {"holidays"}}
# Names deprecated or removed by Python 3.14 (or legacy APIs we should not lean on).
BANNED_ATTRS = {
    "utcnow", "utcfromtimestamp", "get_event_loop", "ByteString", "find_loader", "get_loader", "getdefaultlocale",
    "open_text", "open_binary", "read_binary", "contents", "is_resource", "path",
}
BANNED_ATTR_OWNERS = {"resources", "datetime", "dt", "asyncio", "typing", "pkgutil", "locale", "codecs"}


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name)
def test_stdlib_only_and_311_syntax(module: Path) -> None:
    tree = ast.parse(module.read_text(encoding="utf-8"), feature_version=(3, 11))
    assert ast.get_docstring(tree), f"{module.name} needs a docstring saying why it exists"
    allowed = set(sys.stdlib_module_names) | BUILD_ONLY.get(module.name, set())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots = [alias.name.split(".")[0] for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots = [(node.module or "").split(".")[0]]
        else:
            roots = []
        for root in roots:
            assert root in allowed or root == "__future__", f"{module.name} imports {root}"
        if isinstance(node, ast.Attribute) and node.attr in BANNED_ATTRS:
            owner = node.value.id if isinstance(node.value, ast.Name) else getattr(node.value, "attr", "")
            assert owner not in BANNED_ATTR_OWNERS, f"{module.name} uses {owner}.{node.attr}"
    public = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))]
    public += [m for c in tree.body if isinstance(c, ast.ClassDef) for m in c.body if isinstance(m, ast.FunctionDef)]
    for node in public:
        if not node.name.startswith("_"):
            assert ast.get_docstring(node), f"{module.name}: {node.name} has no docstring"


def _run_isolated(code: str, path: str) -> str:
    """Run code with no site-packages at all (-S -I): only the standard library and ``path``."""
    script = f"import sys; sys.path.insert(0, {path!r}); " + code
    done = subprocess.run([sys.executable, "-S", "-I", "-W", "error", "-c", script],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


SMOKE = (
    "import datetime, json; "
    "from widgets import checklist, render, walker, workdays; "
    "print(workdays.add_working_days(datetime.date(2025, 5, 2), 1)); "
    "print(walker.decode_fragment('e=a&a=b.c&d=2025-05-02').entry); "
    "assert 'holidays' not in sys.modules"
)


def test_runs_without_third_party_packages() -> None:
    assert _run_isolated(SMOKE, str(PACKAGE.parent)).splitlines() == ["2025-05-06", "a"]


def test_runs_from_a_zip(tmp_path: Path) -> None:
    """The browser gets the package as a zip; the calendar data must load from one."""
    archive = tmp_path / "widgets.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for file in sorted(PACKAGE.rglob("*")):
            if file.is_file() and "__pycache__" not in file.parts:
                zf.write(file, file.relative_to(PACKAGE.parent).as_posix())
    assert _run_isolated(SMOKE, str(archive)).splitlines() == ["2025-05-06", "a"]


def test_calendar_data_is_in_the_package() -> None:
    assert (PACKAGE / "data" / "bank_holidays.json").is_file()
