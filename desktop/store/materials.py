"""Where each material of a step stands in a case (table ``material_states``, migration 007): read with the
case, written one material at a time with its audit entry, inserted as a case file describes them on import.

A material's audit entry is :attr:`~desktop.core.vocab.AuditAction.MATERIAL`; its field is
``<checklist id>/<item id>/<material name>`` (ids never hold "/", a name may), old and new the material's
state as JSON (``{"state": "deferred", "due": "2026-12-02"}``; null when it was not checked) —
:mod:`desktop.core.audit_text` renders it in plain Chinese.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING

from desktop.core.limits import InputError, check_material, check_text, require
from desktop.core.model import Case, MaterialRecord
from desktop.core.vocab import AuditAction
from desktop.store.connection import Database

if TYPE_CHECKING:
    from desktop.store.repository import Repository

_COLUMNS = "checklist_id, item_id, name, state, form, due, note, updated_by, updated_at"


def record_json(record: MaterialRecord | None) -> str | None:
    """A material's state as its audit entry keeps it (the empty parts left out); None: not checked."""
    if record is None:
        return None
    out = {k: getattr(record, k) for k in ("state", "form", "due", "note") if getattr(record, k)}
    return json.dumps(out, ensure_ascii=False)


def load_materials(db: Database, case: Case) -> None:
    """Fill ``case.materials`` from the store (in the order they were first recorded)."""
    for cid, iid, name, state, form, due, note, by, at in db.execute(
            f"SELECT {_COLUMNS} FROM material_states WHERE case_id = ? ORDER BY rowid", [case.id]):
        case.materials.setdefault(f"{cid}/{iid}", {})[name] = MaterialRecord(state, form, due, note, by, at)


def insert_materials(db: Database, case: Case) -> None:
    """Insert the case's material states as they are (import; inside the caller's transaction)."""
    for key, records in case.materials.items():
        cid, _, iid = key.partition("/")
        for name, r in records.items():
            db.execute(f"INSERT INTO material_states (case_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       [case.id, cid, iid, name, r.state, r.form, r.due, r.note, r.updated_by, r.updated_at])


def set_material(repo: Repository, case_id: str, key: str, name: str, record: MaterialRecord | None,
                 who: str) -> bool:
    """Record one material's state (None: back to not checked) as changed now by ``who``, with its audit
    entry; False when nothing changed.  Limits are checked before anything is written."""
    cid, _, iid = key.partition("/")
    if record is not None:
        check_material(name, record)
    else:
        require(check_text(name, "material"))
    field = f"{key}/{name}"
    if check_text(field, "audit_field") is not None:
        raise InputError(f"材料名称“{name[:30]}”过长，无法记入办理记录")
    require(check_text(who, "updated_by"))
    with repo.transaction():
        row = repo.db.execute(
            "SELECT state, form, due, note, updated_by, updated_at FROM material_states"
            " WHERE case_id = ? AND checklist_id = ? AND item_id = ? AND name = ?", [case_id, cid, iid, name]).fetchone()
        old = MaterialRecord(*row) if row else None
        if record_json(old) == record_json(record):
            return False
        if record is None:
            repo.db.execute("DELETE FROM material_states WHERE case_id = ? AND checklist_id = ? AND item_id = ?"
                            " AND name = ?", [case_id, cid, iid, name])
        else:
            repo.db.execute(
                f"INSERT INTO material_states (case_id, {_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (case_id, checklist_id, item_id, name) DO UPDATE SET state = excluded.state,"
                " form = excluded.form, due = excluded.due, note = excluded.note, updated_by = excluded.updated_by,"
                " updated_at = excluded.updated_at",
                [case_id, cid, iid, name, record.state, record.form, record.due, record.note, who,
                 dt.datetime.now().isoformat(timespec="seconds")])
        repo._audit(case_id, who, AuditAction.MATERIAL, field, record_json(old), record_json(record))
        repo._touch(case_id)
    return True
