"""A case turned into plain data for printing: who, which items (applicable or not, and why), what
each item cites.  The story builders read only these dataclasses, never the catalog or the case, so
they are pure and easy to test; this module is the one place that asks :mod:`desktop.core`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.core.catalog import Catalog
from desktop.core.evaluate import UNKNOWN, ItemView, evaluate_case
from desktop.core.facts import case_facts
from desktop.core.model import Case, Item, LegalBasis, Material
from desktop.reports.clauses import find_clauses, two_copies_basis

STATUS_LABELS = {"pending": "待办", "done": "已完成", "not_applicable": "不适用", "waived": "免于办理"}
KIND_LABELS = {"step": "办理事项", "benefit": "可享受的政策", "notice": "告知事项"}


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
        parts = [self.form] if self.form else []
        if self.copies:
            parts.append(f"{self.copies}份")
        if self.commitment:
            parts.append("可告知承诺")
        if self.note:
            parts.append(self.note)
        return "，".join(parts)


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

    @property
    def applicable(self) -> tuple[ItemDoc, ...]:
        return tuple(i for i in self.items if i.applies)

    @property
    def others(self) -> tuple[ItemDoc, ...]:
        return tuple(i for i in self.items if not i.applies)


@dataclass(frozen=True)
class ClauseDoc:
    """A fixed clause found in the bundled sources (see :mod:`desktop.reports.clauses`)."""

    key: str
    label: str
    citation: CitationDoc


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

    def clause(self, key: str) -> ClauseDoc | None:
        return next((c for c in self.clauses if c.key == key), None)

    @property
    def versions(self) -> str:
        """Content version(s) for the footer: ``id@version`` per checklist."""
        return "，".join(f"{s.checklist_id}@{s.version}" for s in self.sections)

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


def _citation(catalog: Catalog, basis: LegalBasis) -> CitationDoc:
    src = catalog.sources.get(basis.source)
    if src is None:
        return CitationDoc(basis.source, basis.source, "", "", "", "", "", basis.article, basis.quote)
    validity = src.validity
    if src.valid_to is not None:
        validity = (validity + "；" if validity else "") + f"有效期至 {src.valid_to.isoformat()}"
    return CitationDoc(src.id, src.title, src.wenhao, src.issuer, src.date.isoformat(), src.level, validity,
                       basis.article, basis.quote)


def _material(m: Material) -> MaterialDoc:
    return MaterialDoc(m.name, m.form, m.copies, m.commitment, m.note)


def _variant_line(catalog: Catalog, item: Item) -> str:
    parts = [f"{item.jurisdiction}：{item.title}"]
    if item.time_limit is not None:
        parts.append(item.time_limit.label())
    cites = []
    for b in item.basis:
        c = _citation(catalog, b)
        cites.append(f"{c.name} {c.article}".strip())
    line = "，".join(parts)
    return line + (f"（{'；'.join(cites)}）" if cites else "")


def _reasons(view: ItemView, labels: dict[str, str]) -> tuple[str, ...]:
    reasons = [r for r in view.reasons if r]
    if view.applicability == UNKNOWN and view.missing:
        reasons.append("需先回答：" + "、".join(labels.get(m, m) for m in view.missing))
    return tuple(reasons)


def _item_doc(catalog: Catalog, view: ItemView, labels: dict[str, str]) -> ItemDoc:
    it = view.item
    return ItemDoc(
        key=view.key,
        item_id=it.id,
        title=it.title,
        kind=it.kind,
        what=it.what,
        department=it.department,
        time_limit=it.time_limit.label() if it.time_limit else "",
        time_note=it.time_note,
        cost=it.cost,
        channel=it.channel,
        result=it.result,
        claim=it.claim,
        jurisdiction=it.jurisdiction,
        materials=tuple(_material(m) for m in it.materials),
        basis=tuple(_citation(catalog, b) for b in it.basis),
        status=view.state.status,
        note=view.state.note,
        applies=view.applies,
        applicability=view.label,
        reasons=_reasons(view, labels),
        variants=tuple(_variant_line(catalog, v) for v in view.variants),
    )


def case_doc(catalog: Catalog, case: Case) -> CaseDoc:
    """Evaluate the case against the catalog and keep what the documents print."""
    views = evaluate_case(catalog, case, case_facts(case.profile, case.received_on))
    labels = catalog.labels()
    sections = []
    for cid in case.checklists:
        cl = catalog.checklists.get(cid)
        if cl is None:
            continue
        docs = tuple(_item_doc(catalog, v, labels) for v in views if v.checklist_id == cid)
        sections.append(SectionDoc(cl.id, cl.title, cl.summary, cl.version, docs))
    clauses = tuple(ClauseDoc(key, clause.label, _citation(catalog, basis))
                    for key, (clause, basis) in find_clauses(catalog).items())
    two = two_copies_basis(catalog)
    a = case.applicant
    return CaseDoc(case.id, a.name, a.id_number, a.contact, a.phone, case.received_on.isoformat(), case.office,
                   case.clerk, tuple(sections), clauses, _citation(catalog, two) if two else None)
