"""Which items of a case's checklists apply, and why: jurisdiction, validity period, condition and
variant selection, combined into one :class:`ItemView` per item.

Order of the tests (the first that decides wins): jurisdiction (the case's region), validity as of
the evaluation date, the item's condition, an open boundary (``unclear_if``: 待确认 with its reason), a
period the text leaves open (``period_unstated``: 时效未明), then variant selection within a ``group`` (the
most specific applicable jurisdiction wins, then the newest — separately for variants in force and 时效未明
ones; a 时效未明 variant stands beside the one in force only when it is more specific or newer; the others
stay visible beside them as context).

The whole case is evaluated once by :func:`evaluate` into an :class:`Evaluation`; progress and the
next due date are computed from it (:mod:`desktop.core.progress`), never elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop.core import conditions, vocab
from desktop.core.catalog import Catalog
from desktop.core.content_contract import CHANGCHUN, JILIN_OUTSIDE, REGION
from desktop.core.eligibility import Classification
from desktop.core.facts import case_facts, classify_profile
from desktop.core.model import Case, Checklist, Item, ItemState
from desktop.core.vocab import Applicability, ItemStatus, MaterialState
from desktop.core.workdays import DueDate, HolidayCalendar, due_date

APPLIES = Applicability.APPLIES
NOT_APPLICABLE = Applicability.NOT_APPLICABLE
UNKNOWN = Applicability.UNKNOWN
EXPIRED = Applicability.EXPIRED
NOT_YET = Applicability.NOT_YET
SUPERSEDED = Applicability.SUPERSEDED
UNDATED = Applicability.UNDATED

_SPECIFICITY = {"国家": 0, "吉林省": 1, "长春市": 2, "其他省份": -1}


@dataclass
class ItemView:
    """One item as it stands in one case."""

    checklist_id: str
    item: Item
    applicability: Applicability
    reasons: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # question ids still to answer
    variants: list[Item] = field(default_factory=list)  # other items of the same group
    variant_labels: dict[str, str] = field(default_factory=dict)  # variant item id -> its applicability label
    state: ItemState = field(default_factory=ItemState)
    due: DueDate | None = None  # from the received date and the item's time limit

    @property
    def key(self) -> str:
        return f"{self.checklist_id}/{self.item.id}"

    @property
    def applies(self) -> bool:
        return self.applicability in vocab.APPLYING

    @property
    def label(self) -> str:
        return vocab.label(self.applicability)

    @property
    def counted(self) -> bool:
        """Counted in progress: an applicable step or benefit (notices are information only)."""
        return self.applies and self.item.kind != vocab.ItemKind.NOTICE

    @property
    def settled(self) -> bool:
        """Counted and no longer waiting: done, waived, or marked 不适用 by the clerk."""
        return self.counted and self.state.status != ItemStatus.PENDING

    @property
    def open(self) -> bool:
        """Counted and still 待办."""
        return self.counted and self.state.status == ItemStatus.PENDING

    def overdue(self, today: dt.date) -> bool:
        """An applicable step still pending after its due date."""
        return self.open and self.due is not None and self.due.due < today


def due_for(item: Item, received_on: dt.date, calendar: HolidayCalendar | None = None) -> DueDate | None:
    """The due date of an item's time limit counted from the received date (None without a limit)."""
    limit = item.time_limit
    if limit is None:
        return None
    if limit.unit == "即办":
        return due_date(received_on, 0, "即办", calendar)
    if limit.value is None or not float(limit.value).is_integer():
        return None  # e.g. 0.5 个工作日: no whole-day arithmetic; the limit is still shown as written
    return due_date(received_on, int(limit.value), limit.unit, calendar)


def jurisdiction_check(item: Item, region: object) -> tuple[Applicability, str] | None:
    """None when the item's jurisdiction covers the region; else (applicability, reason)."""
    level = item.jurisdiction
    if level == "国家":
        return None
    if level == "其他省份":
        return NOT_APPLICABLE, "本事项为其他省份的规定，仅供参考，不适用于吉林省"
    if region is None or region == "":
        return UNKNOWN, ""
    if level == "吉林省":
        if region == JILIN_OUTSIDE:
            return NOT_APPLICABLE, "本事项为吉林省的规定，所在地在吉林省外"
        return None
    if level == "长春市" and region != CHANGCHUN:
        return NOT_APPLICABLE, f"本事项为长春市的规定，所在地为“{region}”"
    return None


def validity_check(item: Item, on: dt.date) -> tuple[Applicability, str] | None:
    if item.valid_to is not None and on > item.valid_to:
        return EXPIRED, f"已到期：有效期至 {item.valid_to.isoformat()}"
    if item.valid_from is not None and on < item.valid_from:
        return NOT_YET, f"未生效：自 {item.valid_from.isoformat()} 起施行"
    return None


def evaluate_item(
    checklist_id: str, item: Item, facts: Mapping[str, object], on: dt.date, labels: Mapping[str, str],
    source_years: Mapping[str, int] | None = None,
) -> ItemView:
    """Applicability of one item, before variant selection."""
    j = jurisdiction_check(item, facts.get(REGION))
    if j is not None and j[0] != UNKNOWN:
        return ItemView(checklist_id, item, j[0], reasons=[j[1]])
    v = validity_check(item, on)
    if v is not None:
        return ItemView(checklist_id, item, v[0], reasons=[v[1]])
    outcome = conditions.evaluate(item.applies_if, facts, labels)
    missing = list(outcome.missing)
    if j is not None:  # region unanswered and the item depends on it
        missing = [REGION, *[m for m in missing if m != REGION]]
    if outcome.value is False:
        return ItemView(checklist_id, item, NOT_APPLICABLE, reasons=outcome.reasons)
    if outcome.value is None or missing:
        return ItemView(checklist_id, item, UNKNOWN, missing=missing)
    if item.unclear_if:
        unclear = conditions.evaluate(item.unclear_if, facts, labels)
        if unclear.value is None:
            return ItemView(checklist_id, item, UNKNOWN, missing=list(unclear.missing))
        if unclear.value:
            return ItemView(checklist_id, item, UNKNOWN, reasons=[item.unclear_reason])
    if item.period_unstated and item.valid_to is None:
        return ItemView(checklist_id, item, UNDATED, reasons=[undated_reason(item, source_years)])
    return ItemView(checklist_id, item, APPLIES)


def undated_reason(item: Item, source_years: Mapping[str, int] | None) -> str:
    """时效未明: the document's year and the advice to confirm."""
    years = source_years or {}
    year = next((years[b.source] for b in item.basis if b.source in years), None)
    doc = f"{year} 年的文件" if year else "所依据的文件"
    return f"时效未明：{doc}未写明执行期限，请向受理部门确认是否仍在执行"


def evaluate_checklist(
    checklist: Checklist, facts: Mapping[str, object], on: dt.date, labels: Mapping[str, str],
    source_dates: Mapping[str, dt.date] | None = None,
) -> list[ItemView]:
    """Items of one checklist; within a variant group the most specific jurisdiction applies, and
    among equals the newest (``valid_from``, else the newest date of the documents it cites)."""
    dates = source_dates or {}

    def newest(item: Item) -> dt.date:
        cited = [dates[b.source] for b in item.basis if b.source in dates]
        return item.valid_from or max(cited, default=dt.date.min)

    years = {sid: d.year for sid, d in dates.items()}
    views = [evaluate_item(checklist.id, it, facts, on, labels, years) for it in checklist.items]
    groups: dict[str, list[ItemView]] = {}
    for view in views:
        if view.item.group:
            groups.setdefault(view.item.group, []).append(view)
    for members in groups.values():
        for view in members:
            view.variants = [m.item for m in members if m is not view]
        applying = [m for m in members if m.applies]
        if len(applying) < 2:
            continue
        # Within each validity class (in force / 时效未明) the most specific level wins, then the newest.  A
        # 时效未明 variant never hides one in force, and is itself hidden only when it adds nothing (not
        # more specific and not newer than the variant in force); otherwise both stand — the rule that
        # certainly applies, and the plan measure that may also apply (to confirm with the office).
        def rank(m: ItemView) -> tuple[int, dt.date]:
            return _SPECIFICITY.get(m.item.jurisdiction, 0), newest(m.item)

        dated = [m for m in applying if m.applicability == APPLIES]
        undated = [m for m in applying if m.applicability == UNDATED]
        best_dated = max(dated, key=rank) if dated else None
        best_undated = max(undated, key=rank) if undated else None
        if best_dated is not None and best_undated is not None:
            (d_level, d_date), (u_level, u_date) = rank(best_dated), rank(best_undated)
            if u_level <= d_level and u_date <= d_date:
                best_undated = None
        keep = [b for b in (best_dated, best_undated) if b is not None]
        for m in applying:
            if m not in keep:
                same_class = best_undated if m.applicability == UNDATED else best_dated
                winner = same_class or keep[0]
                m.applicability = SUPERSEDED
                m.reasons = [f"适用“{winner.item.title}”（{winner.item.jurisdiction}）"]
    for members in groups.values():
        labels_by_id = {m.item.id: m.label for m in members}
        order = {m.item.id: (not m.applies, -_SPECIFICITY.get(m.item.jurisdiction, 0)) for m in members}
        for view in members:
            # the applicable variant first, then the more specific levels
            view.variants.sort(key=lambda i: order[i.id])
            view.variant_labels = {i.id: labels_by_id[i.id] for i in view.variants}
    return views


def evaluate_case(catalog: Catalog, case: Case, facts: Mapping[str, object],
                  calendar: HolidayCalendar | None = None, on: dt.date | None = None) -> list[ItemView]:
    """Every item of every checklist of the case, with its state and due date, in checklist order.

    ``on`` is the evaluation date (validity, and the start of due dates); default the received date.
    """
    day = on or case.received_on
    labels = catalog.labels()
    dates = {sid: src.date for sid, src in catalog.sources.items()}
    out: list[ItemView] = []
    for cid in case.checklists:
        checklist = catalog.checklists.get(cid)
        if checklist is None:
            continue
        for view in evaluate_checklist(checklist, facts, day, labels, dates):
            view.state = case.state(cid, view.item.id)
            if view.applies:
                view.due = due_for(view.item, day, calendar)
            out.append(view)
    return out


@dataclass(frozen=True)
class Evaluation:
    """A case evaluated once: what every screen, printout and command shows of it comes from here.

    ``on`` is the evaluation date: the received date at the counter, today in the self-check ("如今天开始").
    """

    case: Case
    catalog: Catalog  # with the checklist versions this case uses
    on: dt.date
    facts: dict[str, object]
    size: Classification | None
    views: tuple[ItemView, ...]

    @property
    def progress(self) -> Progress:
        from desktop.core.progress import progress_of

        return progress_of(self.views)

    @property
    def next_due(self) -> dt.date | None:
        """The earliest due date of an applicable step still 待办, or of a material accepted on 容缺 still
        to be supplied (its 补正期限); None when there is none."""
        steps = [v.due.due for v in self.views if v.open and v.due is not None]
        return min([*steps, *self.correction_dues()], default=None)

    def correction_dues(self) -> list[dt.date]:
        """The 补正 due dates of materials accepted on 容缺 (state ``deferred``) of applicable steps the clerk
        has not marked 不适用 or 免于办理."""
        out = []
        for v in self.views:
            if not v.applies or v.state.status in (ItemStatus.NOT_APPLICABLE, ItemStatus.WAIVED):
                continue
            for record in self.case.materials.get(v.key, {}).values():
                if record.state == MaterialState.DEFERRED and record.due:
                    out.append(dt.date.fromisoformat(record.due))
        return out

    def view(self, key: str) -> ItemView | None:
        return next((v for v in self.views if v.key == key), None)


def evaluate(catalog: Catalog, case: Case, calendar: HolidayCalendar | None = None,
             on: dt.date | None = None) -> Evaluation:
    """The one evaluation of a case (see :class:`Evaluation`)."""
    day = on or case.received_on
    size = classify_profile(case.profile)
    facts = case_facts(case.profile, day, size)
    views = evaluate_case(catalog, case, facts, calendar, day)
    return Evaluation(case, catalog, day, facts, size, tuple(views))


if TYPE_CHECKING:
    from desktop.core.progress import Progress
