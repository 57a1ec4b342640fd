"""Case use cases: open a case as one snapshot, and every write to it.

Each write (answer, item state and note, a material's state at the counter, applicant, checklists, close,
reopen, update to the latest content, create, import) runs in one transaction together with the data derived from the case's new
evaluation — the next due date and the progress the case list shows — so nothing derived can go stale.
A closed case is read-only until it is reopened.  Derived data computed with other holiday data or
evaluation rules (:func:`derived_key`) is recomputed by :meth:`CaseService.refresh_stale`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.content.load import ContentManager
from desktop.context import AppContext
from desktop.core.catalog import Catalog
from desktop.core.errors import UserError
from desktop.core.evaluate import Evaluation, ItemView, evaluate
from desktop.core.model import Applicant, Case, Checklist, MaterialRecord
from desktop.core.progress import Progress
from desktop.core.versions import ChecklistDiff, diff_checklists
from desktop.core.vocab import CaseStatus, ItemStatus, MaterialForm, MaterialState
from desktop.core.workdays import HolidayCalendar, default_calendar, due_date
from desktop.store.materials import set_material
from desktop.store.repository import Repository

if TYPE_CHECKING:
    from desktop.core.guide import GuideEntry
    from desktop.core.present import CaseDoc, ItemDoc

# Bump when the evaluation or progress rules change: every case's derived data is then recomputed.
# 2027-01: the next due date includes the 补正 due dates of materials accepted on 容缺 (issue 13).
EVALUATION_RULES = "2027-01-correction-v1"


class CaseClosed(UserError):
    """A write to a closed case."""


class UnknownCase(UserError):
    pass


def derived_key(calendar: HolidayCalendar | None) -> str:
    """The inputs derived data depend on besides the case itself: evaluation rules and holiday data."""
    cal = calendar or default_calendar()
    h = hashlib.sha256(EVALUATION_RULES.encode())
    for name, days in (("h", cal.holidays), ("w", cal.workdays)):
        for day in sorted(days):
            h.update(f"{name}{day.isoformat()}".encode())
    h.update(",".join(str(y) for y in sorted(cal.years)).encode())
    return h.hexdigest()[:16]


def case_catalog(content: ContentManager | None, catalog: Catalog, case: Case) -> Catalog:
    """A catalog whose checklists are the versions this case uses: each kept version from a release whose
    rows are verified against the ledger (desktop/content/load.py), with that release's sources where the
    current content no longer has them; the current version when the kept one is missing or unverified."""
    found: dict[str, tuple[Checklist, Catalog]] = {}
    for cid in case.checklists:
        current = catalog.checklists.get(cid)
        wanted = case.versions.get(cid)
        if content is None or wanted is None or (current is not None and current.version == wanted):
            continue
        pinned = content.pinned(cid, wanted)
        if pinned is not None:
            found[cid] = pinned
    if not found:
        return catalog
    sources = dict(catalog.sources)
    for _checklist, old in found.values():
        for sid, src in old.sources.items():
            sources.setdefault(sid, src)
    return Catalog(sources=sources, questions=catalog.questions,
                   checklists={**catalog.checklists, **{cid: p[0] for cid, p in found.items()}},
                   origins={**catalog.origins, **{cid: p[1].origins.get(cid, "") for cid, p in found.items()}})


def content_diffs(current: Catalog, pinned: Catalog, case: Case) -> tuple[ChecklistDiff, ...]:
    """What changed between the versions the case uses and the current content."""
    out = []
    for cid in case.checklists:
        now, then = current.checklists.get(cid), pinned.checklists.get(cid)
        if now is not None and then is not None and now.version != then.version:
            out.append(diff_checklists(then, now))
    return tuple(out)


@dataclass(frozen=True)
class CaseSnapshot:
    """A case as it stands: its evaluation (the one computation) and the presentation model of it.

    ``owner``: evaluated as of ``today`` for the business owner (self-check, 我的办事清单), not as of the
    received date.
    """

    evaluation: Evaluation
    status: CaseStatus
    closed_at: str | None
    outdated: tuple[ChecklistDiff, ...]
    today: dt.date
    owner: bool = False
    guide: Mapping[str, GuideEntry] = field(default_factory=dict)  # the office's 本中心办事指南 in use

    @property
    def case(self) -> Case:
        return self.evaluation.case

    @property
    def catalog(self) -> Catalog:
        return self.evaluation.catalog

    @property
    def views(self) -> tuple[ItemView, ...]:
        return self.evaluation.views

    @property
    def progress(self) -> Progress:
        return self.evaluation.progress

    @property
    def next_due(self) -> dt.date | None:
        return self.evaluation.next_due

    @property
    def closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @cached_property
    def doc(self) -> CaseDoc:
        """The presentation model every screen and document shows (imported when first needed: start-up
        does not pay for it)."""
        from desktop.core.present import case_doc

        return case_doc(self.evaluation, self.today, self.evaluation if self.owner else None, self.guide)

    @cached_property
    def items(self) -> dict[str, ItemDoc]:
        return {i.key: i for i in self.doc.items}

    def open_steps(self) -> list[ItemDoc]:
        """Counted items still 待办 (what 办结 asks about)."""
        return [i for i in self.doc.items if i.counted and i.status == ItemStatus.PENDING]


@dataclass(frozen=True)
class NewCase:
    applicant: Applicant
    checklists: list[str]
    received_on: dt.date
    clerk: str = ""
    office: str = ""
    case_id: str | None = None


class CaseService:
    """Every use case on cases; built over the :class:`~desktop.context.AppContext`."""

    def __init__(self, ctx: AppContext, today: Callable[[], dt.date] = dt.date.today) -> None:
        self.ctx = ctx
        self.today = today
        self._key: tuple[int, str] | None = None
        self._guide: tuple[Repository, int, dict[str, GuideEntry]] | None = None

    @property
    def repo(self) -> Repository:
        return self.ctx.repo

    @property
    def key(self) -> str:
        """:func:`derived_key` of the context's calendar (computed once per calendar)."""
        cal = self.ctx.calendar
        if self._key is None or self._key[0] != id(cal):
            self._key = (id(cal), derived_key(cal))
        return self._key[1]

    # ------------------------------------------------------------ reading

    def guide(self) -> dict[str, GuideEntry]:
        """The office's guide in use, read again only when it changed (its history grew) or the database did."""
        from desktop.store.guide import GuideStore  # the guide's model: only when a case is shown

        store = GuideStore(self.repo.db)
        mark = store.last_id()
        if self._guide is None or self._guide[0] is not self.repo or self._guide[1] != mark:
            self._guide = (self.repo, mark, store.current())
        return self._guide[2]

    def catalog_for(self, case: Case) -> Catalog:
        return case_catalog(self.ctx.content, self.ctx.catalog, case)

    def evaluate(self, case: Case, on: dt.date | None = None) -> Evaluation:
        return evaluate(self.catalog_for(case), case, self.ctx.calendar, on)

    def snapshot_of(self, case: Case, status: CaseStatus = CaseStatus.OPEN, closed_at: str | None = None,
                    owner: bool = False, on: dt.date | None = None) -> CaseSnapshot:
        """The snapshot of a case held in memory (a case file, or a case read from the store).

        Evaluated as of ``on``, else as of today for the owner, else as of the received date.
        """
        today = self.today()
        ev = self.evaluate(case, on or (today if owner else None))
        return CaseSnapshot(ev, status, closed_at, content_diffs(self.ctx.catalog, ev.catalog, case), today, owner,
                            self.guide())

    def _load(self, case_id: str) -> tuple[Case, CaseStatus, str | None]:
        case = self.repo.get_case(case_id)
        if case is None:
            raise UnknownCase(f"没有编号为“{case_id}”的办件")
        status = CaseStatus(self.repo.case_status(case_id) or CaseStatus.OPEN)
        return case, status, self.repo.closed_at(case_id)

    def open(self, case_id: str, owner: bool = False) -> CaseSnapshot:
        """Open a case: one evaluation, as of the received date (or, for the owner, as of today)."""
        case, status, closed_at = self._load(case_id)
        return self.snapshot_of(case, status, closed_at, owner)

    # ------------------------------------------------------------ writing

    def _derive(self, case_id: str, owner: bool = False) -> CaseSnapshot:
        """Inside a write transaction: evaluate the case as stored now and record what derives from it."""
        case, status, closed_at = self._load(case_id)
        counter = self.snapshot_of(case, status, closed_at)
        p = counter.progress
        self.repo.set_derived(case_id, counter.next_due, p.settled, p.applicable, self.key)
        return self.snapshot_of(case, status, closed_at, owner=True) if owner else counter

    def _write(self, case_id: str, change: Callable[[], object], owner: bool = False,
               allow_closed: bool = False) -> CaseSnapshot:
        with self.repo.transaction():
            if not allow_closed and self.repo.case_status(case_id) == CaseStatus.CLOSED:
                raise CaseClosed(f"办件 {case_id} 已办结，不能修改；如需修改，请先“重新打开”")
            change()
            return self._derive(case_id, owner)

    def create(self, new: NewCase) -> str:
        """Create a case with the current versions of its checklists; returns its number."""
        catalog = self.ctx.catalog
        unknown = [c for c in new.checklists if c not in catalog.checklists]
        if unknown:
            raise UserError(f"未知的清单编号：{'、'.join(unknown)}")
        if not new.checklists:
            raise UserError("请至少选择一个办理清单")
        versions = [(cid, catalog.checklists[cid].version) for cid in new.checklists]
        with self.repo.transaction():
            case_id = self.repo.create_case(new.applicant, versions, new.received_on, new.clerk, new.office,
                                            self.ctx.user, case_id=new.case_id)
            self._derive(case_id)
        return case_id

    def answer(self, case_id: str, question_id: str, value: object, owner: bool = False) -> CaseSnapshot:
        return self._write(case_id, lambda: self.repo.set_answer(case_id, question_id, value, self.ctx.user), owner)

    def mark(self, case_id: str, key: str, status: str, note: str, owner: bool = False) -> CaseSnapshot:
        """Set an item's status and note (the note is saved with the status, as typed)."""
        checklist_id, _, item_id = key.partition("/")
        return self._write(case_id, lambda: self.repo.set_item_state(
            case_id, checklist_id, item_id, ItemStatus(status), note, self.ctx.user), owner)

    def set_material(self, case_id: str, key: str, name: str, state: str, form: str = "", note: str | None = None,
                     due: dt.date | None = None) -> CaseSnapshot:
        """Record where one material of a step stands (``state`` "" = back to not checked), with the clerk's
        note on it (None: the note it has stays — a change of state never wipes it).  容缺受理 needs the
        office's guide to allow it for this material; its 补正 due date is counted in working days from today
        by the guide's 补正期限 (kept when the material was already on 容缺; ``due`` sets it explicitly).
        告知承诺 needs the guide or the content to allow it.  The case's next due date follows."""
        def change() -> None:
            record = self._material_record(case_id, key, name, state, form, note, due)
            set_material(self.repo, case_id, key, name, record, self.ctx.user)

        return self._write(case_id, change)

    def _material_record(self, case_id: str, key: str, name: str, state: str, form: str, note: str | None,
                         due: dt.date | None) -> MaterialRecord | None:
        if not state:
            return None
        case, _, _ = self._load(case_id)
        old = case.materials.get(key, {}).get(name)
        if note is None:
            note = old.note if old is not None else ""
        view = self.evaluate(case).view(key)
        if view is None:
            raise UserError(f"办件 {case_id} 中没有事项“{key}”")
        try:
            kind = MaterialState(state)
        except ValueError:
            raise UserError(f"未知的材料状态“{state}”") from None
        if form and form not in set(MaterialForm):
            raise UserError(f"材料形式应为原件、复印件或原件及复印件，不是“{form}”")
        entry = self.guide().get(key)
        asked = entry.material(name) if entry is not None else None
        law = next((m for m in view.item.materials if m.name == name), None)
        if kind == MaterialState.DEFERRED:
            if asked is None or not asked.deferrable or not entry or not entry.defer_days:
                raise UserError(f"本中心办事指南未允许材料“{name}”容缺受理（须由管理员在办事指南中注明可容缺受理及补正期限）")
            if due is None and old is not None and old.state == MaterialState.DEFERRED and old.due:
                due = dt.date.fromisoformat(old.due)
            if due is None:
                due = due_date(self.today(), entry.defer_days, "工作日", self.ctx.calendar).due
        elif due is not None:
            raise UserError("只有容缺受理的材料有补正期限")
        if kind == MaterialState.COMMITTED and not ((asked is not None and asked.commitment)
                                                     or (law is not None and law.commitment)):
            raise UserError(f"材料“{name}”不可以告知承诺代替（本中心办事指南和依据文件均未注明可告知承诺）")
        return MaterialRecord(kind.value, form if kind == MaterialState.RECEIVED else "",
                              due.isoformat() if due is not None else "", note)

    def update_applicant(self, case_id: str, applicant: Applicant, owner: bool = False) -> CaseSnapshot:
        return self._write(case_id, lambda: self.repo.update_applicant(case_id, applicant, self.ctx.user), owner)

    def set_checklists(self, case_id: str, checklist_ids: Sequence[str], owner: bool = False) -> CaseSnapshot:
        catalog = self.ctx.catalog
        versions = [(cid, catalog.checklists[cid].version) for cid in checklist_ids if cid in catalog.checklists]
        return self._write(case_id, lambda: self.repo.set_case_checklists(case_id, versions, self.ctx.user), owner)

    def close(self, case_id: str) -> CaseSnapshot:
        """办结.  The GUI asks first when steps are still 待办 (:meth:`CaseSnapshot.open_steps`)."""
        return self._write(case_id, lambda: self.repo.close_case(case_id, self.ctx.user), allow_closed=True)

    def reopen(self, case_id: str) -> CaseSnapshot:
        return self._write(case_id, lambda: self.repo.reopen_case(case_id, self.ctx.user), allow_closed=True)

    def update_to_latest(self, case_id: str, owner: bool = False) -> CaseSnapshot:
        """Move the case to the current content: unchanged items keep state and note, changed items go back
        to 待办 (notes kept), removed items are no longer shown.  Logged."""
        def change() -> None:
            case, _, _ = self._load(case_id)
            for d in content_diffs(self.ctx.catalog, self.catalog_for(case), case):
                reset = [new.id for _old, new in d.changed]
                self.repo.update_case_version(case_id, d.checklist_id, d.new_version, reset, self.ctx.user)

        return self._write(case_id, change, owner)

    # ------------------------------------------------------------ import and derived data

    def import_path(self, path: Path, cancel: Callable[[], bool] | None = None,
                    progress: Callable[[Any], None] | None = None) -> object:
        """Import a case file or a zip of them; each imported case gets its derived data in the same
        transaction as its rows.  Returns the :class:`~desktop.store.exchange.ImportReport`.

        ``progress(ImportProgress)`` after each zip member; ``cancel()`` is asked between members
        (desktop/store/exchange.py ``iter_import``)."""
        from desktop.store.exchange import import_path

        return import_path(self.repo, self.ctx.catalog, path, self.ctx.user, on_imported=self._derive,
                           cancel=cancel, progress=progress)

    def refresh(self, case_ids: Sequence[str]) -> None:
        """Recompute the derived data of these cases (each in its own short transaction)."""
        for case_id in case_ids:
            with self.repo.transaction():
                if self.repo.case_status(case_id) is not None:
                    self._derive(case_id)

    def refresh_stale(self, limit: int | None = None, batch: int = 200,
                      cancelled: Callable[[], bool] = lambda: False) -> int:
        """Recompute derived data computed with other inputs (holiday data, rules) or never; open cases
        first.  Returns how many were refreshed."""
        done = 0
        while limit is None or done < limit:
            ids = self.repo.stale_cases(self.key, batch if limit is None else min(batch, limit - done))
            if not ids or cancelled():
                break
            with self.repo.transaction():
                for case_id in ids:
                    self._derive(case_id)
            done += len(ids)
        return done

