"""Numbered schema migrations.  The schema version is SQLite's ``user_version``; migration N brings
the schema from N-1 to N.  Never edit a released migration: add a new one."""

from __future__ import annotations

import sqlite_utils


def current_version(db: sqlite_utils.Database) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


# Each migration is one SQL script; the runner wraps it in a transaction with the version bump.
M001_INITIAL = """
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        -- every content version ever imported: open cases keep the version they started with
        CREATE TABLE content_versions (
            checklist_id TEXT NOT NULL, version TEXT NOT NULL, title TEXT NOT NULL,
            family TEXT NOT NULL, region TEXT NOT NULL, data TEXT NOT NULL, imported_at TEXT NOT NULL,
            PRIMARY KEY (checklist_id, version));
        CREATE TABLE cases (
            id TEXT PRIMARY KEY, applicant_name TEXT NOT NULL, id_number TEXT NOT NULL DEFAULT '',
            id_override INTEGER NOT NULL DEFAULT 0, contact TEXT NOT NULL DEFAULT '',
            phone TEXT NOT NULL DEFAULT '', clerk TEXT NOT NULL DEFAULT '', office TEXT NOT NULL DEFAULT '',
            received_on TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'open',
            created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE INDEX cases_by_created ON cases (created_at DESC);
        CREATE TABLE case_checklists (
            case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE, checklist_id TEXT NOT NULL,
            version TEXT NOT NULL, position INTEGER NOT NULL, PRIMARY KEY (case_id, checklist_id));
        CREATE TABLE answers (
            case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE, question_id TEXT NOT NULL,
            value TEXT NOT NULL, updated_at TEXT NOT NULL, PRIMARY KEY (case_id, question_id));
        CREATE TABLE item_states (
            case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE, checklist_id TEXT NOT NULL,
            item_id TEXT NOT NULL, status TEXT NOT NULL
                CHECK (status IN ('pending', 'done', 'not_applicable', 'waived')),
            note TEXT NOT NULL DEFAULT '', updated_by TEXT NOT NULL DEFAULT '', updated_at TEXT NOT NULL,
            PRIMARY KEY (case_id, checklist_id, item_id));
        -- append-only audit log: the triggers refuse updates and deletes
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY AUTOINCREMENT, case_id TEXT NOT NULL, at TEXT NOT NULL,
            who TEXT NOT NULL, action TEXT NOT NULL, field TEXT NOT NULL DEFAULT '',
            old TEXT, new TEXT);
        CREATE INDEX audit_by_case ON audit (case_id, id);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"""

MIGRATIONS: list[str] = [M001_INITIAL]


def apply(db: sqlite_utils.Database, number: int) -> None:
    """Run migration ``number`` (1-based) atomically: all of it and the version bump, or nothing."""
    script = MIGRATIONS[number - 1]
    try:
        db.conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    except Exception:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
