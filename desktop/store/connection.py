"""The database handle every store module takes: the SQLite connection and ``execute``.

It is the part of sqlite-utils' ``Database`` the store uses (``db.conn``, ``db.execute(sql, params)``),
without importing sqlite-utils at start-up: that import (click, dateutil, pluggy plugin discovery
through importlib.metadata) cost ~90 ms of a ~330 ms start (docs/performance.md).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from typing import Any


class Database:
    """A thin wrapper over one ``sqlite3.Connection`` (autocommit mode; see desktop/store/db.py)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, parameters: Sequence[Any] | Mapping[str, Any] | None = None) -> sqlite3.Cursor:
        if parameters is None:
            return self.conn.execute(sql)
        return self.conn.execute(sql, parameters)
