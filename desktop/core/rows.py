"""Content as table rows: the validated catalog turned into the rows of the content tables
(desktop/store/content.py, migration 004) and back, and the digest over those rows.

The rows are the one stored form of the content: the catalog the app shows and prints is rebuilt from
exactly the rows whose digest was checked (:func:`rows_digest`), in one read, so nothing between the
check and the use can differ.  Columns hold plain values: dates as ``YYYY-MM-DD``, lists as JSON text,
booleans as 0/1, a time limit as value (or NULL) and unit.

The digest is SHA-256 over the JSON text of every table's rows in a fixed table order — JSON, so a
field boundary can never be moved by text that contains a separator.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from desktop.core.catalog import Catalog
from desktop.core.model import Checklist, Excerpt, Item, LegalBasis, Material, Question, Source, TimeLimit

Row = tuple[Any, ...]
ContentRows = dict[str, list[Row]]

# Table -> columns, without the leading ``release`` column every content table has.  The order of the
# tables is the order of the digest; the order of the rows is the order the store reads them in.
COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("id", "position", "title", "wenhao", "issuer", "date", "level", "region", "validity",
                "valid_from", "valid_to", "seed", "lines", "note"),
    "excerpts": ("source_id", "position", "lines", "text"),
    "questions": ("id", "position", "text", "label", "type", "options", "unit", "help"),
    "checklists": ("id", "position", "version", "title", "family", "region", "summary", "audience", "questions"),
    "items": ("checklist_id", "id", "position", "title", "kind", "what", "department", "lead", "time_value",
              "time_unit", "time_note", "cost", "channel", "result", "claim", "applies_if", "valid_from",
              "valid_to", "period_unstated", "unclear_if", "unclear_reason", "jurisdiction", "grp", "note"),
    "basis": ("checklist_id", "item_id", "position", "source_id", "article", "quote"),
    "materials": ("checklist_id", "item_id", "position", "name", "form", "copies", "commitment", "note"),
    "guide": ("data",),  # a pack's guide.json, verbatim (issue 13); no row without one
}
TABLES: tuple[str, ...] = tuple(COLUMNS)


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _json(value: Sequence[str]) -> str:
    return json.dumps(list(value), ensure_ascii=False)


def catalog_rows(catalog: Catalog, guide: str | None = None) -> ContentRows:
    """The rows of every content table for ``catalog`` (and a guide's JSON text, if any)."""
    rows: ContentRows = {name: [] for name in TABLES}
    for pos, s in enumerate(catalog.sources.values()):
        rows["sources"].append((s.id, pos, s.title, s.wenhao, s.issuer, s.date.isoformat(), s.level, s.region,
                                s.validity, _date(s.valid_from), _date(s.valid_to), s.seed, s.lines, s.note))
        rows["excerpts"] += [(s.id, n, e.lines, e.text) for n, e in enumerate(s.excerpts)]
    for pos, q in enumerate(catalog.questions.values()):
        rows["questions"].append((q.id, pos, q.text, q.label, q.type, _json(q.options), q.unit, q.help))
    for pos, c in enumerate(catalog.checklists.values()):
        rows["checklists"].append((c.id, pos, c.version, c.title, c.family, c.region, c.summary, _json(c.audience),
                                   _json(c.questions)))
        for n, i in enumerate(c.items):
            limit = i.time_limit
            rows["items"].append((
                c.id, i.id, n, i.title, i.kind, i.what, i.department, i.lead,
                limit.value if limit else None, limit.unit if limit else None, i.time_note, i.cost, i.channel,
                i.result, i.claim, i.applies_if, _date(i.valid_from), _date(i.valid_to), int(i.period_unstated),
                i.unclear_if, i.unclear_reason, i.jurisdiction, i.group, i.note))
            rows["basis"] += [(c.id, i.id, k, b.source, b.article, b.quote) for k, b in enumerate(i.basis)]
            rows["materials"] += [(c.id, i.id, k, m.name, m.form, m.copies, int(m.commitment), m.note)
                                  for k, m in enumerate(i.materials)]
    if guide is not None:
        rows["guide"].append((guide,))
    return rows


def rows_digest(rows: Mapping[str, Sequence[Row]]) -> str:
    """SHA-256 (hex) over the rows of every table, in table order (see the module docstring)."""
    h = hashlib.sha256()
    for name in TABLES:
        h.update(name.encode())
        h.update(json.dumps(list(rows.get(name, ())), ensure_ascii=False, separators=(",", ":")).encode())
    return h.hexdigest()


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def _strings(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in json.loads(value)) if isinstance(value, str) and value else ()


def catalog_from_rows(rows: Mapping[str, Sequence[Row]]) -> Catalog:
    """Rebuild the catalog from its rows, in the order of their ``position`` columns.

    The rows are trusted only after their digest was checked against the ledger (desktop/content/).
    """
    cat = Catalog()
    excerpts: dict[str, list[Excerpt]] = {}
    for source_id, _pos, lines, text in rows.get("excerpts", ()):
        excerpts.setdefault(source_id, []).append(Excerpt(lines, text))
    for r in sorted(rows.get("sources", ()), key=lambda r: r[1]):
        cat.sources[r[0]] = Source(r[0], r[2], r[3], r[4], dt.date.fromisoformat(r[5]), r[6], r[7], r[8],
                                   _day(r[9]), _day(r[10]), r[11], r[12], tuple(excerpts.get(r[0], ())), r[13])
    for r in sorted(rows.get("questions", ()), key=lambda r: r[1]):
        cat.questions[r[0]] = Question(r[0], r[2], r[3], r[4], _strings(r[5]), r[6], r[7])
    basis: dict[tuple[str, str], list[LegalBasis]] = {}
    for cid, iid, _pos, source_id, article, quote in rows.get("basis", ()):
        basis.setdefault((cid, iid), []).append(LegalBasis(source_id, article, quote))
    materials: dict[tuple[str, str], list[Material]] = {}
    for cid, iid, _pos, name, form, copies, commitment, note in rows.get("materials", ()):
        materials.setdefault((cid, iid), []).append(Material(name, form, copies, bool(commitment), note))
    items: dict[str, list[Item]] = {}
    for r in rows.get("items", ()):
        cid, iid = r[0], r[1]
        limit = TimeLimit(r[8], r[9]) if r[9] else None
        items.setdefault(cid, []).append(Item(
            id=iid, title=r[3], kind=r[4], what=r[5], basis=tuple(basis.get((cid, iid), ())), department=r[6],
            time_limit=limit, time_note=r[10], cost=r[11], materials=tuple(materials.get((cid, iid), ())),
            channel=r[12], result=r[13], claim=r[14], applies_if=r[15], valid_from=_day(r[16]),
            valid_to=_day(r[17]), jurisdiction=r[21], group=r[22], note=r[23], lead=r[7],
            period_unstated=bool(r[18]), unclear_if=r[19], unclear_reason=r[20]))
    for r in sorted(rows.get("checklists", ()), key=lambda r: r[1]):
        cat.checklists[r[0]] = Checklist(r[0], r[3], r[4], r[5], r[6], r[2], _strings(r[8]),
                                         tuple(items.get(r[0], ())), _strings(r[7]))
    return cat


def same_content(a: Catalog, b: Catalog) -> bool:
    """True when two catalogs hold the same sources, questions and checklists, in the same order."""
    return (list(a.sources.items()) == list(b.sources.items())
            and list(a.questions.items()) == list(b.questions.items())
            and list(a.checklists.items()) == list(b.checklists.items()))


def guide_text(rows: Mapping[str, Sequence[Row]]) -> str | None:
    """The guide's JSON text carried by the rows, if any."""
    guide = rows.get("guide", ())
    return str(guide[0][0]) if guide else None
