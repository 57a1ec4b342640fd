"""The content and case data model: sources, questions, checklists, items, legal bases, cases.

Plain frozen dataclasses.  Content objects are built by :mod:`desktop.core.catalog` from checklist
files (TOML) or from the JSON copy the store keeps; cases are built by the store or from case files.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Level = Literal["国家", "吉林省", "长春市", "其他省份"]
LEVELS: tuple[str, ...] = ("国家", "吉林省", "长春市", "其他省份")

ItemKind = Literal["step", "benefit", "notice"]
ITEM_KINDS: tuple[str, ...] = ("step", "benefit", "notice")

TIME_UNITS: tuple[str, ...] = ("工作日", "自然日", "小时", "即办")
QUESTION_TYPES: tuple[str, ...] = ("choice", "number", "bool", "date", "text")

ItemStatus = Literal["pending", "done", "not_applicable", "waived"]
ITEM_STATUSES: tuple[str, ...] = ("pending", "done", "not_applicable", "waived")


@dataclass(frozen=True)
class Excerpt:
    """A run of lines cut from a seed text: ``lines`` as printed ("370-372"), ``text`` verbatim."""

    lines: str
    text: str


@dataclass(frozen=True)
class Source:
    """One official document that checklist items cite."""

    id: str
    title: str
    wenhao: str  # 文号 as printed; "" when the document has none
    issuer: str
    date: dt.date
    level: str  # one of LEVELS
    region: str  # 全国 / 吉林省 / 长春市 / the other province's name
    validity: str  # what the text itself says about its period; "" when it says nothing
    valid_from: dt.date | None
    valid_to: dt.date | None
    seed: str  # seed file name the text was cut from
    lines: str  # the document's line range in that seed
    excerpts: tuple[Excerpt, ...]
    note: str = ""

    @property
    def citation_name(self) -> str:
        """《title》（文号） — how the document is named in printed citations."""
        return f"《{self.title}》" + (f"（{self.wenhao}）" if self.wenhao else "")


@dataclass(frozen=True)
class LegalBasis:
    """A cited clause: source id, the article as printed and the verbatim quote."""

    source: str
    article: str
    quote: str


@dataclass(frozen=True)
class Material:
    """One material to bring for a step."""

    name: str
    form: str = ""  # 原件 / 复印件 / 原件及复印件 / 电子 ; "" when the source does not say
    copies: int | None = None
    commitment: bool = False  # may be replaced by 告知承诺
    note: str = ""


@dataclass(frozen=True)
class TimeLimit:
    """A time limit as the source states it."""

    value: float | None  # None for 即办
    unit: str  # one of TIME_UNITS

    def label(self) -> str:
        if self.unit == "即办":
            return "即办"
        assert self.value is not None
        number = int(self.value) if float(self.value).is_integer() else self.value
        return f"{number}个{self.unit}"


@dataclass(frozen=True)
class Question:
    """A profile question shared by all checklists of a case."""

    id: str
    text: str
    label: str  # short name used in reasons ("市场主体类型")
    type: str  # one of QUESTION_TYPES
    options: tuple[str, ...] = ()
    unit: str = ""
    help: str = ""


@dataclass(frozen=True)
class Item:
    """A step, a benefit or a notice in a checklist."""

    id: str
    title: str
    kind: str
    what: str
    basis: tuple[LegalBasis, ...]
    department: str = ""
    time_limit: TimeLimit | None = None
    time_note: str = ""
    cost: str = ""
    materials: tuple[Material, ...] = ()
    channel: str = ""  # 办理方式
    result: str = ""  # 办理结果
    claim: str = ""  # how to claim a benefit
    applies_if: str = ""  # condition over profile answers; "" = always
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    jurisdiction: str = "吉林省"  # one of LEVELS
    group: str = ""  # items sharing a group are variants of one rule at different levels/dates
    note: str = ""
    # The 牵头/责任单位 a government work plan names for a measure: who drives it inside government,
    # not where the applicant goes (that is ``department``, set only when a text names it).
    lead: str = ""
    # The measure comes from an annual plan or a time-bound notice whose text states no end: shown as
    # 时效未明 (with the document's year), never as plainly in force.
    period_unstated: bool = False
    # A boundary the text leaves open (e.g. exactly 1000万美元 under "以下"): when this condition holds
    # the item is 待确认 with ``unclear_reason``, never silently decided.
    unclear_if: str = ""
    unclear_reason: str = ""


@dataclass(frozen=True)
class Checklist:
    """A checklist: metadata, the questions it uses and its items, with a content version."""

    id: str
    title: str
    family: str
    region: str
    summary: str
    version: str
    questions: tuple[str, ...]
    items: tuple[Item, ...]
    audience: tuple[str, ...] = ()

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items if i.id == item_id), None)


@dataclass(frozen=True)
class Applicant:
    name: str
    id_number: str = ""
    contact: str = ""
    phone: str = ""
    id_override: bool = False  # kept although the number failed its check


@dataclass
class ItemState:
    status: str = "pending"
    note: str = ""
    updated_by: str = ""
    updated_at: str = ""


@dataclass
class MaterialRecord:
    """One material of one step of a case at the counter: its state (desktop.core.vocab.MaterialState),
    the form received (已收), the 补正 due date (容缺受理, YYYY-MM-DD) and the clerk's note."""

    state: str
    form: str = ""
    due: str = ""
    note: str = ""
    updated_by: str = ""
    updated_at: str = ""


@dataclass
class Case:
    """A case at the counter (or a self-check), as the store and case files hold it."""

    id: str
    applicant: Applicant
    checklists: list[str]
    received_on: dt.date
    clerk: str = ""
    office: str = ""
    profile: dict[str, object] = field(default_factory=dict)
    states: dict[str, ItemState] = field(default_factory=dict)  # key "<checklist id>/<item id>"
    versions: dict[str, str] = field(default_factory=dict)  # checklist id -> content version
    # "<checklist id>/<item id>" -> material name -> its state at the counter (case files v2)
    materials: dict[str, dict[str, MaterialRecord]] = field(default_factory=dict)
    created_at: str = ""
    updated_at: str = ""

    def set_answer(self, question_id: str, value: object) -> None:
        """Record an answer in memory (None clears it), as the store does on disk."""
        if value is None:
            self.profile.pop(question_id, None)
        else:
            self.profile[question_id] = value

    def state(self, checklist_id: str, item_id: str) -> ItemState:
        return self.states.get(f"{checklist_id}/{item_id}", ItemState())
