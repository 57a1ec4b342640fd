"""The office's 本中心办事指南 in the store (table ``guide_entries``, migration 007): every version of every
entry is kept with who entered it, when, how (form, import, removal) and from which file — the table is
append-only (triggers refuse UPDATE and DELETE), so it is the guide's own audit trail.  The guide in use is
each entry's newest version that is not a removal.

Nothing here checks an entry against the law: :class:`desktop.services.guide.GuideService` does that before
it writes (desktop/core/guide_checks.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from desktop.core.guide import GuideEntry, GuideMaterial, GuideOrigin
from desktop.core.vocab import GuideAction
from desktop.store.connection import Database, transaction

_COLUMNS = "key, version, action, data, office, origin_title, origin_number, origin_date, source, who, at"


def _entry(row: Sequence[Any]) -> GuideEntry:
    key, version, action, data, office, title, number, date, source, who, at = row
    raw = json.loads(data) if data else {}
    materials = tuple(GuideMaterial(m["name"], m.get("form", ""), m.get("copies"), bool(m.get("deferrable")),
                                    bool(m.get("commitment")), m.get("note", "")) for m in raw.get("materials", []))
    return GuideEntry(key, office, GuideOrigin(title, number, date), raw.get("place", ""), raw.get("hours", ""),
                      raw.get("phone", ""), raw.get("fee", ""), raw.get("promise_days"), raw.get("defer_days"),
                      materials, who, at, int(version), action, source)


class GuideStore:
    """Reads and writes of the guide's history over one database connection."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def current(self) -> dict[str, GuideEntry]:
        """The guide in use: each key's newest version, removals left out."""
        rows = self.db.execute(
            f"SELECT {_COLUMNS} FROM guide_entries g WHERE version = (SELECT max(version) FROM guide_entries"
            " WHERE key = g.key) AND action != 'remove' ORDER BY key").fetchall()
        return {r[0]: _entry(r) for r in rows}

    def entry(self, key: str) -> GuideEntry | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM guide_entries WHERE key = ? ORDER BY version DESC LIMIT 1",
                              [key]).fetchone()
        if row is None or row[2] == GuideAction.REMOVE:
            return None
        return _entry(row)

    def history(self, key: str | None = None) -> list[GuideEntry]:
        """Every version (of one key, or of all), oldest first; a removal is a version without content."""
        where, params = ("WHERE key = ?", [key]) if key is not None else ("", [])
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM guide_entries {where} ORDER BY id", params).fetchall()
        return [_entry(r) for r in rows]

    def count(self) -> int:
        return len(self.current())

    def last_id(self) -> int:
        """Grows with every change (a cheap "has the guide changed" mark)."""
        return int(self.db.execute("SELECT coalesce(max(id), 0) FROM guide_entries").fetchone()[0])

    def _append(self, entry: GuideEntry, action: GuideAction, source: str, who: str, at: str) -> None:
        row = self.db.execute("SELECT coalesce(max(version), 0) FROM guide_entries WHERE key = ?",
                              [entry.key]).fetchone()
        data = None if action == GuideAction.REMOVE else json.dumps(entry.content(), ensure_ascii=False)
        self.db.execute(
            f"INSERT INTO guide_entries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [entry.key, int(row[0]) + 1, action.value, data, entry.office, entry.origin.title, entry.origin.number,
             entry.origin.date, source, who, at])

    def write(self, entries: Iterable[GuideEntry], action: GuideAction, who: str, source: str = "") -> list[str]:
        """Append a new version of each entry that differs from the one in use (all in one transaction);
        returns the keys written."""
        at = dt.datetime.now().isoformat(timespec="seconds")
        written = []
        with transaction(self.db):
            for entry in entries:
                now = self.entry(entry.key)
                if now is not None and now.same_as(entry):
                    continue
                self._append(entry, action, source, who, at)
                written.append(entry.key)
        return written

    def remove(self, key: str, who: str) -> bool:
        """Remove an entry from the guide in use (its history stays); False when there was none."""
        at = dt.datetime.now().isoformat(timespec="seconds")
        with transaction(self.db):
            now = self.entry(key)
            if now is None:
                return False
            self._append(now, GuideAction.REMOVE, "", who, at)
        return True
