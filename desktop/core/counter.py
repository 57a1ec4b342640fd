"""The presentation model of the office's guide and of the materials at the counter (part of
:mod:`desktop.core.present`): what a step's 本中心办事指南 says, under its own heading with its origin, and
where each material of the step stands in the case — 已收（原件/复印件）, 缺, 容缺受理 (with its 补正 due date),
告知承诺, or not checked yet.

The materials of a step at the counter are the guide's when the office's guide lists materials for it,
else the ones the content (the law) lists; a material recorded in the case that neither lists now (the guide
changed, or the case came from another office) is kept and shown after them.  A material is *outstanding*
(what the 一次性告知单 asks for) when it is 缺 or 容缺受理, or — on a step still 待办 — not checked yet.

A stored guide entry is checked against the law again when it is shown (:mod:`desktop.core.guide_checks`):
the content may have changed since it was entered.  A value that now contradicts a clause (a fee, a
承诺时限) is not shown; the finding is, so the administrator can correct the entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from desktop.core.catalog import Catalog
from desktop.core.guide import GuideEntry, GuideMaterial, GuideOrigin
from desktop.core.guide_checks import check_entry
from desktop.core.model import Item, MaterialRecord
from desktop.core.vocab import NOT_CHECKED, GuideAction, ItemStatus, MaterialState, label, material_state_label

FROM_GUIDE, FROM_LAW, FROM_CASE = "guide", "law", "case"
EXTRA_NOTE = "本中心办事指南及依据文件现未列出，按办件记录显示"


def material_detail(form: str, copies: int | None, commitment: bool, note: str, deferrable: bool = False) -> str:
    """原件及复印件，1份，可容缺受理，可告知承诺，note — a material's particulars after its name, the law's or
    the office guide's alike (one wording in the step pane, the counter and every document)."""
    parts = [form] if form else []
    if copies:
        parts.append(f"{copies}份")
    if deferrable:
        parts.append("可容缺受理")
    if commitment:
        parts.append("可告知承诺")
    if note:
        parts.append(note)
    return "，".join(parts)


def guide_material_detail(m: GuideMaterial) -> str:
    return material_detail(m.form, m.copies, m.commitment, m.note, m.deferrable)


def days_text(days: int | None) -> str:
    return "" if days is None else ("当日办结" if days == 0 else f"{days}个工作日")


@dataclass(frozen=True)
class GuideDoc:
    """A step's 本中心办事指南 as every screen and document shows it, apart from the law."""

    office: str
    origin: GuideOrigin
    place: str
    hours: str
    phone: str
    fee: str
    promise: str  # 承诺时限: "3个工作日", "当日办结" or ""
    defer: str  # 补正期限 of materials accepted on 容缺: "5个工作日" or ""
    materials: tuple[GuideMaterial, ...]
    entered_by: str
    entered_at: str
    action: str
    conflicts: tuple[str, ...] = ()  # findings that refuse a value: it is not shown (see the module doc)
    warnings: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        """本中心办事指南（title，number，date）"""
        return self.origin.label()

    def rows(self) -> list[tuple[str, str]]:
        """The guide's particulars as (label, value), the empty ones left out."""
        defer = f"{self.defer}（容缺受理的材料，自受理之日起计，当日不计入）" if self.defer else ""
        pairs = [("办理地点", self.place), ("办公时间", self.hours), ("咨询电话", self.phone), ("收费", self.fee),
                 ("承诺时限", self.promise), ("补正期限", defer)]
        return [(k, v) for k, v in pairs if v]

    def contact_rows(self) -> list[tuple[str, str]]:
        """Where, when and whom to call (the empty ones left out)."""
        return [(k, v) for k, v in (("办理地点", self.place), ("办公时间", self.hours), ("咨询电话", self.phone)) if v]

    def where(self) -> str:
        """One line: where, when and whom to call (for the 一次性告知单 and the 补正通知)."""
        return "；".join(f"{k}：{v}" for k, v in self.contact_rows())

    @property
    def entered(self) -> str:
        """录入或修改：张三 2026-03-02 10:00 — who entered this version, and when."""
        who = "，".join(x for x in (self.entered_by, self.entered_at.replace("T", " ")[:16]) if x)
        try:
            verb = label(GuideAction(self.action))
        except ValueError:
            verb = ""
        return f"{verb}：{who}" if verb and who else who

    def material(self, name: str) -> GuideMaterial | None:
        return next((m for m in self.materials if m.name == name), None)


@dataclass(frozen=True)
class CounterMaterialDoc:
    """One material of a step in the case: what is asked, and where it stands."""

    name: str
    detail: str  # as asked: 原件，1份，可容缺受理 … (the guide's, else the law's)
    source: str  # FROM_GUIDE / FROM_LAW / FROM_CASE
    state: str = ""  # desktop.core.vocab.MaterialState value; "" = not checked yet
    form: str = ""  # the form received (已收)
    due: str = ""  # 补正 due date (容缺受理)
    overdue: bool = False
    note: str = ""
    deferrable: bool = False
    commitment: bool = False

    def line(self) -> str:
        """营业执照（原件，1份） — the material as asked."""
        return self.name + (f"（{self.detail}）" if self.detail else "")

    @property
    def state_label(self) -> str:
        return material_state_label(self.state, self.form)

    @property
    def status_text(self) -> str:
        """已收（原件） / 缺 / 容缺受理，请于 2026-12-02 前补正（已逾期） / 告知承诺 / 未核对."""
        if self.state == MaterialState.DEFERRED and self.due:
            return f"{self.state_label}，请于 {self.due} 前补正" + ("（已逾期）" if self.overdue else "")
        return self.state_label if self.state else NOT_CHECKED

    def outstanding(self, step_pending: bool) -> bool:
        """Still to bring: 缺 or 容缺受理, or not checked yet on a step still 待办."""
        return self.state in (MaterialState.MISSING, MaterialState.DEFERRED) or (not self.state and step_pending)


def guide_doc(entry: GuideEntry, item: Item, catalog: Catalog) -> GuideDoc:
    """The entry as shown, checked against the step's clauses now (see the module docstring)."""
    findings = check_entry(entry, catalog)
    conflicts = tuple(f.message for f in findings if f.error)
    refused = {f.field for f in findings if f.error}
    fee_ok, promise_ok = "fee" not in refused, "promise_days" not in refused
    return GuideDoc(entry.office, entry.origin, entry.place, entry.hours, entry.phone, entry.fee if fee_ok else "",
                    days_text(entry.promise_days) if promise_ok else "", days_text(entry.defer_days),
                    entry.materials, entry.entered_by, entry.entered_at, entry.action, conflicts,
                    tuple(f.message for f in findings if not f.error))


def _law_detail(item: Item, name: str) -> tuple[str, bool]:
    m = next((m for m in item.materials if m.name == name), None)
    if m is None:
        return "", False
    return material_detail(m.form, m.copies, m.commitment, m.note), m.commitment


def counter_materials(item: Item, entry: GuideEntry | None, records: Mapping[str, MaterialRecord],
                      today: dt.date) -> tuple[CounterMaterialDoc, ...]:
    """The step's materials at the counter, each with its recorded state (see the module docstring)."""
    asked: list[CounterMaterialDoc] = []
    if entry is not None and entry.materials:
        asked = [CounterMaterialDoc(m.name, guide_material_detail(m), FROM_GUIDE, deferrable=m.deferrable,
                                    commitment=m.commitment) for m in entry.materials]
    else:
        for law in item.materials:
            detail, commitment = _law_detail(item, law.name)
            asked.append(CounterMaterialDoc(law.name, detail, FROM_LAW, commitment=commitment))
    names = {m.name for m in asked}
    asked += [CounterMaterialDoc(name, EXTRA_NOTE, FROM_CASE) for name in records if name not in names]
    out = []
    for m in asked:
        r = records.get(m.name)
        if r is None:
            out.append(m)
            continue
        overdue = r.state == MaterialState.DEFERRED and bool(r.due) and dt.date.fromisoformat(r.due) < today
        out.append(CounterMaterialDoc(m.name, m.detail, m.source, r.state, r.form, r.due, overdue, r.note,
                                      m.deferrable, m.commitment))
    return tuple(out)


def outstanding(materials: tuple[CounterMaterialDoc, ...], status: str) -> tuple[CounterMaterialDoc, ...]:
    """The materials still to bring for a step in this status (none for 不适用 / 免于办理)."""
    if status in (ItemStatus.NOT_APPLICABLE, ItemStatus.WAIVED):
        return ()
    return tuple(m for m in materials if m.outstanding(status == ItemStatus.PENDING))
