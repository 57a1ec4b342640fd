"""Bulk work off the GUI thread: importing a large zip, exporting all cases, purging, restoring.

:func:`run_bulk` shows a progress dialog (with 取消 where stopping half-way is safe), runs ``work`` on the
thread pool (through :func:`desktop.ui.workers.run_task`) and delivers its result on the GUI thread.
``work(progress, cancelled)`` gets plain callables: ``progress(done, total, text)`` only records the
latest step under a lock (the GUI thread reads it on a timer — no signal crosses threads into the
dialog, which is closed while the worker may still be winding down), ``cancelled()`` reads a flag the
dialog's button sets.  It must open its own database connection (``AppContext.sibling``) — the GUI's
stays on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.ui import strings as S
from desktop.ui.workers import run_task

Progress = Callable[[int, int, str], None]
Work = Callable[[Progress, Callable[[], bool]], Any]
POLL_MS = 100


class _Latest:
    """The most recent progress step, written by the worker, read by the GUI thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.step: tuple[int, int, str] | None = None

    def set(self, done: int, total: int, text: str) -> None:
        with self.lock:
            self.step = (done, total, text)

    def take(self) -> tuple[int, int, str] | None:
        with self.lock:
            step, self.step = self.step, None
            return step


def run_bulk(parent: QWidget, title: str, work: Work, done: Callable[[Any], None],
             failed: Callable[[Exception], None], cancellable: bool = True) -> QProgressDialog:
    stop = threading.Event()
    latest = _Latest()
    dialog = QProgressDialog(title, S.CANCEL if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    # a lambda, not the bound method ``stop.set``: Qt keeps a bound method's object only weakly, so the worker,
    # dropping the last reference to ``stop`` with its task, would tear the connection down on its thread
    # while the GUI thread disconnects the dialog — each waiting for what the other holds (a deadlock)
    dialog.canceled.connect(lambda: stop.set())
    timer = QTimer(dialog)
    timer.setInterval(POLL_MS)

    def show_step() -> None:
        step = latest.take()
        if step is not None:
            n, total, text = step
            dialog.setMaximum(max(total, 0))
            dialog.setValue(n)
            if text:
                dialog.setLabelText(f"{title}\n{text}")

    timer.timeout.connect(show_step)
    timer.start()

    def finish(handler: Callable[[Any], None], value: Any) -> None:
        # A modal progress dialog runs a nested event loop inside setValue(): the result may arrive there.
        # Close the dialog and hand over the result only after that loop has returned.
        timer.stop()

        def close_then_hand_over() -> None:
            dialog.canceled.disconnect()
            dialog.hide()
            dialog.deleteLater()
            handler(value)

        QTimer.singleShot(0, close_then_hand_over)

    run_task(lambda: work(latest.set, stop.is_set), lambda v: finish(done, v), lambda e: finish(failed, e))
    return dialog
