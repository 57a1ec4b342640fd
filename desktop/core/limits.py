"""Input limits for everything a user or a file can put into a case: field lengths, the case-number
pattern, numbers, dates, and the size and shape of a case file.

One table, used by the case-file reader (desktop/core/casefile.py), the repository's setters (so no
path — GUI, import, restore — stores more) and restore's data check.  The JSON Schema
``resources/schema/case-v1.schema.json`` states the same limits (``maxLength``, ``pattern``); a test
keeps the two equal.  Every check returns a Chinese message or None; :func:`require` raises
:class:`InputError` for callers that want an exception.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re

from desktop.core.errors import UserError
from desktop.core.model import Applicant, Case, MaterialRecord
from desktop.core.vocab import MaterialForm, MaterialState

# ------------------------------------------------------------ case files
MAX_CASE_FILE_BYTES = 8 * 1024 * 1024  # a case file is a few kB; its audit trail may add some MB
MAX_JSON_DEPTH = 16  # a valid case file nests 4 deep
MAX_JSON_VALUES = 200_000  # values (objects, arrays, strings, numbers …) in one file
MAX_INT_DIGITS = 15  # JSON integers; larger ones are refused before Python builds them

# ------------------------------------------------------------ fields (characters)
TEXT_LIMITS: dict[str, int] = {
    "name": 200,  # applicant: person or enterprise name
    "id_number": 40,  # 统一社会信用代码 / 身份证号码 (18) with room for other documents
    "contact": 50,
    "phone": 40,
    "clerk": 50,
    "office": 100,
    "note": 2000,  # a clerk's note on a step
    "updated_by": 50,
    "answer": 500,  # a text answer to a profile question
    "checklist_id": 100,
    "item_id": 100,
    "question_id": 100,
    "version": 100,
    "timestamp": 40,
    "audit_who": 50,
    "audit_action": 50,
    "audit_field": 200,
    "audit_value": 8000,  # old/new of an audit entry: a note, an answer or a name, JSON-quoted
    "setting": 4000,
    "material": 100,  # a material's name (case files v2, the office's guide)
    "guide_place": 200,  # 本中心办事指南: window and address
    "guide_hours": 200,
    "guide_phone": 100,
    "guide_fee": 200,
    "guide_note": 500,  # a note on one material of the guide
    "origin_title": 200,  # the guide's own title, number or version
    "origin_number": 100,
}
FIELD_LABELS: dict[str, str] = {
    "name": "申请人名称", "id_number": "证件号码", "contact": "联系人", "phone": "联系电话", "clerk": "经办人",
    "office": "受理窗口", "note": "备注", "updated_by": "修改人", "answer": "回答", "checklist_id": "清单编号",
    "item_id": "事项编号", "question_id": "问题编号", "version": "内容版本", "timestamp": "时间",
    "audit_who": "操作人", "audit_action": "操作", "audit_field": "字段", "audit_value": "记录内容", "setting": "设置值",
    "material": "材料名称", "guide_place": "办理地点", "guide_hours": "办公时间", "guide_phone": "咨询电话",
    "guide_fee": "收费", "guide_note": "材料说明", "origin_title": "指南名称", "origin_number": "指南文号或版本",
}
MULTILINE = frozenset({"note", "answer", "audit_value"})  # may hold line breaks and tabs
MAX_CHECKLISTS = 50
MAX_AUDIT_ENTRIES = 20_000
MAX_MATERIALS = 100  # materials of one step (guide entry, or states recorded in a case)
MAX_GUIDE_ENTRIES = 2000  # entries of a guide file (one per item)
MAX_COPIES = 99  # 份数 of one material
MAX_GUIDE_DAYS = 365  # 承诺时限 / 补正期限 in working days
MATERIAL_STATES: tuple[str, ...] = tuple(s.value for s in MaterialState)
MATERIAL_FORMS: tuple[str, ...] = tuple(f.value for f in MaterialForm)

CASE_ID_MAX = 64
CASE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
CASE_ID_HELP = "办件编号只能由字母、数字、“-”和“_”组成（以字母或数字开头，最长 64 个字符），如 QD-20261125-0001"
_CASE_ID = CASE_ID_PATTERN


@functools.cache
def _re(pattern: str) -> re.Pattern[str]:
    """The patterns below compiled when first used (~1 ms for all at import, on every start)."""
    return re.compile(pattern)

# ------------------------------------------------------------ numbers and dates
MAX_NUMBER = 1e12  # profile numbers are counts and amounts (人, 万元, 千瓦, 个月, 万美元)
MIN_YEAR, MAX_YEAR = 1990, 2099  # received, closed, changed: the app's own dates
MIN_ANSWER_YEAR = 1900  # a date answer (e.g. when the enterprise was founded) may be older

_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_TIMESTAMP = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
              r"(Z|[+-][0-9]{2}:[0-9]{2})?)?$")
_CONTROL = r"[\x00-\x1f\x7f\u2028\u2029]"
_CONTROL_MULTILINE = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]"


class InputError(UserError, ValueError):
    """A value outside the limits; ``str()`` is one Chinese line."""


def check_text(value: str, field: str) -> str | None:
    """None when ``value`` fits field ``field`` of :data:`TEXT_LIMITS`, else what is wrong."""
    limit = TEXT_LIMITS[field]
    label = FIELD_LABELS[field]
    if len(value) > limit:
        return f"{label}过长（{len(value)} 个字符，最多 {limit} 个）"
    if _re(_CONTROL_MULTILINE if field in MULTILINE else _CONTROL).search(value):
        return f"{label}含有控制字符（如换行、制表符）" if field not in MULTILINE else f"{label}含有控制字符"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return f"{label}含有无效字符（不成对的代理字符）"
    return None


def check_case_id(value: str) -> str | None:
    if _re(_CASE_ID).fullmatch(value) is None:
        return f"办件编号“{_clip(value)}”无效：{CASE_ID_HELP}"
    return None


def check_number(value: object, label: str = "数值") -> str | None:
    """A profile number: finite, not negative, at most :data:`MAX_NUMBER`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{label}应为数字"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{label}不是有限的数"
    if value < 0:
        return f"{label}不能为负数"
    if value > MAX_NUMBER:
        return f"{label}过大（最大 {MAX_NUMBER:.0e}）"
    return None


def check_date(value: str, label: str = "", min_year: int = MIN_YEAR) -> str | None:
    """A calendar date YYYY-MM-DD between ``min_year`` and :data:`MAX_YEAR`."""
    try:
        if not _re(_DATE).match(value):
            raise ValueError(value)
        day = dt.date.fromisoformat(value)
    except ValueError:
        return f"{label}不是有效的日期（YYYY-MM-DD）：“{_clip(value)}”"
    return _year(day.year, value, label, min_year)


def check_timestamp(value: str, label: str = "") -> str | None:
    """A date or date-time in ISO form (``2026-11-25T09:30:00``), years as :func:`check_date`."""
    if len(value) > TEXT_LIMITS["timestamp"]:
        return f"{label}过长（最多 {TEXT_LIMITS['timestamp']} 个字符）"
    try:
        if not _re(_TIMESTAMP).match(value):
            raise ValueError(value)
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return f"{label}不是有效的时间（如 2026-11-25T09:30:00）：“{_clip(value)}”"
    return _year(moment.year, value, label)


def _year(year: int, value: str, label: str, min_year: int = MIN_YEAR) -> str | None:
    if not min_year <= year <= MAX_YEAR:
        return f"{label}年份应在 {min_year}–{MAX_YEAR} 之间：“{_clip(value)}”"
    return None


def _clip(value: str, limit: int = 30) -> str:
    """``value`` safe to print in one line: control characters and lone surrogates replaced, cut."""
    shown = safe_text(value)
    return shown[:limit] + "…" if len(shown) > limit else shown


def safe_text(value: str) -> str:
    """``value`` with control characters and lone surrogates replaced (for one-line messages)."""
    return _re(_CONTROL).sub("�", value).encode("utf-8", "replace").decode("utf-8")


def require(message: str | None) -> None:
    """Raise :class:`InputError` when a check returned a message."""
    if message is not None:
        raise InputError(message)


def check_applicant(applicant: Applicant) -> None:
    """Raise :class:`InputError` unless every applicant field is within its limit."""
    if not applicant.name.strip():
        raise InputError("申请人名称不能为空")
    for value, field in ((applicant.name, "name"), (applicant.id_number, "id_number"),
                         (applicant.contact, "contact"), (applicant.phone, "phone")):
        require(check_text(value, field))


def check_answer(question_id: str, value: object) -> None:
    """Raise :class:`InputError` unless a profile answer is storable (its type is the caller's)."""
    require(check_text(question_id, "question_id"))
    if isinstance(value, str):
        require(check_text(value, "answer"))
    elif isinstance(value, int | float) and not isinstance(value, bool):
        require(check_number(value))
    elif value is not None and not isinstance(value, bool):
        raise InputError(f"回答应为文字、数字或是/否，实际为 {type(value).__name__}")


def check_case(case: Case) -> None:
    """Raise :class:`InputError` unless the whole case is within the limits (import, restore)."""
    require(check_case_id(case.id))
    check_applicant(case.applicant)
    require(check_text(case.clerk, "clerk"))
    require(check_text(case.office, "office"))
    require(check_date(case.received_on.isoformat(), "受理日期"))
    for cid in case.checklists:
        require(check_text(cid, "checklist_id"))
        require(check_text(case.versions.get(cid, ""), "version"))
    for qid, value in case.profile.items():
        check_answer(qid, value)
    for key, state in case.states.items():
        require(check_text(key.partition("/")[2], "item_id"))
        require(check_text(state.note, "note"))
        require(check_text(state.updated_by, "updated_by"))
        if state.updated_at:
            require(check_timestamp(state.updated_at, "修改时间"))
    for stamp in (case.created_at, case.updated_at):
        if stamp:
            require(check_timestamp(stamp, "时间"))
    for key, records in case.materials.items():
        require(check_text(key.partition("/")[2], "item_id"))
        if len(records) > MAX_MATERIALS:
            raise InputError(f"一个事项最多记录 {MAX_MATERIALS} 项材料")
        for name, record in records.items():
            check_material(name, record)


def check_material(name: str, record: MaterialRecord) -> None:
    """Raise :class:`InputError` unless one material's state at the counter is storable."""
    if not name.strip():
        raise InputError("材料名称不能为空")
    require(check_text(name, "material"))
    if record.state not in MATERIAL_STATES:
        raise InputError(f"材料“{_clip(name)}”的状态“{_clip(record.state)}”无效")
    if record.form and record.form not in MATERIAL_FORMS:
        raise InputError(f"材料“{_clip(name)}”的形式“{_clip(record.form)}”无效，应为{'/'.join(MATERIAL_FORMS)}")
    if record.due:
        require(check_date(record.due, f"材料“{_clip(name)}”的补正期限"))
    require(check_text(record.note, "note"))
    require(check_text(record.updated_by, "updated_by"))
    if record.updated_at:
        require(check_timestamp(record.updated_at, "修改时间"))
