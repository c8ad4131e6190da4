"""The test environment is the lock: every setup path installs requirements/*.txt exactly.

A setup that bypasses the lock (a bare ``pip install -e .[test]``) resolves whatever is newest on
the day, which is how a dependency's release once broke a newcomer's first ``make test``.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
LOCKS = ROOT / "requirements"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)(?:\s*;\s*(?P<marker>[^\\]+?))?\s*\\?$")


def locked(lock: Path) -> dict[str, str]:
    """Name → version pinned for this interpreter (universal locks fork some packages by marker)."""
    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match and (match["marker"] is None or Marker(match["marker"]).evaluate()):
            pins[canonicalize_name(match["name"])] = match["version"]
    return pins


def test_every_locked_package_is_installed_at_its_locked_version() -> None:
    pins = locked(LOCKS / "test.txt")
    assert len(pins) > 30
    wrong = {}
    for name, version in pins.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            wrong[name] = f"locked {version}, installed {installed}"
    assert wrong == {}, "run `make setup-test` (it installs requirements/test.txt)"


def test_every_locked_package_carries_hashes() -> None:
    for lock in ("runtime.txt", "test.txt"):
        text = (LOCKS / lock).read_text(encoding="utf-8")
        entries = re.split(r"\n(?=[a-z0-9])", text.split("\n", 2)[2])
        for entry in entries:
            if "==" in entry:
                assert "--hash=sha256:" in entry, f"{lock}: {entry.splitlines()[0]} has no hash"


def test_the_test_lock_agrees_with_the_runtime_lock() -> None:
    runtime, test = locked(LOCKS / "runtime.txt"), locked(LOCKS / "test.txt")
    assert {name: test.get(name) for name in runtime} == runtime


@pytest.mark.parametrize("group", ["runtime", "test"])
def test_pyproject_ranges_admit_the_locked_versions(group: str) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = project["dependencies"] if group == "runtime" else project["optional-dependencies"]["test"]
    pins = locked(LOCKS / f"{group}.txt")
    for spec in wanted:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is in pyproject.toml but not in requirements/{group}.txt: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"requirements/{group}.txt pins {name}=={pins[name]}, outside pyproject's {requirement.specifier}"
        )
