"""The case-list filter: free-text search plus status, received-date range and checklist.

Free text is split on whitespace; every word must match one of case number, applicant name, ID
number or phone (substring, ASCII case-insensitive).  A word of 3+ characters goes through the FTS5
trigram index ``cases_fts`` (migration 002); a word of 1–2 characters cannot (trigram needs three
characters, and on SQLite 3.40 ``LIKE`` on the trigram table is wrong for short CJK strings), so it
uses ``LIKE`` on ``cases`` itself.  Both give the same answer; only the speed differs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

TRIGRAM = 3
SEARCHED = ("id", "applicant_name", "id_number", "phone")  # the columns of cases_fts


@dataclass(frozen=True)
class CaseFilter:
    """What the case list shows; empty fields do not filter."""

    text: str = ""
    status: str | None = None  # 'open' | 'closed'
    date_from: dt.date | None = None  # received on or after
    date_to: dt.date | None = None  # received on or before
    checklist: str | None = None  # the case holds this checklist id
    overdue_on: dt.date | None = None  # open cases with a pending step due before this day


def fts_phrase(word: str) -> str:
    """``word`` as one FTS5 phrase: double quotes doubled, so ``CHK-0123`` or ``a"b`` are literal."""
    return '"' + word.replace('"', '""') + '"'


def _like(word: str) -> tuple[str, str]:
    """(SQL for one column placeholder, pattern).  ESCAPE only when needed: it doubles LIKE's cost."""
    if not any(ch in word for ch in "%_\\"):
        return "LIKE ?", f"%{word}%"
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return "LIKE ? ESCAPE '\\'", f"%{escaped}%"


def where_clause(f: CaseFilter) -> tuple[str, list[object]]:
    """(``WHERE ...`` or ``""``, parameters) over ``cases c``."""
    parts: list[str] = []
    params: list[object] = []
    for word in f.text.split():
        if len(word) >= TRIGRAM:
            parts.append("c.rowid IN (SELECT rowid FROM cases_fts WHERE cases_fts MATCH ?)")
            params.append(fts_phrase(word))
        else:
            op, pattern = _like(word)
            parts.append("(" + " OR ".join(f"c.{col} {op}" for col in SEARCHED) + ")")
            params.extend([pattern] * len(SEARCHED))
    if f.status:
        parts.append("c.status = ?")
        params.append(f.status)
    if f.date_from:
        parts.append("c.received_on >= ?")
        params.append(f.date_from.isoformat())
    if f.date_to:
        parts.append("c.received_on <= ?")
        params.append(f.date_to.isoformat())
    if f.checklist:
        parts.append("EXISTS (SELECT 1 FROM case_checklists k WHERE k.case_id = c.id AND k.checklist_id = ?)")
        params.append(f.checklist)
    if f.overdue_on:
        parts.append("c.status = 'open' AND c.next_due < ?")
        params.append(f.overdue_on.isoformat())
    return ("WHERE " + " AND ".join(parts) if parts else ""), params
