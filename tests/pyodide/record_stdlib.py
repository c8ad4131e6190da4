"""Record which standard-library modules the widgets import under Pyodide; writes generator/stdlib_modules.txt.

    .venv/bin/python tests/pyodide/record_stdlib.py

Runs every shared widget vector and the real content (the same suites as
``test_pyodide_vectors.py``) in Pyodide under Node with Pyodide's *full*
standard library, then writes the sorted names of every module imported from
the standard-library zip.  The build ships only those (``generator.stdlib``).
Run it after a widget starts importing something new: ``test_stdlib_trim.py``
and the Pyodide vectors fail until you do.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]

from test_pyodide_vectors import real_suites, run_in_pyodide, vector_suites  # noqa: E402

from generator.stdlib import write_module_list  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        out = run_in_pyodide({**vector_suites(), **real_suites()}, Path(work), trimmed=False)
    path = write_module_list(out["stdlib_loaded"])
    print(f"{len(out['stdlib_loaded'])} modules -> {path}")


if __name__ == "__main__":
    main()
