"""The one presentation model: a case's :class:`~desktop.core.evaluate.Evaluation` turned into plain
data for showing and printing — who, which items (applicable or not, and why), what each item cites, by
when.  The PDF story builders, the GUI's step pane and self-check report, and ``qingdan evaluate`` all read
these dataclasses and the formatters here (a citation, a validity period, a time limit, a material line),
so a thing is worded once.  Nothing here evaluates: it shapes an evaluation made elsewhere, once.

The office's 本中心办事指南 for a step and the state of each of its materials in the case come with the item
(:mod:`desktop.core.counter`): the guide under its own heading with its origin, never among the citations.

The applicant's ID number is checked here with :func:`desktop.core.identifiers.check_id` — never by
trusting ``Applicant.id_override`` — so a number kept by override prints as "…（未通过校验）" in every
document.  The owner's view (kind ``self``, 我的办事清单) is :class:`OwnerDoc`, built from
:func:`desktop.core.selfcheck.self_check` as of the day of printing ("如今天开始").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from desktop.core import vocab
from desktop.core.catalog import Catalog
from desktop.core.clauses import find_clauses, two_copies_basis
from desktop.core.counter import (
    CounterMaterialDoc,
    GuideDoc,
    counter_materials,
    guide_doc,
    material_detail,
    outstanding,
)
from desktop.core.evaluate import Evaluation, ItemView
from desktop.core.guide import GuideEntry
from desktop.core.identifiers import check_id
from desktop.core.model import Item, LegalBasis, Material, MaterialRecord, Question, TimeLimit
from desktop.core.progress import Progress
from desktop.core.selfcheck import reasons as owner_reasons
from desktop.core.selfcheck import self_check
from desktop.core.vocab import Applicability, ItemKind, ItemStatus
from desktop.core.workdays import DueDate

ID_FAILED = "（未通过校验）"
STATUS_LABELS = {s.value: vocab.label(s) for s in ItemStatus}
KIND_LABELS = {k.value: vocab.label(k) for k in ItemKind}


@dataclass(frozen=True)
class CitationDoc:
    """One cited clause with its document's particulars."""

    source_id: str
    document: str  # title; the id when the source is not in the catalog
    wenhao: str
    issuer: str
    date: str
    level: str
    validity: str
    article: str
    quote: str

    @property
    def name(self) -> str:
        """《title》（文号）"""
        return f"《{self.document}》" + (f"（{self.wenhao}）" if self.wenhao else "")


@dataclass(frozen=True)
class MaterialDoc:
    name: str
    form: str
    copies: int | None
    commitment: bool
    note: str

    def detail(self) -> str:
        """原件及复印件，1份，可告知承诺 — the particulars after the name."""
        return material_detail(self.form, self.copies, self.commitment, self.note)

    def line(self) -> str:
        """营业执照（原件，1份） — one material as every screen and document lists it."""
        detail = self.detail()
        return self.name + (f"（{detail}）" if detail else "")


@dataclass(frozen=True)
class ItemDoc:
    """One item of one checklist as it stands in the case."""

    key: str  # "<checklist id>/<item id>"
    item_id: str
    title: str
    kind: str
    what: str
    department: str
    time_limit: str  # "1个工作日" / "即办" / ""
    time_note: str
    cost: str
    channel: str
    result: str
    claim: str
    jurisdiction: str
    materials: tuple[MaterialDoc, ...]
    basis: tuple[CitationDoc, ...]
    status: str  # pending / done / not_applicable / waived (the clerk's mark)
    note: str  # the clerk's note
    applies: bool
    applicability: str  # 适用 / 不适用 / 待确认 / 已到期 / 未生效 / 另有适用规定
    reasons: tuple[str, ...]
    variants: tuple[str, ...]  # "其他层级规定" context lines
    due: str = ""  # YYYY-MM-DD: the due date of the time limit, counted from the received date
    due_note: str = ""  # how it was counted, and a warning when a year has no holiday data
    overdue: bool = False  # still pending after the due date (as of the day of printing)
    period: str = ""  # the item's own validity: "2026-01-01 至 2027-12-31", "至 …", "自 … 起", 时效未明…
    code: str = ""  # the Applicability value ("applies", "undated", …); ``applicability`` is its label
    lead: str = ""  # the 牵头单位 of a work plan (not where to apply)
    counted: bool = False  # counted in progress (see desktop.core.progress)
    remark: str = ""  # the content's own note on the item (说明)
    group: str = ""  # items sharing a group are variants of one rule
    waits_for: tuple[str, ...] = ()  # 待确认: the labels of the questions still to answer
    guide: GuideDoc | None = None  # the office's 本中心办事指南 for this step (its own heading and origin)
    counter: tuple[CounterMaterialDoc, ...] = ()  # the step's materials at the counter, each with its state

    @property
    def outstanding(self) -> tuple[CounterMaterialDoc, ...]:
        """Materials still to bring (缺, 容缺受理, or not checked on a step still 待办); none unless it applies."""
        return outstanding(self.counter, self.status) if self.applies else ()

    @property
    def deferred(self) -> tuple[CounterMaterialDoc, ...]:
        """Materials accepted on 容缺 and still to be supplied (补正)."""
        return tuple(m for m in self.outstanding if m.state == "deferred")

    @property
    def time_text(self) -> str:
        """1个工作日（开办时间全面压缩至1个工作日内） — the limit and the source's wording."""
        return time_text(self.time_limit, self.time_note)

    @property
    def settled(self) -> bool:
        return self.counted and self.status != ItemStatus.PENDING

    @property
    def undated(self) -> bool:
        return self.code == Applicability.UNDATED

    @property
    def due_text(self) -> str:
        """``2026-12-01（受理当日不计入）``, with ``已逾期`` when overdue; "" without a due date."""
        if not self.due:
            return ""
        return self.due + ("　已逾期" if self.overdue else "") + (f"（{self.due_note}）" if self.due_note else "")

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@dataclass(frozen=True)
class SectionDoc:
    """One checklist of the case."""

    checklist_id: str
    title: str
    summary: str
    version: str
    items: tuple[ItemDoc, ...]
    origin: str = ""  # where this version came from: 内容包 吉林省营商清单 第3版 / 程序自带内容

    @property
    def applicable(self) -> tuple[ItemDoc, ...]:
        return tuple(i for i in self.items if i.applies)

    @property
    def others(self) -> tuple[ItemDoc, ...]:
        return tuple(i for i in self.items if not i.applies)


@dataclass(frozen=True)
class ClauseDoc:
    """A fixed clause found in the bundled sources (see :mod:`desktop.core.clauses`)."""

    key: str
    label: str
    citation: CitationDoc


@dataclass(frozen=True)
class QuestionDoc:
    """A profile question still to answer, and the titles of the items that wait for it."""

    label: str
    text: str
    unlocks: tuple[str, ...]


@dataclass(frozen=True)
class PrepDoc:
    """One material for the owner to prepare, once, with the step (or benefit) it is for."""

    name: str
    detail: str
    used_for: str


@dataclass(frozen=True)
class OwnerDoc:
    """The business owner's view (我的办事清单), evaluated as of ``today`` — due dates read "if you start
    today" — from :class:`desktop.core.selfcheck.SelfCheck`."""

    today: str
    answers: tuple[tuple[str, str], ...]  # (question label, answer with unit) as the owner gave them
    next_steps: tuple[ItemDoc, ...]
    done_steps: tuple[ItemDoc, ...]
    notices: tuple[ItemDoc, ...]
    benefits: tuple[ItemDoc, ...]
    benefits_not: tuple[ItemDoc, ...]
    to_confirm: tuple[ItemDoc, ...]
    expired: tuple[ItemDoc, ...]
    questions: tuple[QuestionDoc, ...]
    materials: tuple[PrepDoc, ...]
    benefits_undated: tuple[ItemDoc, ...] = ()  # 时效未明: may apply, to confirm with the office


@dataclass(frozen=True)
class CaseDoc:
    """Everything a document about one case prints."""

    case_id: str
    name: str
    id_number: str
    contact: str
    phone: str
    received_on: str
    office: str
    clerk: str
    sections: tuple[SectionDoc, ...]
    clauses: tuple[ClauseDoc, ...] = field(default=())  # 告知承诺 clauses found in the sources
    two_copies: CitationDoc | None = None  # a source requiring the commitment in two copies
    id_failed: bool = False  # the ID number fails check_id (kept by override)
    owner: OwnerDoc | None = None  # only when asked for (kind ``self``)
    progress: Progress | None = None  # the case's progress (desktop.core.progress), as every place shows it

    @property
    def id_shown(self) -> str:
        """The ID number as printed: followed by （未通过校验） when it fails its check."""
        return self.id_number + (ID_FAILED if self.id_failed else "")

    def clause(self, key: str) -> ClauseDoc | None:
        return next((c for c in self.clauses if c.key == key), None)

    @property
    def versions(self) -> str:
        """Content version(s) for the footer: ``id@version`` per checklist."""
        return "，".join(f"{s.checklist_id}@{s.version}" for s in self.sections)

    @property
    def content_source(self) -> str:
        """The content pack(s) and version(s) the sections come from, for every printout's footer."""
        return "、".join(dict.fromkeys(s.origin for s in self.sections if s.origin))

    @property
    def items(self) -> tuple[ItemDoc, ...]:
        return tuple(i for s in self.sections for i in s.items)

    def citations(self) -> list[CitationDoc]:
        """Every distinct clause cited by an applicable item, in order of first citation."""
        seen: dict[tuple[str, str, str], CitationDoc] = {}
        for item in self.items:
            if item.applies:
                for c in item.basis:
                    seen.setdefault((c.source_id, c.article, c.quote), c)
        return list(seen.values())


def citation_doc(catalog: Catalog, basis: LegalBasis) -> CitationDoc:
    """A cited clause with its document's particulars (the one citation formatter)."""
    src = catalog.sources.get(basis.source)
    if src is None:
        return CitationDoc(basis.source, basis.source, "", "", "", "", "", basis.article, basis.quote)
    validity = src.validity
    if src.valid_to is not None:
        validity = (validity + "；" if validity else "") + f"有效期至 {src.valid_to.isoformat()}"
    return CitationDoc(src.id, src.title, src.wenhao, src.issuer, src.date.isoformat(), src.level, validity,
                       basis.article, basis.quote)


def material_doc(m: Material) -> MaterialDoc:
    return MaterialDoc(m.name, m.form, m.copies, m.commitment, m.note)


def time_text(limit: str, note: str) -> str:
    """The time-limit formatter: ``1个工作日（开办时间全面压缩至1个工作日内）``, or either part alone."""
    if limit and note:
        return f"{limit}（{note}）"
    return limit or note


def limit_label(limit: TimeLimit | None) -> str:
    return limit.label() if limit is not None else ""


def period_text(item: Item, view: ItemView | None = None) -> str:
    """The validity formatter: ``2026-01-01 至 2027-12-31``, ``至 …``, ``自 … 起``, or 时效未明 with the reason."""
    if view is not None and view.applicability == Applicability.UNDATED:
        return "；".join(view.reasons) or vocab.label(Applicability.UNDATED)
    start, end = item.valid_from, item.valid_to
    if start and end:
        return f"{start.isoformat()} 至 {end.isoformat()}"
    if end:
        return f"至 {end.isoformat()}"
    return f"自 {start.isoformat()} 起" if start else ""


def variant_line(catalog: Catalog, item: Item, label: str = "") -> str:
    """One other-level variant of a rule: 【适用】国家：title，4个工作日（《…》（文号） 一、（一））."""
    parts = [f"{item.jurisdiction}：{item.title}"]
    if item.time_limit is not None:
        parts.append(item.time_limit.label())
    articles: dict[str, list[str]] = {}  # each document named once, its articles after it
    for b in item.basis:
        c = citation_doc(catalog, b)
        listed = articles.setdefault(c.name, [])
        if c.article and c.article not in listed:
            listed.append(c.article)
    cites = [f"{name} {'、'.join(arts)}".strip() for name, arts in articles.items()]
    line = "，".join(parts)
    mark = f"【{label}】" if label else ""
    return mark + line + (f"（{'；'.join(cites)}）" if cites else "")


def reasons_of(view: ItemView, labels: dict[str, str]) -> tuple[str, ...]:
    """Why an item stands where it does: the evaluation's reasons, the questions still to answer, and a
    counter's 不适用 mark."""
    reasons = [r for r in owner_reasons(view) if r]
    if view.applicability == Applicability.UNKNOWN and view.missing:
        reasons.append("需先回答：" + "、".join(labels.get(m, m) for m in view.missing))
    return tuple(reasons)


def _due_note(due: DueDate) -> str:
    return "；".join(x for x in (due.note, due.warning or "") if x)


def item_doc(catalog: Catalog, view: ItemView, labels: dict[str, str], today: dt.date,
             entry: GuideEntry | None = None, records: Mapping[str, MaterialRecord] | None = None) -> ItemDoc:
    """One evaluated item as every place shows it (with the office's guide entry and the material states
    recorded in the case, when there are)."""
    it = view.item
    due = view.due
    return ItemDoc(
        key=view.key,
        item_id=it.id,
        title=it.title,
        kind=it.kind,
        what=it.what,
        department=it.department,
        time_limit=limit_label(it.time_limit),
        time_note=it.time_note,
        cost=it.cost,
        channel=it.channel,
        result=it.result,
        claim=it.claim,
        jurisdiction=it.jurisdiction,
        materials=tuple(material_doc(m) for m in it.materials),
        basis=tuple(citation_doc(catalog, b) for b in it.basis),
        status=view.state.status,
        note=view.state.note,
        applies=view.applies,
        applicability=view.label,
        reasons=reasons_of(view, labels),
        variants=tuple(variant_line(catalog, v, view.variant_labels.get(v.id, "")) for v in view.variants),
        due=due.due.isoformat() if due else "",
        due_note=_due_note(due) if due else "",
        overdue=view.overdue(today),
        period=period_text(it, view),
        code=view.applicability.value,
        lead=it.lead,
        counted=view.counted,
        remark=it.note,
        group=it.group,
        waits_for=tuple(labels.get(m, m) for m in view.missing) if view.applicability == Applicability.UNKNOWN else (),
        guide=guide_doc(entry, it, catalog) if entry is not None else None,
        counter=counter_materials(it, entry, records or {}, today),
    )


def _answer(question: Question | None, value: object) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    unit = question.unit if question is not None else ""
    return f"{value}{unit}"


def _materials(check_materials: list[tuple[str, str]], steps: tuple[ItemDoc, ...],
               benefits: tuple[ItemDoc, ...]) -> tuple[PrepDoc, ...]:
    """SelfCheck.materials() (the steps still to do) first, then what claiming a benefit asks for."""
    details = {m.name: m.detail() for item in (*steps, *benefits) for m in item.materials}
    out = {name: PrepDoc(name, details.get(name, ""), used_for) for name, used_for in check_materials}
    for item in benefits:
        for m in item.materials:
            out.setdefault(m.name, PrepDoc(m.name, m.detail(), item.title))
    return tuple(out.values())


def owner_doc(ev: Evaluation) -> OwnerDoc:
    """The self-check of an evaluation made as of the owner's today (due dates count from it)."""
    catalog, case, day = ev.catalog, ev.case, ev.on
    check = self_check(ev.views)
    labels = catalog.labels()
    docs = {v.key: item_doc(catalog, v, labels, day) for v in ev.views}

    def pick(group: list[ItemView]) -> tuple[ItemDoc, ...]:
        return tuple(docs[v.key] for v in group)

    questions = []
    for qid in check.questions:
        q = catalog.questions.get(qid)
        unlocks = tuple(v.item.title for v in check.to_confirm if qid in v.missing)
        questions.append(QuestionDoc(labels.get(qid, qid), q.text if q else "", unlocks))
    answers = tuple((labels.get(qid, qid), _answer(catalog.questions.get(qid), value))
                    for qid, value in case.profile.items() if value is not None and value != "")
    steps, benefits = pick(check.next_steps), pick(check.benefits)
    return OwnerDoc(day.isoformat(), answers, steps, pick(check.done_steps), pick(check.notices), benefits,
                    pick(check.benefits_not), pick(check.to_confirm), pick(check.expired), tuple(questions),
                    _materials(check.materials(), steps, benefits), pick(check.benefits_undated))


def case_doc(ev: Evaluation, today: dt.date | None = None, owner: Evaluation | None = None,
             guide: Mapping[str, GuideEntry] | None = None) -> CaseDoc:
    """Shape an evaluation for showing and printing.

    ``today`` decides what is overdue (default: the real today); ``owner``, an evaluation of the same
    case as of the owner's today, adds the owner's view (:func:`owner_doc`) for kind ``self``; ``guide``
    is the office's 本中心办事指南 by ``"<checklist id>/<item id>"``.
    """
    entries = guide or {}
    day = today or dt.date.today()
    catalog, case = ev.catalog, ev.case
    labels = catalog.labels()
    sections = []
    for cid in case.checklists:
        cl = catalog.checklists.get(cid)
        if cl is None:
            continue
        docs = tuple(item_doc(catalog, v, labels, day, entries.get(v.key), case.materials.get(v.key))
                     for v in ev.views if v.checklist_id == cid)
        sections.append(SectionDoc(cl.id, cl.title, cl.summary, cl.version, docs, catalog.origins.get(cid, "")))
    clauses = tuple(ClauseDoc(key, clause.label, citation_doc(catalog, basis))
                    for key, (clause, basis) in find_clauses(catalog).items())
    cited = {b.source for v in ev.views if v.applies for b in v.item.basis}
    two = two_copies_basis(catalog, cited)
    a = case.applicant
    # checked here, whatever the override flag says: a failing number is always marked
    failed = bool(a.id_number.strip()) and not check_id(a.id_number).valid
    return CaseDoc(case.id, a.name, a.id_number, a.contact, a.phone, case.received_on.isoformat(), case.office,
                   case.clerk, tuple(sections), clauses, citation_doc(catalog, two) if two else None, failed,
                   owner_doc(owner) if owner is not None else None, ev.progress)
