"""The one way background work is done: ``run_task`` runs a plain function on the global
QThreadPool and delivers its result (or its exception) back on the GUI thread through a signal.

The function gets plain data only — never widgets, never the database connection (the store's
Database stays on the thread that opened it).

Python's cyclic garbage collector runs in whichever thread happens to allocate when a threshold is
reached.  If that is the worker thread, it may destroy a Qt object there — a crash.  So automatic
collection is paused (on the GUI thread) while any task runs and resumed on the GUI thread when the
last one has delivered.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn, self.relay = fn, relay
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # delivered to the GUI thread, shown as a message there
            self.relay.failed.emit(exc)
        else:
            self.relay.done.emit(result)


_live: set[_Relay] = set()  # keep relays alive until they have delivered
_gc_was_enabled = True


def _hold_gc() -> None:
    global _gc_was_enabled
    if not _live:
        _gc_was_enabled = gc.isenabled()
        gc.disable()


def _release_gc() -> None:
    if not _live and _gc_was_enabled:
        gc.enable()


def run_task(fn: Callable[[], Any], on_done: Callable[[Any], None],
             on_error: Callable[[Exception], None]) -> None:
    relay = _Relay()
    _hold_gc()
    _live.add(relay)

    def finish(handler: Callable[[Any], None], value: Any) -> None:
        _live.discard(relay)
        _release_gc()
        handler(value)

    relay.done.connect(lambda v: finish(on_done, v))
    relay.failed.connect(lambda e: finish(on_error, e))
    QThreadPool.globalInstance().start(_Task(fn, relay))
