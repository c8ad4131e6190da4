"""Run ``mkdocs serve`` as a child process that never outlives ``pathway serve``.

Python's default reaction to SIGTERM is to die on the spot, so an editor's stop
button, ``kill`` or a CI time limit used to end ``pathway serve`` and leave its
``mkdocs serve`` child running, orphaned, still holding the port.  Here
SIGTERM, SIGINT and SIGHUP are caught and passed to the child once, as SIGINT:
that is MkDocs' own clean shutdown (it stops its server and deletes its
temporary site folder, which SIGTERM would leave behind).  A child still
running after a grace period is terminated, then killed.  Leaving any other way
(an exception in the parent, a normal return) stops the child the same way.

The child runs in its own session, so Ctrl+C in a terminal reaches only
``pathway serve``, which passes it on exactly once: a second SIGINT straight
from the terminal would interrupt MkDocs' shutdown and print a traceback.
(A parent killed with SIGKILL cannot clean up after itself; nothing here helps
with that.)
"""

from __future__ import annotations

import signal
import subprocess
import threading
from collections.abc import Callable, Sequence
from types import FrameType
from typing import Any

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
POLL_SECONDS = 0.5  # how often the wait looks at whether a stop was asked for
GRACE_SECONDS = 10.0  # MkDocs stops in well under a second; a loaded 2-core machine gets ample slack


def run_until_stopped(command: Sequence[str]) -> int:
    """Run ``command`` until it exits or a stop signal arrives; return its exit code, or 0 when asked to stop.

    Stopping on request is a normal end for a development server, hence 0.
    Signal handlers can only be set from the main thread; elsewhere the child
    is still stopped when this returns or raises.
    """
    requested = threading.Event()
    interrupted = threading.Event()  # SIGINT has gone to the child: never twice (see the module docstring)
    child: subprocess.Popen[bytes] | None = None

    def interrupt() -> None:
        if child is not None and not interrupted.is_set():
            interrupted.set()
            child.send_signal(signal.SIGINT)  # a no-op once it has exited

    def on_stop_signal(signum: int, frame: FrameType | None) -> None:
        requested.set()
        interrupt()

    previous = _install(on_stop_signal)
    code = 0
    try:
        child = subprocess.Popen(list(command), start_new_session=True)
        if requested.is_set():  # the signal came while the child was starting
            interrupt()
        while not requested.is_set():
            try:
                code = child.wait(timeout=POLL_SECONDS)
                break
            except subprocess.TimeoutExpired:
                continue
    finally:
        if child is not None:
            interrupt()
            _stop(child)
        _restore(previous)
    return 0 if requested.is_set() else code


def _stop(child: subprocess.Popen[bytes]) -> None:
    """Wait for an interrupted child; one that outlasts the grace period gets SIGTERM, then SIGKILL."""
    for escalation in (None, signal.SIGTERM, signal.SIGKILL):
        if escalation is not None:
            child.send_signal(escalation)
        try:
            child.wait(timeout=GRACE_SECONDS)
            return
        except subprocess.TimeoutExpired:
            continue


Handler = Callable[[int, FrameType | None], None]


def _install(handler: Handler) -> dict[int, Any]:
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {signum: signal.signal(signum, handler) for signum in STOP_SIGNALS}


def _restore(previous: dict[int, Any]) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)
