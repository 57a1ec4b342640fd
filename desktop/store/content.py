"""The content tables (migration 006): releases of content, the active one, and the search index.

A release is one imported content set — the shipped files, a verified pack, or (from databases older
than migration 006) a single checklist version a case still used.  Rows are written with sqlite-utils,
imported here lazily: only a content change pays for it, never a start with unchanged content
(docs/decisions.md).  Everything else is plain SQL over the store's own ``Database``.

Nothing here decides whether rows can be trusted: :mod:`desktop.content.load` compares their digest
(:func:`desktop.core.rows.rows_digest`) with the ledger kept outside the database.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from desktop.core.rows import COLUMNS, TABLES, ContentRows, Row
from desktop.store.connection import Database, transaction

# How each table is read: the order is part of the digest, so it is fixed here once.
_ORDER = {
    "sources": "position", "excerpts": "source_id, position", "questions": "position",
    "checklists": "position", "items": "checklist_id, position", "basis": "checklist_id, item_id, position",
    "materials": "checklist_id, item_id, position", "guide": "release",
}
SHIPPED, PACK, LEGACY = "shipped", "pack", "legacy"
KIND_ITEM, KIND_BASIS, KIND_SOURCE = 0, 1, 2  # rowid * 4 + kind in content_fts
_RELEASE_COLUMNS = ("id", "origin", "origin_ref", "digest", "pack_id", "pack_version", "pack_title", "publisher",
                    "pack_date", "replaces", "key_fingerprint", "imported_at")


class Release(NamedTuple):  # NamedTuples here: defined at every start (a frozen dataclass costs ~0.6 ms)
    """One imported content set.  ``origin_ref``: the files' byte digest (shipped), the manifest's
    SHA-256 (pack), or ``checklist@version`` (legacy)."""

    id: int
    origin: str
    origin_ref: str
    digest: str  # the rows' digest when imported (informative: the ledger is what is trusted)
    pack_id: str = ""
    pack_version: int | None = None
    pack_title: str = ""
    publisher: str = ""
    pack_date: str = ""
    replaces: int | None = None
    key_fingerprint: str = ""
    imported_at: str = ""

    @property
    def label(self) -> str:
        """How printouts and dialogs name the content: 内容包 吉林省营商清单 第3版 / 程序自带内容."""
        if self.origin == PACK:
            return f"内容包 {self.pack_title or self.pack_id} 第{self.pack_version}版"
        return "程序自带内容" if self.origin == SHIPPED else "早期内容版本"


class SearchHit(NamedTuple):
    """A candidate row of the active release for a policy search (checked again against the text)."""

    kind: int  # KIND_ITEM / KIND_BASIS / KIND_SOURCE
    checklist_id: str
    item_id: str
    position: int  # the basis's position within its item
    source_id: str


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


class ContentStore:
    """Reads and writes of the content tables over one database connection."""

    def __init__(self, db: Database) -> None:
        self.db = db

    # ------------------------------------------------------------ releases

    def _release(self, row: Row | None) -> Release | None:
        return Release(*row) if row is not None else None

    def active(self) -> Release | None:
        return self._release(self.db.execute(
            f"SELECT {', '.join('r.' + c for c in _RELEASE_COLUMNS)} FROM content_active a"
            " JOIN content_releases r ON r.id = a.release WHERE a.id = 1").fetchone())

    def release(self, release_id: int) -> Release | None:
        return self._release(self.db.execute(
            f"SELECT {', '.join(_RELEASE_COLUMNS)} FROM content_releases WHERE id = ?", [release_id]).fetchone())

    def releases(self) -> list[Release]:
        rows = self.db.execute(f"SELECT {', '.join(_RELEASE_COLUMNS)} FROM content_releases ORDER BY id").fetchall()
        return [Release(*r) for r in rows]

    def read_rows(self, release_id: int) -> ContentRows:
        """Every row of one release, table by table, in the fixed order of the digest."""
        out: ContentRows = {}
        for name in TABLES:
            out[name] = [tuple(r) for r in self.db.execute(
                f"SELECT {', '.join(COLUMNS[name])} FROM content_{name} WHERE release = ? ORDER BY {_ORDER[name]}",
                [release_id])]
        return out

    def guide_text(self, release_id: int) -> str | None:
        """The guide.json a pack release carries, verbatim (issue 13: offered for import, never used as is)."""
        row = self.db.execute("SELECT data FROM content_guide WHERE release = ?", [release_id]).fetchone()
        return str(row[0]) if row else None

    def releases_with(self, checklist_id: str, version: str) -> list[int]:
        """The releases holding that checklist version, newest first."""
        return [int(r[0]) for r in self.db.execute(
            "SELECT release FROM content_checklists WHERE id = ? AND version = ? ORDER BY release DESC",
            [checklist_id, version])]

    # ------------------------------------------------------------ writing

    def write_release(self, origin: str, origin_ref: str, rows: ContentRows, digest: str,
                      pack: dict[str, Any] | None = None, imported_at: str | None = None) -> int:
        """Insert a release and its rows (inside the caller's transaction, or one of its own)."""
        import sqlite_utils  # lazily: ~70 ms of imports, paid only when content changes

        meta = {k: v for k, v in (pack or {}).items() if k in _RELEASE_COLUMNS}
        helper = sqlite_utils.Database(self.db.conn, recursive_triggers=False, execute_plugins=False)
        with transaction(self.db):
            cursor = self.db.execute(
                "INSERT INTO content_releases (origin, origin_ref, digest, pack_id, pack_version, pack_title,"
                " publisher, pack_date, replaces, key_fingerprint, imported_at)"
                " VALUES (:origin, :origin_ref, :digest, :pack_id, :pack_version, :pack_title, :publisher,"
                " :pack_date, :replaces, :key_fingerprint, :imported_at)",
                {"origin": origin, "origin_ref": origin_ref, "digest": digest, "pack_id": "", "pack_version": None,
                 "pack_title": "", "publisher": "", "pack_date": "", "replaces": None, "key_fingerprint": "",
                 **meta, "imported_at": imported_at or _now()})
            release = int(cursor.lastrowid or 0)
            for name in TABLES:
                table_rows = rows.get(name, [])
                if not table_rows:
                    continue
                columns = ("release", *COLUMNS[name])
                helper.table(f"content_{name}").insert_all(
                    (dict(zip(columns, (release, *r), strict=True)) for r in table_rows), batch_size=200)
        return release

    def set_digest(self, release_id: int, digest: str) -> None:
        with transaction(self.db):
            self.db.execute("UPDATE content_releases SET digest = ? WHERE id = ?", [digest, release_id])

    def activate(self, release_id: int) -> None:
        """Make ``release_id`` the content in use and rebuild the search index over it."""
        with transaction(self.db):
            self.db.execute("INSERT OR REPLACE INTO content_active (id, release) VALUES (1, ?)", [release_id])
            self.rebuild_search()

    def rebuild_search(self) -> None:
        """Re-derive the search index from the active release's rows (after import, restore, recovery)."""
        with transaction(self.db):
            self.db.execute("INSERT INTO content_fts (content_fts) VALUES ('rebuild')")

    def delete_release(self, release_id: int) -> None:
        with transaction(self.db):
            self.db.execute("DELETE FROM content_active WHERE release = ?", [release_id])
            self.db.execute("DELETE FROM content_releases WHERE id = ?", [release_id])

    def prune(self) -> list[int]:
        """Delete the releases no one needs: not active, and holding no checklist version a case uses
        that the active release (or a newer kept one) does not hold too.  Returns the deleted ids."""
        active = self.active()
        active_id = active.id if active else -1
        needed = self.db.execute(
            "SELECT DISTINCT k.checklist_id, k.version FROM case_checklists k WHERE NOT EXISTS"
            " (SELECT 1 FROM content_checklists c WHERE c.release = ? AND c.id = k.checklist_id"
            "  AND c.version = k.version)", [active_id]).fetchall()
        keep = {active_id}
        for checklist_id, version in needed:
            holders = self.releases_with(checklist_id, version)
            if holders:
                keep.add(holders[0])
        dropped = [r.id for r in self.releases() if r.id not in keep]
        with transaction(self.db):
            for release_id in dropped:
                self.delete_release(release_id)
        return dropped

    # ------------------------------------------------------------ search

    def search_candidates(self, long_words: list[str], short_word: str | None) -> list[SearchHit]:
        """Rows of the active release that may match: through the trigram index when there are words
        of 3+ characters (all of them), else ``LIKE`` on the tables for one 1–2 character word."""
        if long_words:
            match = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
            sql = (
                "WITH hits AS MATERIALIZED (SELECT rowid AS rid FROM content_fts WHERE content_fts MATCH :q),"
                " active AS (SELECT release FROM content_active WHERE id = 1)"
                " SELECT 0, i.checklist_id, i.id, 0, '' FROM hits JOIN content_items i ON i.rowid = hits.rid / 4"
                "  WHERE hits.rid % 4 = 0 AND i.release = (SELECT release FROM active)"
                " UNION ALL SELECT 1, b.checklist_id, b.item_id, b.position, b.source_id"
                "  FROM hits JOIN content_basis b ON b.rowid = hits.rid / 4"
                "  WHERE hits.rid % 4 = 1 AND b.release = (SELECT release FROM active)"
                " UNION ALL SELECT 2, '', '', 0, s.id FROM hits JOIN content_sources s ON s.rowid = hits.rid / 4"
                "  WHERE hits.rid % 4 = 2 AND s.release = (SELECT release FROM active)")
            rows = self.db.execute(sql, {"q": match}).fetchall()
        elif short_word:
            op, pattern = _like(short_word)
            sql = (
                "WITH active AS (SELECT release FROM content_active WHERE id = 1)"
                f" SELECT 0, checklist_id, id, 0, '' FROM content_items WHERE release = (SELECT release FROM active)"
                f"  AND (title {op} OR what {op})"
                f" UNION ALL SELECT 1, checklist_id, item_id, position, source_id FROM content_basis"
                f"  WHERE release = (SELECT release FROM active) AND (article {op} OR quote {op})"
                f" UNION ALL SELECT 2, '', '', 0, id FROM content_sources WHERE release = (SELECT release FROM active)"
                f"  AND (title {op} OR wenhao {op})")
            rows = self.db.execute(sql, [pattern] * 6).fetchall()
        else:
            return []
        return [SearchHit(int(r[0]), r[1], r[2], int(r[3]), r[4]) for r in rows]


def _like(word: str) -> tuple[str, str]:
    """(operator, pattern) for a substring match; ESCAPE only when the word holds a wildcard."""
    if not any(ch in word for ch in "%_\\"):
        return "LIKE ?", f"%{word}%"
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "LIKE ? ESCAPE '\\'", f"%{escaped}%"
