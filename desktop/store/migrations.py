"""Numbered schema migrations.  The schema version is SQLite's ``user_version``; migration N brings
the schema from N-1 to N.  Never edit a released migration: add a new one."""

from __future__ import annotations

import sqlite3

from desktop.store.connection import Database, begin_immediate, rollback_quietly


def current_version(db: Database) -> int:
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

# Search at scale (issue 6).  The FTS index is an external-content trigram table over the case's
# searchable columns, keyed on the implicit rowid of ``cases`` (backups copy pages and VACUUM on
# SQLite >= 3.40 keeps rowids; after anything that renumbers rows run
# ``INSERT INTO cases_fts(cases_fts) VALUES ('rebuild')``).  Trigram matches 3+ characters only;
# shorter queries use LIKE on ``cases`` (desktop/store/search.py).  The update trigger fires only
# when a searched column changes, not on every ``updated_at`` touch.
M002_SEARCH = """
        CREATE VIRTUAL TABLE cases_fts USING fts5(
            id, applicant_name, id_number, phone,
            content = 'cases', content_rowid = 'rowid', tokenize = 'trigram');
        INSERT INTO cases_fts (cases_fts) VALUES ('rebuild');
        CREATE TRIGGER cases_fts_insert AFTER INSERT ON cases BEGIN
            INSERT INTO cases_fts (rowid, id, applicant_name, id_number, phone)
            VALUES (new.rowid, new.id, new.applicant_name, new.id_number, new.phone);
        END;
        CREATE TRIGGER cases_fts_delete AFTER DELETE ON cases BEGIN
            INSERT INTO cases_fts (cases_fts, rowid, id, applicant_name, id_number, phone)
            VALUES ('delete', old.rowid, old.id, old.applicant_name, old.id_number, old.phone);
        END;
        CREATE TRIGGER cases_fts_update AFTER UPDATE OF id, applicant_name, id_number, phone ON cases BEGIN
            INSERT INTO cases_fts (cases_fts, rowid, id, applicant_name, id_number, phone)
            VALUES ('delete', old.rowid, old.id, old.applicant_name, old.id_number, old.phone);
            INSERT INTO cases_fts (rowid, id, applicant_name, id_number, phone)
            VALUES (new.rowid, new.id, new.applicant_name, new.id_number, new.phone);
        END;
        -- retention counts from the day a case was closed
        ALTER TABLE cases ADD COLUMN closed_at TEXT;
        -- the list order is (created_at DESC, id DESC): one index serves it without a sort step, and
        -- covers the searched columns so a 1-2 character LIKE search walks it without table lookups
        DROP INDEX cases_by_created;
        CREATE INDEX cases_by_created ON cases (created_at, id, applicant_name, id_number, phone);
        CREATE INDEX cases_by_status ON cases (status, created_at, id);
        CREATE INDEX cases_by_received ON cases (received_on);
        CREATE INDEX case_checklists_by_checklist ON case_checklists (checklist_id, case_id);
        CREATE INDEX item_states_by_status ON item_states (case_id, status);
"""

# The earliest due date among a case's pending applicable steps, kept by the GUI whenever it evaluates
# the case (a derived value, so not audited): the case list's 逾期 filter and flag read it.
M003_NEXT_DUE = """
ALTER TABLE cases ADD COLUMN next_due TEXT;
CREATE INDEX cases_by_next_due ON cases (status, next_due);
"""

# What the application layer derives from each case's evaluation, kept in the same transaction as every
# write (desktop/services/cases.py): the progress the case list shows and the inputs it was computed
# with (``derived_key``: evaluation rules and holiday data), so a change of either marks cases stale.
M004_DERIVED = """
ALTER TABLE cases ADD COLUMN progress_settled INTEGER;
ALTER TABLE cases ADD COLUMN progress_applicable INTEGER;
ALTER TABLE cases ADD COLUMN derived_key TEXT;
"""

# Retention that really removes personal data (issue 15).  The audit log stays append-only, with one
# exception: the values (old, new) of a purged case's entries may be cleared, once, marking the entry
# redacted — nothing else of the entry may change, and only after the case itself is gone.  The log
# keeps that an entry existed (when, who, what kind of change, which field), not what it said.
M005_AUDIT_REDACTION = """
ALTER TABLE audit ADD COLUMN redacted INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    WHEN NOT (old.redacted = 0 AND new.redacted = 1 AND new.old IS NULL AND new.new IS NULL
              AND new.id IS old.id AND new.case_id IS old.case_id AND new.at IS old.at
              AND new.who IS old.who AND new.action IS old.action AND new.field IS old.field
              AND NOT EXISTS (SELECT 1 FROM cases WHERE id = old.case_id))
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
"""

MIGRATIONS: list[str] = [M001_INITIAL, M002_SEARCH, M003_NEXT_DUE, M004_DERIVED, M005_AUDIT_REDACTION]


def statements(script: str) -> list[str]:
    """Split a migration script into complete statements (trigger bodies keep their semicolons)."""
    out: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        out.append(pending.strip())
    return out


def apply(db: Database, number: int) -> None:
    """Run migration ``number`` (1-based) atomically: all of it and the version bump, or nothing.

    The version is read again under the write lock, so two instances starting at once on the same
    data dir do not both apply the same migration.
    """
    conn = db.conn
    begin_immediate(conn)
    try:
        if current_version(db) < number:
            for statement in statements(MIGRATIONS[number - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
    except BaseException:
        rollback_quietly(conn)
        raise
    conn.execute("COMMIT")
