"""Measuring commands, describing the machine, and keeping benchmark files out of the project.

Every figure is measured in one run, never asserted.  The machine has two cores
and is often shared, so a child process's CPU time (user + system, from
``wait4``) is reported beside its wall-clock time: CPU time is much less
disturbed by other work on the machine, and a ratio of CPU times is the
steadier comparison.  The load average at the moment of measurement is
recorded with the figures so a reader can judge the noise.
"""

from __future__ import annotations

import os
import platform
import shlex
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PATHWAY = [PYTHON, "-m", "generator.cli"]
MKDOCS = [PYTHON, "-m", "mkdocs"]
BENCH_DIR = Path(os.environ.get("PATHWAY_BENCH_DIR", "/tmp/pathway-bench"))


@dataclass
class Run:
    """One command's cost: wall-clock seconds, CPU seconds (user + system) and peak memory."""

    command: list[str]
    wall: float
    cpu: float
    max_rss_mb: float
    returncode: int
    output: str

    @property
    def shown(self) -> str:
        return display(self.command)


def display(command: list[str]) -> str:
    """The command as a reader would type it, with paths shortened."""
    words = [PYTHON_SHORT.get(word, word) for word in command]
    text = shlex.join(words)
    return text.replace(str(BENCH_DIR), "$BENCH").replace(str(PROJECT) + "/", "")


PYTHON_SHORT = {PYTHON: ".venv/bin/python"}


def run(command: list[str], cwd: Path = PROJECT, check: bool = True, env: dict[str, str] | None = None,
        memory_cap_gb: float | None = None) -> Run:
    """Run a command to completion and measure it (its own CPU time and peak RSS, via wait4).

    ``memory_cap_gb`` limits the child's address space, so an engine that runs away with memory
    fails on its own instead of exhausting a shared machine.
    """

    def cap() -> None:
        import resource

        limit = int(memory_cap_gb * 1024**3)  # type: ignore[operator]
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, **(env or {})}, preexec_fn=cap if memory_cap_gb else None)
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    result = Run(command, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, output)
    if check and result.returncode != 0:
        raise RuntimeError(f"{result.shown} failed ({result.returncode}):\n{output[-3000:]}")
    return result


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} (1 min), {five:.1f} (5 min)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def versions() -> str:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    packages = ", ".join(f"{name} {version(name)}" for name in ("mkdocs", "mkdocs-material", "pydantic", "PyYAML", "Jinja2"))
    return f"Python {platform.python_version()}; {packages}"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}){memory}"


def header(title: str) -> list[str]:
    """The lines every results section starts with: what ran, where, when, how busy the machine was."""
    return [
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} on {machine()}; {versions()}.",
        f"Load average when {title} started: {load_average()}.",
        "",
    ]


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "n/a"
