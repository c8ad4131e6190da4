"""Stopping ``pathway serve`` stops MkDocs' server with it.

An editor's stop button, ``kill`` or a CI time limit sends SIGTERM; a terminal's
Ctrl+C sends SIGINT.  Either way ``pathway serve`` must exit 0 without a
traceback, and leave no ``mkdocs serve`` behind: no process, nothing listening
on the port, no temporary site folder.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.incremental import fetch
from bench.timing import free_port
from generator import child_process
from generator.child_process import run_until_stopped
from tests.conftest import FIXTURE, ROOT
from tests.serving import STARTUP_LIMIT, wait_until_served

STOP_LIMIT = 60.0  # seconds: a failure bound only; MkDocs normally stops in well under one


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state is [0], parent pid [1], start time [19])."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()


def descendants(pid: int) -> set[tuple[int, str]]:
    """Every process below ``pid``, as (pid, start time) so a reused pid is never mistaken for it."""
    parents: dict[int, list[tuple[int, str]]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (fields := _stat(int(entry.name))) is not None:
            parents.setdefault(int(fields[1]), []).append((int(entry.name), fields[19]))
    found: set[tuple[int, str]] = set()
    todo = [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.add(child)
            todo.append(child[0])
    return found


def still_running(process: tuple[int, str]) -> bool:
    fields = _stat(process[0])
    return fields is not None and fields[19] == process[1] and fields[0] != "Z"


def mkdocs_folders(tmpdir: Path) -> list[str]:
    return [p.name for p in tmpdir.iterdir() if p.name.startswith("mkdocs_")]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, Path, Path]]:
    """``pathway serve`` over the fixture content on a free port, serving; yields (process, url, stderr, tmpdir)."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs Linux /proc to see the server's child processes")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    tmpdir = tmp_path / "tmp"  # where MkDocs makes its temporary site folder
    tmpdir.mkdir()
    stdout, stderr = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    command = [sys.executable, "-m", "generator.cli", "serve", "--data", str(FIXTURE),
               "--work", str(tmp_path / "work"), "--port", str(port)]
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=err, env={**os.environ, "TMPDIR": str(tmpdir)})
    try:
        wait_until_served(process, url, stderr)
        yield process, url, stderr, tmpdir
    finally:
        children = descendants(process.pid) if process.poll() is None else set()
        if process.poll() is None:
            process.kill()
            process.wait()
        for pid, _ in children:  # never leave a server behind, even when the test failed
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_ends_serve_and_its_mkdocs_server(served: tuple[subprocess.Popen[bytes], str, Path, Path],
                                                        signum: signal.Signals) -> None:
    process, url, stderr, tmpdir = served
    children = descendants(process.pid)
    assert children, "pathway serve runs MkDocs' server as a child process"
    assert mkdocs_folders(tmpdir), "MkDocs keeps the pages it serves in a temporary folder"

    process.send_signal(signum)
    try:
        code = process.wait(timeout=STOP_LIMIT)
    except subprocess.TimeoutExpired:
        pytest.fail(f"pathway serve was still running {STOP_LIMIT:.0f} s after {signum.name}")
    leftover = [pid for pid, started in children if still_running((pid, started))]
    try:
        assert leftover == []  # MkDocs' server stopped with it
        assert code == 0  # being asked to stop is how a development server ends
        assert fetch(url) is None  # nothing listens on the port any more
        assert mkdocs_folders(tmpdir) == []  # MkDocs shut down its own way and removed that folder
        assert "Traceback" not in stderr.read_text()
    finally:
        for pid in leftover:
            os.kill(pid, signal.SIGKILL)


# -- the same guarantee, in-process, for every way the wait can end --------------------------------

CHILD = """
import os, pathlib, signal, sys, time
folder = pathlib.Path(sys.argv[1])
if sys.argv[2] == "deaf":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a server that ignores Ctrl+C
(folder / "ready").write_text(str(os.getpid()))
try:
    time.sleep(600)
except KeyboardInterrupt:
    (folder / "interrupted").write_text("")  # shut down its own way, as MkDocs does on SIGINT
"""


@pytest.fixture(autouse=True)
def no_child_left(tmp_path: Path) -> Iterator[None]:
    """Whatever a test below does, the child it started does not outlive it."""
    yield
    ready = tmp_path / "ready"
    if ready.exists() and ready.read_text():
        try:
            os.kill(int(ready.read_text()), signal.SIGKILL)
        except ProcessLookupError:
            pass


def when_child_ready(folder: Path, action: Callable[[], None]) -> None:
    """Run ``action`` from another thread once the child has set itself up."""

    def wait_then_act() -> None:
        deadline = time.monotonic() + STARTUP_LIMIT
        while not (folder / "ready").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        action()

    threading.Thread(target=wait_then_act, daemon=True).start()


def child_command(folder: Path, kind: str = "polite") -> list[str]:
    return [sys.executable, "-c", CHILD, str(folder), kind]


def child_alive(folder: Path) -> bool:
    fields = _stat(int((folder / "ready").read_text()))
    return fields is not None and fields[0] != "Z"


def test_sigterm_interrupts_the_child_and_returns_0(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    when_child_ready(tmp_path, lambda: os.kill(os.getpid(), signal.SIGTERM))
    assert run_until_stopped(child_command(tmp_path)) == 0
    assert not child_alive(tmp_path)
    assert (tmp_path / "interrupted").exists()
    assert signal.getsignal(signal.SIGTERM) == before  # the caller's own handling is back


def test_leaving_through_an_exception_still_stops_the_child(tmp_path: Path) -> None:
    class ParentFailed(Exception):
        pass

    def fail(signum: int, frame: object) -> None:
        raise ParentFailed

    previous = signal.signal(signal.SIGALRM, fail)
    try:
        when_child_ready(tmp_path, lambda: signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGALRM))
        with pytest.raises(ParentFailed):
            run_until_stopped(child_command(tmp_path))
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert not child_alive(tmp_path)
    assert (tmp_path / "interrupted").exists()


def test_a_child_that_ignores_the_interrupt_is_terminated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(child_process, "GRACE_SECONDS", 0.5)
    when_child_ready(tmp_path, lambda: os.kill(os.getpid(), signal.SIGTERM))
    assert run_until_stopped(child_command(tmp_path, "deaf")) == 0
    assert not child_alive(tmp_path)
    assert not (tmp_path / "interrupted").exists()


def test_a_child_that_exits_by_itself_gives_its_exit_code() -> None:
    assert run_until_stopped([sys.executable, "-c", "raise SystemExit(3)"]) == 3
