"""The database schema after all migrations is pinned: sqlite_master (type, name, tbl_name, sql), with
whitespace normalised, must equal tests/store/schema.sql.  A change to the schema is then always a
deliberate, reviewed change (a new migration), never a side effect."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

from desktop.store.db import open_database
from desktop.store.migrations import MIGRATIONS, current_version

EXPECTED = Path(__file__).with_name("schema.sql")
UPDATE = "QINGDAN_UPDATE_SCHEMA"


def normalised_schema(data: Path) -> str:
    db = open_database(data)
    try:
        assert current_version(db) == len(MIGRATIONS)
        rows = db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()
    finally:
        db.conn.close()
    out = [f"-- after {len(MIGRATIONS)} migrations; one entry per sqlite_master row: type name (tbl_name), sql"]
    for kind, name, table, sql in rows:
        out.append(f"-- {kind} {name} ({table})")
        out.append(re.sub(r"\s+", " ", sql).strip() + ";" if sql else "-- (no sql: created by SQLite)")
    return "\n".join(out) + "\n"


def test_the_schema_after_all_migrations_is_the_pinned_one(tmp_path: Path) -> None:
    actual = normalised_schema(tmp_path)
    if os.environ.get(UPDATE) == "1":
        EXPECTED.write_text(actual, encoding="utf-8")
    expected = EXPECTED.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), "schema.sql (pinned)",
                                            "schema after migrations"))
        raise AssertionError(
            "The database schema after all migrations differs from tests/store/schema.sql.\n"
            "If this is deliberate (a new migration), regenerate the pinned file with\n"
            f"    {UPDATE}=1 .venv/bin/pytest tests/store/test_schema.py\n"
            "and commit it with the migration, so the schema change is reviewed.  Difference:\n" + diff)


def test_opening_a_migrated_database_again_changes_nothing(tmp_path: Path) -> None:
    """Opening twice changes nothing: the pinned schema is a fixed point of the migrations."""
    first = normalised_schema(tmp_path)
    assert normalised_schema(tmp_path) == first
