"""The database handle every store module takes: the SQLite connection and ``execute``; and the one
way a write transaction starts (:func:`begin_immediate`).

It is the part of sqlite-utils' ``Database`` the store uses (``db.conn``, ``db.execute(sql, params)``),
without importing sqlite-utils at start-up: that import (click, dateutil, pluggy plugin discovery
through importlib.metadata) cost ~90 ms of a ~330 ms start (docs/performance.md).

Lock contention: every connection waits ``busy_timeout`` (db.py) for a lock.  A writer that still
finds the database locked after that (several busy writers: SQLite's busy handler is not fair) does
not fail: :func:`begin_immediate` tries again with growing pauses for up to :data:`LOCK_PATIENCE`
seconds before it reports, in Chinese, that another program holds the database.
"""

from __future__ import annotations

import contextlib
import itertools
import random
import sqlite3
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from desktop.store.errors import SQLITE_BUSY, SQLITE_LOCKED, EnvironmentProblem, busy, sqlite_code

_SAVEPOINTS = itertools.count(1)  # savepoint names, unique in the process


class _HasConnection(Protocol):
    conn: sqlite3.Connection


LOCK_PATIENCE = 120.0  # seconds a write waits for the lock in all, busy_timeout included


class Database:
    """A thin wrapper over one ``sqlite3.Connection`` (autocommit mode; see desktop/store/db.py)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None) -> sqlite3.Cursor:
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)


def database_path(conn: sqlite3.Connection) -> Path:
    """The file behind the connection's main database ("" for an in-memory one)."""
    try:
        for _seq, name, file in conn.execute("PRAGMA database_list"):
            if name == "main":
                return Path(file or ":memory:")
    except sqlite3.Error:
        pass
    return Path(":memory:")


def is_busy(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and sqlite_code(exc) in (SQLITE_BUSY, SQLITE_LOCKED)


def retry_locked(conn: sqlite3.Connection, sql: str, patience: float | None = None) -> sqlite3.Cursor:
    """Run ``sql``, retried with backoff while the database is locked by another connection.

    SQLite's busy handler waits ``busy_timeout`` — but not at all where waiting could deadlock (two
    connections upgrading their locks at once, e.g. both switching a new database to WAL), and it is
    not fair among several writers.  Raises :class:`EnvironmentProblem` (naming the database) when the
    lock is still held after ``patience`` seconds (default :data:`LOCK_PATIENCE`); other errors pass.
    """
    deadline = time.monotonic() + (LOCK_PATIENCE if patience is None else patience)
    pause = 0.02
    while True:
        try:
            return conn.execute(sql)
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            if time.monotonic() >= deadline:
                raise EnvironmentProblem(busy(database_path(conn))) from None
        time.sleep(pause * (0.5 + random.random()))
        pause = min(pause * 2, 0.5)


def begin_immediate(conn: sqlite3.Connection, patience: float | None = None) -> None:
    """``BEGIN IMMEDIATE`` (the write lock up front), retried while another writer holds it."""
    retry_locked(conn, "BEGIN IMMEDIATE", patience)


def rollback_quietly(conn: sqlite3.Connection) -> None:
    """Roll back if a transaction is still open.  SQLite ends the transaction itself after some
    errors (disk full, I/O error): a second ROLLBACK would then hide the real error behind
    "cannot rollback - no transaction is active"."""
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


@contextmanager
def transaction(db: _HasConnection) -> Iterator[None]:
    """One write transaction (``BEGIN IMMEDIATE``: the write lock up front), committed on success.

    Inside another transaction it is a savepoint, so a multi-step use case (a content pack and the
    cases it carries forward) commits all or nothing while each step keeps its own rollback.
    Works on this module's :class:`Database` and on sqlite-utils' alike (only ``conn`` is used).
    """
    conn = db.conn
    if conn.in_transaction:
        name = f"nested_{next(_SAVEPOINTS)}"
        conn.execute(f"SAVEPOINT {name}")
        try:
            yield
        except BaseException:
            if conn.in_transaction:
                conn.execute(f"ROLLBACK TO SAVEPOINT {name}")
                conn.execute(f"RELEASE SAVEPOINT {name}")
            raise
        conn.execute(f"RELEASE SAVEPOINT {name}")
        return
    begin_immediate(conn)  # retried while another writer holds the lock
    try:
        yield
    except BaseException:
        rollback_quietly(conn)
        raise
    conn.execute("COMMIT")
