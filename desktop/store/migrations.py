"""Numbered schema migrations.  The schema version is SQLite's ``user_version``; migration N brings
the schema from N-1 to N.  Never edit a released migration: add a new one."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from desktop.store.connection import Database, begin_immediate, rollback_quietly

# A migration is one SQL script, or a sequence of steps: SQL scripts and Python functions (for data
# that SQL alone cannot move), run in order inside the migration's transaction.
Step = str | Callable[[Database], None]
Migration = str | tuple[Step, ...]


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


# Content as tables (issue 14).  Every imported content set is a release: its sources (with the cited
# text), questions, checklists, items, basis, materials and a pack's guide, all keyed by the release.
# ``content_active`` names the release in use; older releases stay while a case still uses one of their
# checklist versions.  The rows are checked against a digest kept outside the database at every start
# (desktop/content/).  The search index is an external-content trigram index over the view of the
# active release's searched columns; its rowid encodes the row: rowid * 4 + 0 item, + 1 basis, + 2
# source (so it is rebuilt, never updated row by row).  The JSON cache of migration 1 goes: its rows
# cannot be checked; checklist versions that cases still use move into releases of their own
# ('legacy', by desktop/store/legacy.py in this migration).
M006_CONTENT = """
CREATE TABLE content_releases (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL CHECK (origin IN ('shipped', 'pack', 'legacy')),
    origin_ref TEXT NOT NULL,
    digest TEXT NOT NULL,
    pack_id TEXT NOT NULL DEFAULT '', pack_version INTEGER, pack_title TEXT NOT NULL DEFAULT '',
    publisher TEXT NOT NULL DEFAULT '', pack_date TEXT NOT NULL DEFAULT '', replaces INTEGER,
    key_fingerprint TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL);
CREATE TABLE content_active (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    release INTEGER NOT NULL REFERENCES content_releases(id));
CREATE TABLE content_sources (
    release INTEGER NOT NULL REFERENCES content_releases(id) ON DELETE CASCADE,
    id TEXT NOT NULL, position INTEGER NOT NULL, title TEXT NOT NULL, wenhao TEXT NOT NULL,
    issuer TEXT NOT NULL, date TEXT NOT NULL, level TEXT NOT NULL, region TEXT NOT NULL,
    validity TEXT NOT NULL, valid_from TEXT, valid_to TEXT, seed TEXT NOT NULL, lines TEXT NOT NULL,
    note TEXT NOT NULL,
    PRIMARY KEY (release, id));
CREATE TABLE content_excerpts (
    release INTEGER NOT NULL, source_id TEXT NOT NULL, position INTEGER NOT NULL,
    lines TEXT NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (release, source_id, position),
    FOREIGN KEY (release, source_id) REFERENCES content_sources(release, id) ON DELETE CASCADE);
CREATE TABLE content_questions (
    release INTEGER NOT NULL REFERENCES content_releases(id) ON DELETE CASCADE,
    id TEXT NOT NULL, position INTEGER NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL,
    type TEXT NOT NULL, options TEXT NOT NULL, unit TEXT NOT NULL, help TEXT NOT NULL,
    PRIMARY KEY (release, id));
CREATE TABLE content_checklists (
    release INTEGER NOT NULL REFERENCES content_releases(id) ON DELETE CASCADE,
    id TEXT NOT NULL, position INTEGER NOT NULL, version TEXT NOT NULL, title TEXT NOT NULL,
    family TEXT NOT NULL, region TEXT NOT NULL, summary TEXT NOT NULL, audience TEXT NOT NULL,
    questions TEXT NOT NULL,
    PRIMARY KEY (release, id));
CREATE INDEX content_checklists_by_version ON content_checklists (id, version, release);
CREATE TABLE content_items (
    release INTEGER NOT NULL, checklist_id TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL,
    title TEXT NOT NULL, kind TEXT NOT NULL, what TEXT NOT NULL, department TEXT NOT NULL,
    lead TEXT NOT NULL, time_value REAL, time_unit TEXT, time_note TEXT NOT NULL, cost TEXT NOT NULL,
    channel TEXT NOT NULL, result TEXT NOT NULL, claim TEXT NOT NULL, applies_if TEXT NOT NULL,
    valid_from TEXT, valid_to TEXT, period_unstated INTEGER NOT NULL, unclear_if TEXT NOT NULL,
    unclear_reason TEXT NOT NULL, jurisdiction TEXT NOT NULL, grp TEXT NOT NULL, note TEXT NOT NULL,
    PRIMARY KEY (release, checklist_id, id),
    FOREIGN KEY (release, checklist_id) REFERENCES content_checklists(release, id) ON DELETE CASCADE);
CREATE TABLE content_basis (
    release INTEGER NOT NULL, checklist_id TEXT NOT NULL, item_id TEXT NOT NULL, position INTEGER NOT NULL,
    source_id TEXT NOT NULL, article TEXT NOT NULL, quote TEXT NOT NULL,
    PRIMARY KEY (release, checklist_id, item_id, position),
    FOREIGN KEY (release, checklist_id, item_id)
        REFERENCES content_items(release, checklist_id, id) ON DELETE CASCADE);
CREATE INDEX content_basis_by_source ON content_basis (release, source_id);
CREATE TABLE content_materials (
    release INTEGER NOT NULL, checklist_id TEXT NOT NULL, item_id TEXT NOT NULL, position INTEGER NOT NULL,
    name TEXT NOT NULL, form TEXT NOT NULL, copies INTEGER, commitment INTEGER NOT NULL, note TEXT NOT NULL,
    PRIMARY KEY (release, checklist_id, item_id, position),
    FOREIGN KEY (release, checklist_id, item_id)
        REFERENCES content_items(release, checklist_id, id) ON DELETE CASCADE);
CREATE TABLE content_guide (
    release INTEGER PRIMARY KEY REFERENCES content_releases(id) ON DELETE CASCADE,
    data TEXT NOT NULL);
CREATE VIEW content_search_rows AS
    SELECT i.rowid * 4 AS rid, i.title AS title, i.what AS body, '' AS wenhao
      FROM content_items i JOIN content_active a ON a.release = i.release
    UNION ALL
    SELECT b.rowid * 4 + 1, b.article, b.quote, ''
      FROM content_basis b JOIN content_active a ON a.release = b.release
    UNION ALL
    SELECT s.rowid * 4 + 2, s.title, '', s.wenhao
      FROM content_sources s JOIN content_active a ON a.release = s.release;
CREATE VIRTUAL TABLE content_fts USING fts5(
    title, body, wenhao, content = 'content_search_rows', content_rowid = 'rid', tokenize = 'trigram');
DELETE FROM meta WHERE key IN ('content', 'content_digest');
"""


def _m006_legacy(db: Database) -> None:
    used = db.execute("SELECT 1 FROM content_versions v JOIN case_checklists c ON c.checklist_id = v.checklist_id"
                      " AND c.version = v.version LIMIT 1").fetchone()
    if used is None:  # a new database, or no case uses a cached version: nothing to move
        return
    from desktop.store.legacy import convert_content_versions  # imports the content model: only when needed

    convert_content_versions(db)


# The counter's materials and the office's guide (issue 13).  ``material_states``: where each material of a
# step stands in a case (已收 with the form received, 缺, 容缺受理 with its 补正 due date, 告知承诺); goes with
# the case (purge) and every change is in the case's audit log.  ``guide_entries``: the office's 本中心办事指南,
# one row per version of an entry (``data`` is the entry as the guide file carries it, NULL when removed),
# with its origin and who entered it when; append-only like the audit log — it is the guide's history.
# The guide in use is each key's newest version that is not a removal.  It is the office's own data, kept
# apart from the signed content releases (a content pack's guide.json stays in content_guide until imported).
M007_COUNTER = """
CREATE TABLE material_states (
    case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE, checklist_id TEXT NOT NULL,
    item_id TEXT NOT NULL, name TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('received', 'missing', 'deferred', 'committed')),
    form TEXT NOT NULL DEFAULT '' CHECK (form IN ('', '原件', '复印件', '原件及复印件')),
    due TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '', updated_by TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (case_id, checklist_id, item_id, name));
CREATE TABLE guide_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, version INTEGER NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('save', 'import', 'remove')), data TEXT,
    office TEXT NOT NULL, origin_title TEXT NOT NULL, origin_number TEXT NOT NULL, origin_date TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '', who TEXT NOT NULL, at TEXT NOT NULL,
    UNIQUE (key, version));
CREATE TRIGGER guide_entries_no_update BEFORE UPDATE ON guide_entries
    BEGIN SELECT RAISE(ABORT, 'guide history is append-only'); END;
CREATE TRIGGER guide_entries_no_delete BEFORE DELETE ON guide_entries
    BEGIN SELECT RAISE(ABORT, 'guide history is append-only'); END;
"""


MIGRATIONS: list[Migration] = [
    M001_INITIAL, M002_SEARCH, M003_NEXT_DUE, M004_DERIVED, M005_AUDIT_REDACTION,
    (M006_CONTENT, _m006_legacy, "DROP TABLE content_versions;"), M007_COUNTER,
]


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
            migration = MIGRATIONS[number - 1]
            for step in (migration,) if isinstance(migration, str) else migration:
                if isinstance(step, str):
                    for statement in statements(step):
                        conn.execute(statement)
                else:
                    step(db)
            conn.execute(f"PRAGMA user_version = {number}")
    except BaseException:
        rollback_quietly(conn)
        raise
    conn.execute("COMMIT")
