"""Waiting for a `pathway serve` started by a test: poll its address until it answers or the process dies."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from bench.incremental import fetch

STARTUP_LIMIT = 300.0  # seconds: generating and serving the fixture on two busy cores; a bound, not a measurement


def wait_until_served(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    """Return once ``url`` answers; fail the test with the end of ``log`` if the server exits or never answers."""
    deadline = time.monotonic() + STARTUP_LIMIT
    while fetch(url) is None:
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"pathway serve did not serve {url}:\n{log.read_text()[-3000:]}")
        time.sleep(0.2)
