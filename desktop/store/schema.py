"""The exact schema the app builds, per schema version, and how a database file differs from it.

:func:`expected_schema` runs the migrations 1..N on a fresh in-memory database and reads back
``sqlite_master``: every table, column (through the stored ``CREATE`` text), index, trigger and view.
A database file is accepted for restore (and its backups rewritten by a purge) only when its schema is
exactly that for its ``user_version``: anything extra — a trigger that wipes item states or renames
applicants, a view, an index — or anything missing — the audit log's append-only triggers — refuses
it (:func:`differences`).

Compared: (type, name, table, SQL text with whitespace runs collapsed).  Two things are compared by
name only, because SQLite itself writes them and their text may change between SQLite releases: the
FTS5 shadow tables of ``cases_fts`` and ``sqlite_sequence``.  ``sqlite_stat*`` tables (statistics an
``ANALYZE`` may leave; they change no data) are ignored.
"""

from __future__ import annotations

import sqlite3
from functools import cache

from desktop.store.connection import Database
from desktop.store.migrations import MIGRATIONS, apply

SchemaEntry = tuple[str, str, str, str]  # type, name, tbl_name, normalised sql
_KIND = {"table": "表", "index": "索引", "trigger": "触发器", "view": "视图"}
_SHADOW_PREFIX = "cases_fts_"


def _normalise(sql: str | None) -> str:
    return " ".join((sql or "").split())


def _by_name_only(kind: str, name: str) -> bool:
    return kind == "table" and (name.startswith(_SHADOW_PREFIX) or name == "sqlite_sequence")


def read_schema(conn: sqlite3.Connection) -> frozenset[SchemaEntry]:
    """The schema of an open database as comparable entries."""
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall()
    out: set[SchemaEntry] = set()
    for kind, name, table, sql in rows:
        kind, name, table = str(kind), str(name), str(table)
        if kind == "table" and name.startswith("sqlite_stat"):
            continue
        if kind == "index" and name.startswith("sqlite_autoindex_"):
            sql = None  # implicit indexes of PRIMARY KEY / UNIQUE: named by SQLite, no text
        out.add((kind, name, table, "" if _by_name_only(kind, name) else _normalise(sql)))
    return frozenset(out)


@cache
def expected_schema(version: int) -> frozenset[SchemaEntry]:
    """The schema the migrations 1..``version`` build (``version`` between 1 and len(MIGRATIONS))."""
    if not 1 <= version <= len(MIGRATIONS):
        raise ValueError(f"unknown schema version {version}")
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        db = Database(conn)
        for number in range(1, version + 1):
            apply(db, number)  # the same runner as a real database (SQL and data steps alike)
        return read_schema(conn)
    finally:
        conn.close()


def _describe(entry: SchemaEntry) -> str:
    kind, name, table, _sql = entry
    label = _KIND.get(kind, kind)
    return f"{label} {name}" if kind == "table" or name == table else f"{label} {name}（{table}）"


def differences(conn: sqlite3.Connection, version: int) -> list[str]:
    """What in the open database differs from :func:`expected_schema` (``version``), in Chinese;
    an empty list when the schema is exactly the expected one."""
    actual, expected = read_schema(conn), expected_schema(version)
    extra, missing = actual - expected, expected - actual
    changed = {(k, n) for k, n, _t, _s in extra} & {(k, n) for k, n, _t, _s in missing}
    out = [f"{_KIND.get(k, k)} {n} 的定义与本程序不同" for k, n in sorted(changed)]
    out += [f"多出{_describe(e)}" for e in sorted(extra) if (e[0], e[1]) not in changed]
    out += [f"缺少{_describe(e)}" for e in sorted(missing) if (e[0], e[1]) not in changed]
    return out
