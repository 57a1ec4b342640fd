"""The repository: every read and write of content caches, cases, answers, item states (material states
in desktop/store/materials.py), settings and the audit log.  Each user action is one transaction that also
appends its audit entry, committed before the call returns (no "save" button; nothing shown as saved can be lost).

Every setter checks its values against desktop/core/limits.py (lengths, control characters, the
case-number pattern, finite non-negative numbers, real dates) and raises
:class:`~desktop.core.limits.InputError` (one Chinese line) before anything is written, so no path —
GUI, import, CLI — stores what a case file could not carry.  A write that fails for the machine (disk
full, read-only, locked too long) raises :class:`~desktop.store.errors.EnvironmentProblem`."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from desktop.core.limits import (
    InputError,
    check_answer,
    check_applicant,
    check_case,
    check_case_id,
    check_date,
    check_text,
    check_timestamp,
    require,
)
from desktop.core.model import ITEM_STATUSES, Applicant, Case, ItemState
from desktop.core.vocab import AuditAction, CaseStatus
from desktop.store.connection import Database, database_path, transaction
from desktop.store.errors import EnvironmentProblem, environment_message
from desktop.store.materials import insert_materials, load_materials
from desktop.store.search import CaseFilter, where_clause

# the purge's own entry says only that a case was purged and why: it is never redacted (the Chinese word
# is what versions before the vocabulary wrote)
PURGE_ACTIONS = (AuditAction.PURGE.value, "按保留期限清除")


def now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


def purge_cutoff(older_than_days: int, today: dt.date | None = None) -> str:
    """Cases closed before this moment (ISO, seconds) are due for the retention purge."""
    cutoff = dt.datetime.combine(today or dt.date.today(), dt.time()) - dt.timedelta(days=older_than_days)
    return cutoff.isoformat(timespec="seconds")


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: str
    name: str
    id_number: str
    phone: str
    received_on: str
    checklists: str  # comma-joined checklist ids
    status: str
    done: int
    updated_at: str
    next_due: str = ""  # earliest due date of a pending step ("" when none)
    settled: int | None = None  # progress (desktop.core.progress), kept by the application layer;
    applicable: int | None = None  # None until it has been computed for this case


@dataclass(frozen=True)
class AuditEntry:
    id: int
    case_id: str
    at: str
    who: str
    action: str
    field: str
    old: str | None
    new: str | None


class Repository:
    def __init__(self, db: Database) -> None:
        self.db = db

    def close(self) -> None:
        self.db.conn.close()

    @property
    def is_open(self) -> bool:
        try:
            self.db.conn.total_changes  # noqa: B018  # raises once the connection is closed
        except sqlite3.ProgrammingError:
            return False
        return True

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: all of it or nothing; environment failures (disk full, read-only, the
        lock held too long) as one Chinese line.  Nested in another transaction it is a savepoint of it
        (:func:`desktop.store.connection.transaction`): the application layer wraps a repository write and
        the derived data it implies in one transaction, and a failing step rolls back its own part."""
        try:
            with transaction(self.db):
                yield
        except sqlite3.OperationalError as exc:
            message = environment_message(exc, database_path(self.db.conn))
            if message is None:
                raise
            raise EnvironmentProblem(message) from None

    def _audit(self, case_id: str, who: str, action: AuditAction, fld: str = "",
               old: object = None, new: object = None) -> None:
        self.db.execute(
            "INSERT INTO audit (case_id, at, who, action, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [case_id, now(), who, action.value, fld, _text(old), _text(new)],
        )

    # ------------------------------------------------------------ settings

    def setting(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return str(row[0]) if row else default

    def set_setting(self, key: str, value: str) -> None:
        require(check_text(value, "setting"))
        with self.transaction():
            self.db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, value])

    # ------------------------------------------------------------ cases

    def next_case_id(self, received_on: dt.date) -> str:
        prefix = f"QD-{received_on:%Y%m%d}-"
        row = self.db.execute("SELECT max(id) FROM cases WHERE id LIKE ?", [prefix + "%"]).fetchone()
        last = int(row[0][len(prefix):]) if row and row[0] else 0
        return f"{prefix}{last + 1:04d}"

    def create_case(self, applicant: Applicant, checklists: Sequence[tuple[str, str]], received_on: dt.date,
                    clerk: str, office: str, who: str, case_id: str | None = None) -> str:
        """Create a case with its checklists (id, version); returns the case number."""
        check_applicant(applicant)
        for text, field in ((clerk, "clerk"), (office, "office"), (who, "updated_by")):
            require(check_text(text, field))
        require(check_date(received_on.isoformat(), "受理日期"))
        if case_id is not None:
            require(check_case_id(case_id))
        with self.transaction():
            cid = case_id or self.next_case_id(received_on)
            stamp = now()
            self.db.execute(
                "INSERT INTO cases (id, applicant_name, id_number, id_override, contact, phone, clerk, office,"
                " received_on, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)",
                [cid, applicant.name, applicant.id_number, int(applicant.id_override), applicant.contact,
                 applicant.phone, clerk, office, received_on.isoformat(), stamp, stamp],
            )
            for pos, (checklist_id, version) in enumerate(checklists):
                self.db.execute(
                    "INSERT INTO case_checklists (case_id, checklist_id, version, position) VALUES (?, ?, ?, ?)",
                    [cid, checklist_id, version, pos],
                )
            self._audit(cid, who, AuditAction.CREATE, "checklists", None, ",".join(c for c, _ in checklists))
        return cid

    def get_case(self, case_id: str) -> Case | None:
        row = self.db.execute(
            "SELECT id, applicant_name, id_number, id_override, contact, phone, clerk, office, received_on,"
            " created_at, updated_at FROM cases WHERE id = ?", [case_id]
        ).fetchone()
        if row is None:
            return None
        case = Case(
            id=row[0],
            applicant=Applicant(row[1], row[2], row[4], row[5], bool(row[3])),
            checklists=[],
            received_on=dt.date.fromisoformat(row[8]),
            clerk=row[6], office=row[7], created_at=row[9], updated_at=row[10],
        )
        for cl_id, version in self.db.execute(
            "SELECT checklist_id, version FROM case_checklists WHERE case_id = ? ORDER BY position", [case_id]
        ):
            case.checklists.append(cl_id)
            case.versions[cl_id] = version
        for qid, value in self.db.execute("SELECT question_id, value FROM answers WHERE case_id = ?", [case_id]):
            case.profile[qid] = json.loads(value)
        for cl_id, item_id, status, note, by, at in self.db.execute(
            "SELECT checklist_id, item_id, status, note, updated_by, updated_at FROM item_states WHERE case_id = ?",
            [case_id],
        ):
            case.states[f"{cl_id}/{item_id}"] = ItemState(status, note, by, at)
        load_materials(self.db, case)
        return case

    def list_cases(self, text: str = "", limit: int = 500, offset: int = 0, *, status: str | None = None,
                   date_from: dt.date | None = None, date_to: dt.date | None = None,
                   checklist: str | None = None, overdue_on: dt.date | None = None) -> list[CaseRow]:
        """Cases, newest first; ``text`` filters on case number, name, ID number and phone (see search.py)."""
        where, params = where_clause(CaseFilter(text, status, date_from, date_to, checklist, overdue_on))
        # Pick the page first, then compute the display columns for its rows only: a sort over many
        # matches then carries row ids, not the per-case subqueries.
        rows = self.db.execute(
            f"WITH page AS (SELECT c.rowid AS rid FROM cases c {where}"
            "  ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?)"
            " SELECT c.id, c.applicant_name, c.id_number, c.phone, c.received_on,"
            " (SELECT group_concat(checklist_id, ',') FROM"
            "   (SELECT checklist_id FROM case_checklists WHERE case_id = c.id ORDER BY position)),"
            " c.status, c.progress_settled, c.updated_at, c.next_due, c.progress_applicable"
            " FROM page JOIN cases c ON c.rowid = page.rid"
            " ORDER BY c.created_at DESC, c.id DESC",
            [*params, limit, offset],
        ).fetchall()
        return [CaseRow(r[0], r[1], r[2], r[3], r[4], r[5] or "", r[6], r[7] or 0, r[8], r[9] or "", r[7], r[10])
                for r in rows]

    def count_cases(self, text: str = "", *, status: str | None = None, date_from: dt.date | None = None,
                    date_to: dt.date | None = None, checklist: str | None = None,
                    overdue_on: dt.date | None = None) -> int:
        """How many cases :meth:`list_cases` would give with the same filters and no limit (for paging)."""
        where, params = where_clause(CaseFilter(text, status, date_from, date_to, checklist, overdue_on))
        return int(self.db.execute(f"SELECT count(*) FROM cases c {where}", params).fetchone()[0])

    def set_derived(self, case_id: str, due: dt.date | None, settled: int, applicable: int, key: str) -> None:
        """Record what the application layer derives from a case's evaluation (not audited): the earliest
        due date of its pending steps, its progress, and ``key`` (the inputs it was computed with, so a
        change of holiday data or evaluation rules marks it stale)."""
        value = due.isoformat() if due else None
        with self.transaction():
            self.db.execute(
                "UPDATE cases SET next_due = ?, progress_settled = ?, progress_applicable = ?, derived_key = ?"
                " WHERE id = ? AND (next_due IS NOT ? OR progress_settled IS NOT ? OR progress_applicable IS NOT ?"
                " OR derived_key IS NOT ?)",
                [value, settled, applicable, key, case_id, value, settled, applicable, key])

    def stale_cases(self, key: str, limit: int = 500) -> list[str]:
        """Cases whose derived data were computed with other inputs than ``key`` (or never)."""
        return [str(r[0]) for r in self.db.execute(
            "SELECT id FROM cases WHERE derived_key IS NOT ? ORDER BY status = 'closed', created_at DESC LIMIT ?",
            [key, limit])]

    def count_stale(self, key: str) -> int:
        return int(self.db.execute("SELECT count(*) FROM cases WHERE derived_key IS NOT ?", [key]).fetchone()[0])

    def _touch(self, case_id: str) -> None:
        self.db.execute("UPDATE cases SET updated_at = ? WHERE id = ?", [now(), case_id])

    def set_answer(self, case_id: str, question_id: str, value: object, who: str) -> None:
        """Record a profile answer (None or "" clears it)."""
        check_answer(question_id, value)
        with self.transaction():
            row = self.db.execute("SELECT value FROM answers WHERE case_id = ? AND question_id = ?",
                                  [case_id, question_id]).fetchone()
            old = json.loads(row[0]) if row else None
            if old == value or (old is None and value in (None, "")):
                return
            if value is None or value == "":
                self.db.execute("DELETE FROM answers WHERE case_id = ? AND question_id = ?", [case_id, question_id])
            else:
                self.db.execute(
                    "INSERT OR REPLACE INTO answers (case_id, question_id, value, updated_at) VALUES (?, ?, ?, ?)",
                    [case_id, question_id, json.dumps(value, ensure_ascii=False), now()],
                )
            self._audit(case_id, who, AuditAction.ANSWER, question_id, old, value)
            self._touch(case_id)

    def set_item_state(self, case_id: str, checklist_id: str, item_id: str, status: str, note: str,
                       who: str) -> ItemState:
        if status not in ITEM_STATUSES:
            raise InputError(f"未知的事项状态：{status}")
        require(check_text(note, "note"))
        require(check_text(who, "updated_by"))
        with self.transaction():
            row = self.db.execute(
                "SELECT status, note FROM item_states WHERE case_id = ? AND checklist_id = ? AND item_id = ?",
                [case_id, checklist_id, item_id],
            ).fetchone()
            old_status, old_note = (row[0], row[1]) if row else ("pending", "")
            stamp = now()
            state = ItemState(status, note, who, stamp)
            if (old_status, old_note) == (status, note):
                return state
            self.db.execute(
                "INSERT OR REPLACE INTO item_states"
                " (case_id, checklist_id, item_id, status, note, updated_by, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [case_id, checklist_id, item_id, status, note, who, stamp],
            )
            key = f"{checklist_id}/{item_id}"
            if old_status != status:
                self._audit(case_id, who, AuditAction.ITEM_STATUS, key, old_status, status)
            if old_note != note:
                self._audit(case_id, who, AuditAction.ITEM_NOTE, key, old_note, note)
            self._touch(case_id)
        return state

    def update_applicant(self, case_id: str, applicant: Applicant, who: str) -> None:
        check_applicant(applicant)
        fields = {"applicant_name": applicant.name, "id_number": applicant.id_number,
                  "id_override": int(applicant.id_override), "contact": applicant.contact, "phone": applicant.phone}
        with self.transaction():
            row = self.db.execute(
                f"SELECT {', '.join(fields)} FROM cases WHERE id = ?", [case_id]
            ).fetchone()
            if row is None:
                raise KeyError(case_id)
            changed = False
            for (name, new), old in zip(fields.items(), row, strict=True):
                if old != new:
                    self.db.execute(f"UPDATE cases SET {name} = ? WHERE id = ?", [new, case_id])
                    self._audit(case_id, who, AuditAction.APPLICANT, name, old, new)
                    changed = True
            if changed:
                self._touch(case_id)

    # ------------------------------------------------------------ import (desktop/store/exchange.py)

    def case_ids(self) -> list[str]:
        """Every case id, oldest first."""
        return [str(r[0]) for r in self.db.execute("SELECT id FROM cases ORDER BY created_at, id")]

    def open_case_ids(self) -> list[str]:
        """The cases still being handled (办理中), oldest first."""
        return [str(r[0]) for r in self.db.execute("SELECT id FROM cases WHERE status = 'open' ORDER BY created_at, id")]

    def closed_at(self, case_id: str) -> str | None:
        row = self.db.execute("SELECT closed_at FROM cases WHERE id = ?", [case_id]).fetchone()
        return str(row[0]) if row and row[0] else None

    def import_case(self, case: Case, status: str, closed_at: str | None, history: Sequence[AuditEntry],
                    who: str, source: str) -> None:
        """Insert a case exactly as a case file describes it (timestamps included), its earlier audit
        entries, and one entry recording the import — all or nothing."""
        check_case(case)
        if closed_at is not None:
            require(check_timestamp(closed_at, "办结时间"))
        stamp = now()
        a = case.applicant
        with self.transaction():
            self.db.execute(
                "INSERT INTO cases (id, applicant_name, id_number, id_override, contact, phone, clerk, office,"
                " received_on, status, closed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [case.id, a.name, a.id_number, int(a.id_override), a.contact, a.phone, case.clerk, case.office,
                 case.received_on.isoformat(), status, closed_at, case.created_at or stamp, case.updated_at or stamp],
            )
            for pos, cl_id in enumerate(case.checklists):
                self.db.execute(
                    "INSERT INTO case_checklists (case_id, checklist_id, version, position) VALUES (?, ?, ?, ?)",
                    [case.id, cl_id, case.versions[cl_id], pos],
                )
            for qid, value in case.profile.items():
                self.db.execute("INSERT INTO answers (case_id, question_id, value, updated_at) VALUES (?, ?, ?, ?)",
                                [case.id, qid, json.dumps(value, ensure_ascii=False), case.updated_at or stamp])
            for key, st in case.states.items():
                cl_id, _, item_id = key.partition("/")
                self.db.execute(
                    "INSERT INTO item_states (case_id, checklist_id, item_id, status, note, updated_by, updated_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", [case.id, cl_id, item_id, st.status, st.note, st.updated_by,
                                                      st.updated_at])
            insert_materials(self.db, case)
            for e in history:
                self.db.execute(
                    "INSERT INTO audit (case_id, at, who, action, field, old, new) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [case.id, e.at, e.who, e.action, e.field, e.old, e.new])
            self._audit(case.id, who, AuditAction.IMPORT, "file", None, source)

    # ------------------------------------------------------------ closing and retention

    def case_status(self, case_id: str) -> str | None:
        row = self.db.execute("SELECT status FROM cases WHERE id = ?", [case_id]).fetchone()
        return str(row[0]) if row else None

    def _set_status(self, case_id: str, status: CaseStatus, action: AuditAction, who: str) -> bool:
        with self.transaction():
            old = self.case_status(case_id)
            if old is None:
                raise KeyError(case_id)
            if old == status:
                return False
            closed_at = now() if status == CaseStatus.CLOSED else None
            self.db.execute("UPDATE cases SET status = ?, closed_at = ? WHERE id = ?",
                            [status.value, closed_at, case_id])
            self._audit(case_id, who, action, "status", old, status.value)
            self._touch(case_id)
        return True

    def close_case(self, case_id: str, who: str) -> bool:
        """办结: the case leaves the open list; retention counts from now.  False if already closed."""
        return self._set_status(case_id, CaseStatus.CLOSED, AuditAction.CLOSE, who)

    def reopen_case(self, case_id: str, who: str) -> bool:
        """重新打开 a closed case.  False if it was open."""
        return self._set_status(case_id, CaseStatus.OPEN, AuditAction.REOPEN, who)

    def purge_due(self, older_than_days: int, today: dt.date | None = None) -> list[str]:
        """Ids of the cases closed more than ``older_than_days`` days ago (what a purge would remove)."""
        return [str(r[0]) for r in self.db.execute(
            "SELECT id FROM cases WHERE status = 'closed' AND coalesce(closed_at, updated_at) < ? ORDER BY id",
            [purge_cutoff(older_than_days, today)])]

    def purge_closed_cases(self, older_than_days: int, who: str, today: dt.date | None = None) -> list[str]:
        """Delete cases closed more than ``older_than_days`` days ago; returns their ids.

        Answers, item states and checklists go with the case (ON DELETE CASCADE).  The audit log keeps
        that each entry existed (when, who, what kind of change) but not its values: every entry of a
        case that no longer exists is redacted (migration 005 allows exactly that), and each purged case
        gets a final entry saying it was purged.  The search index is rebuilt, so no trigram of a purged
        name stays in it.  Freed pages are zeroed (secure_delete); desktop/store/purge.py then compacts
        the file and rewrites the backups.
        """
        if older_than_days < 0:
            raise InputError("保留天数不能为负数")
        self.db.execute("PRAGMA secure_delete = ON")
        with self.transaction():
            ids = self.purge_due(older_than_days, today)
            for cid in ids:
                self.db.execute("DELETE FROM cases WHERE id = ?", [cid])
            redacted = self.db.execute(
                "UPDATE audit SET old = NULL, new = NULL, redacted = 1 WHERE redacted = 0"
                f" AND action NOT IN ({', '.join('?' * len(PURGE_ACTIONS))})"
                " AND case_id NOT IN (SELECT id FROM cases)", PURGE_ACTIONS).rowcount
            for cid in ids:
                self._audit(cid, who, AuditAction.PURGE, "", None, f"办结超过 {older_than_days} 天")
            if ids or redacted:
                self.db.execute("INSERT INTO cases_fts (cases_fts) VALUES ('rebuild')")
        return ids

    def set_case_checklists(self, case_id: str, checklists: Sequence[tuple[str, str]], who: str) -> None:
        """Replace the case's checklists (id, version), keeping the version of those already chosen."""
        with self.transaction():
            old = {r[0]: r[1] for r in self.db.execute(
                "SELECT checklist_id, version FROM case_checklists WHERE case_id = ?", [case_id])}
            new_ids = [c for c, _ in checklists]
            if list(old) == new_ids:
                return
            self.db.execute("DELETE FROM case_checklists WHERE case_id = ?", [case_id])
            for pos, (checklist_id, version) in enumerate(checklists):
                self.db.execute(
                    "INSERT INTO case_checklists (case_id, checklist_id, version, position) VALUES (?, ?, ?, ?)",
                    [case_id, checklist_id, old.get(checklist_id, version), pos],
                )
            self._audit(case_id, who, AuditAction.CHECKLISTS, "checklists", ",".join(old), ",".join(new_ids))
            self._touch(case_id)

    def update_case_version(self, case_id: str, checklist_id: str, version: str, reset: Sequence[str],
                            who: str) -> None:
        """Move the case to another content version of a checklist; the items in ``reset`` (changed in the
        new version) go back to 待办, keeping their notes.  One transaction, logged."""
        with self.transaction():
            row = self.db.execute("SELECT version FROM case_checklists WHERE case_id = ? AND checklist_id = ?",
                                  [case_id, checklist_id]).fetchone()
            if row is None:
                raise KeyError(f"{case_id}/{checklist_id}")
            if row[0] == version:
                return
            self.db.execute("UPDATE case_checklists SET version = ? WHERE case_id = ? AND checklist_id = ?",
                            [version, case_id, checklist_id])
            self._audit(case_id, who, AuditAction.UPDATE_VERSION, checklist_id, row[0], version)
            for item_id in reset:
                old = self.db.execute(
                    "SELECT status FROM item_states WHERE case_id = ? AND checklist_id = ? AND item_id = ?"
                    " AND status != 'pending'", [case_id, checklist_id, item_id]).fetchone()
                if old is None:
                    continue
                self.db.execute(
                    "UPDATE item_states SET status = 'pending', updated_by = ?, updated_at = ?"
                    " WHERE case_id = ? AND checklist_id = ? AND item_id = ?",
                    [who, now(), case_id, checklist_id, item_id])
                self._audit(case_id, who, AuditAction.ITEM_STATUS, f"{checklist_id}/{item_id}", old[0], "pending")
            self._touch(case_id)

    def audit_log(self, case_id: str) -> list[AuditEntry]:
        return [AuditEntry(*r) for r in self.db.execute(
            "SELECT id, case_id, at, who, action, field, old, new FROM audit WHERE case_id = ? ORDER BY id",
            [case_id])]


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
