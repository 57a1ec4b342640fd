"""Bulk work off the GUI thread: importing a large zip, exporting all cases, purging, restoring.

:func:`run_bulk` shows a progress dialog (with 取消 where stopping half-way is safe), runs ``work`` on the
thread pool (through :func:`desktop.ui.workers.run_task`) and delivers its result on the GUI thread.
``work(progress, cancelled)`` gets plain callables: ``progress(done, total, text)`` is thread-safe (a
queued signal), ``cancelled()`` reads a flag the dialog's button sets.  It must open its own database
connection (``AppContext.sibling``) — the GUI's stays on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.ui import strings as S
from desktop.ui.workers import run_task

Progress = Callable[[int, int, str], None]
Work = Callable[[Progress, Callable[[], bool]], Any]


class _Relay(QObject):
    step = Signal(int, int, str)


def run_bulk(parent: QWidget, title: str, work: Work, done: Callable[[Any], None],
             failed: Callable[[Exception], None], cancellable: bool = True) -> QProgressDialog:
    stop = threading.Event()
    dialog = QProgressDialog(title, S.CANCEL if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.canceled.connect(stop.set)
    relay = _Relay(dialog)

    finished = False

    def show_step(n: int, total: int, text: str) -> None:
        if finished:
            return
        dialog.setMaximum(max(total, 0))
        dialog.setValue(n)
        if text:
            dialog.setLabelText(f"{title}\n{text}")

    relay.step.connect(show_step, Qt.ConnectionType.QueuedConnection)

    def finish(handler: Callable[[Any], None], value: Any) -> None:
        # A modal progress dialog runs a nested event loop inside setValue(): the result may arrive there.
        # Close the dialog and hand over the result only after that loop has returned.
        nonlocal finished
        finished = True

        def close_then_hand_over() -> None:
            dialog.reset()
            dialog.close()
            handler(value)

        QTimer.singleShot(0, close_then_hand_over)

    run_task(lambda: work(relay.step.emit, stop.is_set), lambda v: finish(done, v), lambda e: finish(failed, e))
    return dialog
