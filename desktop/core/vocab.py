"""The one vocabulary: enums for item status, applicability, item kind, case status, audit action,
jurisdiction level, a material's state at the counter and its form, and changes to the office's guide,
and the one table of their Chinese labels.

Every screen, printout, CLI line and audit-log view takes its wording from :func:`label`, so a word is
decided once.  The enums are ``StrEnum``: their values are what the database and the case files store
(``"done"``, ``"closed"`` …), and they compare equal to those strings.

Wording decided here (GUI, PDF, CLI and audit log alike): a case is a **办件** (办件编号), finishing it is
**办结**, undoing that is **重新打开**.
"""

from __future__ import annotations

from enum import StrEnum


class ItemStatus(StrEnum):
    """The clerk's (or owner's) mark on an item of a case."""

    PENDING = "pending"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"  # the clerk decided it does not apply to this applicant
    WAIVED = "waived"


class Applicability(StrEnum):
    """What the content and the profile say about an item in a case (before any mark)."""

    APPLIES = "applies"
    UNDATED = "undated"  # applies, but from a plan or notice whose text states no end: 时效未明
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"  # 待确认: a question to answer, or a boundary the text leaves open
    EXPIRED = "expired"
    NOT_YET = "not_yet"
    SUPERSEDED = "superseded"  # a variant of a rule whose more specific (or newer) variant applies


APPLYING = frozenset({Applicability.APPLIES, Applicability.UNDATED})


class ItemKind(StrEnum):
    STEP = "step"
    BENEFIT = "benefit"
    NOTICE = "notice"  # information: nothing to do, so never counted in progress


class CaseStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class AuditAction(StrEnum):
    """What an audit entry records.  Older databases and case files hold the Chinese words of earlier
    versions; :func:`audit_action_label` reads both."""

    CREATE = "create"
    ANSWER = "answer"
    ITEM_STATUS = "item_status"
    ITEM_NOTE = "item_note"
    APPLICANT = "applicant"
    CHECKLISTS = "checklists"
    UPDATE_VERSION = "update_version"
    CLOSE = "close"
    REOPEN = "reopen"
    IMPORT = "import"
    PURGE = "purge"
    MATERIAL = "material"  # a material's state at the counter (已收, 缺, 容缺受理, 告知承诺)


class MaterialState(StrEnum):
    """Where one material of a step stands at the counter (case files store these values)."""

    RECEIVED = "received"  # 已收, in the form received (原件 / 复印件 / 原件及复印件)
    MISSING = "missing"  # 缺
    DEFERRED = "deferred"  # 容缺受理: accepted on the applicant's commitment, to be supplied (补正) by a due date
    COMMITTED = "committed"  # replaced by the applicant's 告知承诺 (see the 告知承诺书)


OUTSTANDING = frozenset({MaterialState.MISSING, MaterialState.DEFERRED})  # what the 一次性告知单 asks for
NOT_CHECKED = "未核对"  # a material the clerk has not marked yet


class MaterialForm(StrEnum):
    """The form a material is brought in; the values are the Chinese words (guide and case files)."""

    ORIGINAL = "原件"
    COPY = "复印件"
    BOTH = "原件及复印件"


class GuideAction(StrEnum):
    """What a version of a 本中心办事指南 entry records (the guide's own history, append-only)."""

    SAVE = "save"  # entered or changed in the administrator's form
    IMPORT = "import"  # from a guide file (or a content pack's guide)
    REMOVE = "remove"  # the entry was removed


class Level(StrEnum):
    """Whose rule an item is (jurisdiction) and a source's level; the values are the Chinese names."""

    NATIONAL = "国家"
    PROVINCE = "吉林省"
    CITY = "长春市"
    OTHER_PROVINCE = "其他省份"


CASE_WORD = "办件"
CASE_NUMBER = "办件编号"

_LABELS: dict[StrEnum, str] = {
    ItemStatus.PENDING: "待办",
    ItemStatus.DONE: "已完成",
    ItemStatus.NOT_APPLICABLE: "不适用",
    ItemStatus.WAIVED: "免于办理",
    Applicability.APPLIES: "适用",
    Applicability.UNDATED: "时效未明",
    Applicability.NOT_APPLICABLE: "不适用",
    Applicability.UNKNOWN: "待确认",
    Applicability.EXPIRED: "已到期",
    Applicability.NOT_YET: "未生效",
    Applicability.SUPERSEDED: "另有适用规定",
    ItemKind.STEP: "办理事项",
    ItemKind.BENEFIT: "可享受的政策",
    ItemKind.NOTICE: "告知事项",
    CaseStatus.OPEN: "办理中",
    CaseStatus.CLOSED: "已办结",
    AuditAction.CREATE: "新建办件",
    AuditAction.ANSWER: "回答问题",
    AuditAction.ITEM_STATUS: "事项状态",
    AuditAction.ITEM_NOTE: "事项备注",
    AuditAction.APPLICANT: "申请人信息",
    AuditAction.CHECKLISTS: "办理清单",
    AuditAction.UPDATE_VERSION: "更新清单版本",
    AuditAction.CLOSE: "办结",
    AuditAction.REOPEN: "重新打开",
    AuditAction.IMPORT: "导入",
    AuditAction.PURGE: "按保留期限清除",
    AuditAction.MATERIAL: "材料情况",
    MaterialState.RECEIVED: "已收",
    MaterialState.MISSING: "缺",
    MaterialState.DEFERRED: "容缺受理",
    MaterialState.COMMITTED: "告知承诺",
    MaterialForm.ORIGINAL: "原件",
    MaterialForm.COPY: "复印件",
    MaterialForm.BOTH: "原件及复印件",
    GuideAction.SAVE: "录入或修改",
    GuideAction.IMPORT: "导入",
    GuideAction.REMOVE: "删除",
    Level.NATIONAL: "国家",
    Level.PROVINCE: "吉林省",
    Level.CITY: "长春市",
    Level.OTHER_PROVINCE: "其他省份",
}

# The words earlier versions stored in the audit log (and exported in case files).
_LEGACY_ACTIONS = {"回答问题": AuditAction.ANSWER, "事项状态": AuditAction.ITEM_STATUS,
                   "事项备注": AuditAction.ITEM_NOTE, "申请人信息": AuditAction.APPLICANT,
                   "办理清单": AuditAction.CHECKLISTS, "更新清单版本": AuditAction.UPDATE_VERSION,
                   "结案": AuditAction.CLOSE, "重新办理": AuditAction.REOPEN, "导入": AuditAction.IMPORT,
                   "按保留期限清除": AuditAction.PURGE, "新建办理": AuditAction.CREATE}


def label(value: StrEnum) -> str:
    """The Chinese label of any vocabulary value."""
    return _LABELS[value]


def status_label(value: str) -> str:
    """Label of a stored item status (unknown strings are shown as they are)."""
    try:
        return _LABELS[ItemStatus(value)]
    except ValueError:
        return value


def case_status_label(value: str) -> str:
    try:
        return _LABELS[CaseStatus(value)]
    except ValueError:
        return value


def audit_action(value: str) -> AuditAction | None:
    """The action of a stored audit entry, whether written as a code or as an older Chinese word."""
    try:
        return AuditAction(value)
    except ValueError:
        return _LEGACY_ACTIONS.get(value)


def audit_action_label(value: str) -> str:
    action = audit_action(value)
    return _LABELS[action] if action is not None else value


def material_state_label(value: str, form: str = "") -> str:
    """已收（原件） / 缺 / 容缺受理 / 告知承诺; 未核对 for "" (a stored unknown string is shown as it is)."""
    if not value:
        return NOT_CHECKED
    try:
        state = MaterialState(value)
    except ValueError:
        return value
    text = _LABELS[state]
    return f"{text}（{form}）" if state == MaterialState.RECEIVED and form else text


def all_labels() -> dict[StrEnum, str]:
    """The whole table (for the wording review and the tests)."""
    return dict(_LABELS)
