"""The database handle every store module takes: the SQLite connection and ``execute``.

It is the part of sqlite-utils' ``Database`` the store uses (``db.conn``, ``db.execute(sql, params)``),
without importing sqlite-utils at start-up: that import (click, dateutil, pluggy plugin discovery
through importlib.metadata) cost ~90 ms of a ~330 ms start (docs/performance.md).
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Protocol


class _HasConnection(Protocol):
    conn: sqlite3.Connection


class Database:
    """A thin wrapper over one ``sqlite3.Connection`` (autocommit mode; see desktop/store/db.py)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None) -> sqlite3.Cursor:
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)


@contextmanager
def transaction(db: _HasConnection) -> Iterator[None]:
    """One write transaction (``BEGIN IMMEDIATE``: the write lock up front), committed on success.

    Inside another transaction it is a savepoint, so a multi-step use case (a content pack and the
    cases it carries forward) commits all or nothing while each step keeps its own rollback.
    Works on this module's :class:`Database` and on sqlite-utils' alike (only ``conn`` is used).
    """
    conn = db.conn
    if conn.in_transaction:
        name = f"nested_{secrets.token_hex(8)}"
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
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
