"""One way every write from a view is guarded, and the excepthook for what escapes.

- :func:`guarded` runs an action: a :class:`~desktop.core.errors.UserError` becomes a warning box with its
  one line; any other exception is a bug — its traceback goes to the rotating, owner-only log in the data
  dir and the user sees a short Chinese message naming the log.  Returns None when the action failed.
- :func:`install_excepthook` catches exceptions raised in Qt slots (which Python would otherwise print
  and swallow, or abort on) the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.core.errors import UserError
from desktop.ui import strings as S

T = TypeVar("T")
_data_dir: Path | None = None


def set_data_dir(path: Path) -> None:
    global _data_dir
    _data_dir = path


def bug_message(exc: BaseException) -> str:
    from desktop.logs import log_exception  # logging.handlers: not needed until something goes wrong

    where = log_exception(exc, _data_dir)
    return S.BUG_MESSAGE.format(kind=type(exc).__name__, log=where or S.LOG_UNWRITABLE)


def report(parent: QWidget | None, exc: BaseException) -> str:
    """Show ``exc`` to the user (a user error as it is, a bug as a short message); returns the text."""
    text = str(exc) if isinstance(exc, UserError) else bug_message(exc)
    box = QMessageBox(QMessageBox.Icon.Warning, S.APP_TITLE, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    if QApplication.instance() is not None and not getattr(report, "silent", False):
        box.exec()
    report.last = text  # type: ignore[attr-defined]  # read by tests
    return text


def guarded(parent: QWidget | None, action: Callable[[], T]) -> T | None:
    """Run a user action; tell the user when it fails (see the module docstring)."""
    try:
        return action()
    except Exception as exc:  # a UserError is expected; anything else is logged as a bug
        report(parent, exc)
        return None


def install_excepthook() -> None:
    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if isinstance(exc, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        report(QApplication.activeWindow(), exc.with_traceback(tb))

    sys.excepthook = hook
