"""MkDocs hooks for ``pathway serve`` only: the error panel on every page (see ``generator.preview``).

Named in the serve config (``<work>/serve.yml``) and nowhere else, so ``pathway build`` and
other engines never run it.  Every hook keeps MkDocs serving whatever goes wrong here: a
preview that stops serving is worse than one without a panel.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator import preview

_engine: list[str] = []
_state: dict[str, Any] = {}


class _Collect(logging.Handler):
    """MkDocs' warnings during one build: broken links and the like, shown in the panel."""

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            _engine.append(record.getMessage())


_HANDLER = _Collect()


def on_pre_build(config: Any) -> None:
    _engine.clear()
    _state.clear()
    logger = logging.getLogger("mkdocs")
    if _HANDLER not in logger.handlers:
        logger.addHandler(_HANDLER)
    work = Path(config.config_file_path).parent
    _state.update(preview.read_state(work))


def _problems() -> list[dict[str, Any]]:
    found = list(_state.get("problems") or [])
    sources = _state.get("sources") or {}
    root = Path(_state.get("root") or ".")
    found.extend(preview.engine_problem(message, sources, root) for message in _engine)
    return found


def on_post_page(output: str, page: Any, config: Any) -> str:
    try:
        base = urlsplit(config.site_url or "/").path or "/"
        return preview.inject(output, _problems(), base if base.endswith("/") else base + "/")
    except Exception:  # noqa: BLE001 - the page without a panel, never a failed preview
        return output


def on_post_build(config: Any) -> None:
    try:
        preview.copy_assets(Path(config.site_dir))
    except OSError:
        pass
