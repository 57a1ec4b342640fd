"""Migration 006's data step: the checklist versions cached as JSON (``content_versions``, migration 1)
that cases still use become releases of their own (origin ``legacy``), so those cases keep the version
they started with.  Versions no case uses are dropped with the old table (the content files are
imported again as rows at the next start).

The rows are inserted by column name, for the columns the tables have at this point of the migration
sequence, so a later migration that adds a column still finds this step working.  Whether the
converted rows are trusted is decided outside the database (desktop/content/load.py: only on the
first start of a data dir, when the ledger does not exist yet).
"""

from __future__ import annotations

import json

from desktop.core.catalog import Catalog, parse_checklist
from desktop.core.rows import COLUMNS, TABLES, catalog_rows
from desktop.store.connection import Database


def _columns(db: Database, table: str) -> set[str]:
    return {str(r[1]) for r in db.execute(f"PRAGMA table_info({table})")}


def convert_content_versions(db: Database) -> int:
    """Move the used checklist versions of ``content_versions`` into legacy releases; returns how many."""
    rows = db.execute(
        "SELECT v.checklist_id, v.version, v.data, v.imported_at FROM content_versions v"
        " WHERE EXISTS (SELECT 1 FROM case_checklists c WHERE c.checklist_id = v.checklist_id"
        "  AND c.version = v.version) ORDER BY v.imported_at, v.checklist_id, v.version").fetchall()
    existing = {t: _columns(db, f"content_{t}") for t in TABLES}
    count = 0
    for checklist_id, version, data, imported_at in rows:
        try:
            raw = json.loads(data)
        except ValueError:
            continue  # an unreadable cache entry: the case falls back to the current version
        checklist = parse_checklist(raw, "store", [], {}, None) if isinstance(raw, dict) else None
        if checklist is None or checklist.id != checklist_id:
            continue
        cat = Catalog(checklists={checklist_id: checklist})
        content = catalog_rows(cat)
        # the version the cases refer to, as it was recorded (not recomputed)
        content["checklists"] = [(r[0], r[1], version, *r[3:]) for r in content["checklists"]]
        cursor = db.execute(
            "INSERT INTO content_releases (origin, origin_ref, digest, imported_at) VALUES ('legacy', ?, '', ?)",
            [f"{checklist_id}@{version}", imported_at])
        release = int(cursor.lastrowid or 0)
        for name in TABLES:
            present = [(i, c) for i, c in enumerate(COLUMNS[name]) if c in existing[name]]
            if not content[name] or not present:
                continue
            names = ", ".join(["release", *(c for _, c in present)])
            marks = ", ".join("?" * (len(present) + 1))
            db.conn.executemany(f"INSERT INTO content_{name} ({names}) VALUES ({marks})",
                                [[release, *(r[i] for i, _ in present)] for r in content[name]])
        count += 1
    return count
