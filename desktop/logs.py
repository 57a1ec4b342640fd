"""The error log: tracebacks of bugs (never of user errors) go to ``<data dir>/logs/qingdan.log``, rotated
(3 files of 1 MB), owner-only.  Used by the CLI's last-resort handler and the GUI's excepthook."""

from __future__ import annotations

import logging
import os
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_DIR = "logs"
LOG_NAME = "qingdan.log"
_handlers: dict[Path, RotatingFileHandler] = {}


class _PrivateRotatingHandler(RotatingFileHandler):
    """Every file it opens (the log and each rotation) is created 0600."""

    def _open(self):  # type: ignore[no-untyped-def]  # logging's own signature
        old = os.umask(0o077)
        try:
            return super()._open()
        finally:
            os.umask(old)


def log_path(data_dir: Path) -> Path:
    return data_dir / LOG_DIR / LOG_NAME


def _logger(data_dir: Path) -> logging.Logger:
    path = log_path(data_dir)
    logger = logging.getLogger(f"qingdan.{path}")
    if path not in _handlers:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        handler = _PrivateRotatingHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
        _handlers[path] = handler
    return logger


def log_exception(exc: BaseException, data_dir: Path | None = None, context: str = "") -> Path | None:
    """Write the traceback to the log; returns the log's path, or None when it cannot be written.

    Never raises: it runs when something has already gone wrong.
    """
    try:
        if data_dir is None:
            from desktop import paths

            data_dir = paths.data_dir()
        text = "".join(traceback.format_exception(exc))
        _logger(data_dir).error("%s\n%s", context or type(exc).__name__, text)
        for handler in _handlers.values():
            handler.flush()
        return log_path(data_dir)
    except Exception:
        return None
