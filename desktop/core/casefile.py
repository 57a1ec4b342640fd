"""The case file format v1 (``"format": "qingdan-case/1"``, DESIGN §4): load, check and dump.

The structure is checked with the JSON Schema in ``resources/schema/case-v1.schema.json`` (draft
2020-12); the meaning is checked against the loaded catalog (checklist, item and question ids exist,
answers fit their question, dates are real dates).  Every problem becomes one :class:`CaseFileError`
line: ``<file>: <JSON path>: <what is wrong>``, e.g. ``case.json: applicant.name: 缺少必填字段``.

Hostile input is an input error too (desktop/core/limits.py): :func:`parse_json` refuses a file over
8 MiB, nesting deeper than 16, integers over 15 digits, NaN/Infinity, numbers that overflow and lone
surrogates before anything else looks at it; :func:`parse_case` then checks field lengths, control
characters, the case-number pattern, dates and profile numbers.

:func:`dump_case` is the inverse of :func:`parse_case`: ``parse_case(dump_case(c), catalog) == c``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
import tempfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError
from jsonschema.exceptions import best_match

from desktop.core import limits
from desktop.core.catalog import Catalog
from desktop.core.errors import UserError
from desktop.core.limits import (
    MAX_CASE_FILE_BYTES,
    MAX_INT_DIGITS,
    MAX_JSON_DEPTH,
    MAX_JSON_VALUES,
    check_case_id,
    check_date,
    check_number,
    check_text,
    check_timestamp,
    safe_text,
)
from desktop.core.model import Applicant, Case, ItemState, Question

FORMAT = "qingdan-case/1"
SCHEMA_FILE = "case-v1.schema.json"

_JSON_TYPES = {"string": "字符串", "array": "数组", "object": "对象", "boolean": "true/false",
               "number": "数字", "integer": "整数", "null": "null"}


class CaseFileError(UserError, ValueError):
    """A case file that cannot be used; ``str()`` is one line naming the file, the field and the fault."""


def schema_path() -> Path:
    from desktop import paths  # a leaf module (no Qt); imported late so core stays import-light

    return paths.resource_path("schema", SCHEMA_FILE)


@cache
def _validator(path: Path) -> Draft202012Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _show(value: object, limit: int = 40) -> str:
    """A value quoted for a one-line message: no line breaks, long values cut."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(safe_text(text).split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "数字"
    if isinstance(value, str):
        return "字符串"
    return "数组" if isinstance(value, list) else "对象"


def _path(parts: Sequence[object]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "（根）"


def _join(base: str, key: str) -> str:
    return key if base == "（根）" else f"{base}.{key}"


def _schema_message(err: ValidationError) -> tuple[str, str]:
    """(JSON path, Chinese message) for one schema error."""
    where = _path(list(err.absolute_path))
    inst, kind = err.instance, err.validator
    expected: Any = err.validator_value
    if kind == "required" and isinstance(inst, dict):
        missing = next((k for k in expected if k not in inst), "?")
        return _join(where, str(missing)), "缺少必填字段"
    if kind == "additionalProperties" and isinstance(inst, dict):
        known = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
        extra = next((k for k in inst if k not in known), "?")
        return _join(where, str(extra)), "未知字段（拼写错误？）"
    if kind == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        want = "或".join(_JSON_TYPES.get(n, n) for n in names)
        return where, f"应为{want}，实际为{_json_type(inst)}"
    if kind == "const":
        return where, f"应为 {json.dumps(expected)}，实际为 {_show(inst)}"
    if kind == "enum":
        return where, f"应为 {'/'.join(map(str, expected))} 之一，实际为{_show(inst)}"
    if kind == "pattern" and where.endswith("received_on"):
        return where, f"应为日期 YYYY-MM-DD，实际为{_show(inst)}"
    if kind == "pattern" and where == "id":
        return where, f"{limits.CASE_ID_HELP}；实际为{_show(inst)}"
    if where in ("items", "profile") and isinstance(inst, str):  # a key (propertyNames)
        if kind == "maxLength":
            return where, f"键{_show(inst)}过长（最多 {expected} 个字符）"
        return where, f"键{_show(inst)}应为“<清单编号>/<事项编号>”形式"
    if kind == "propertyNames":
        return where, f"键{_show(inst)}不符合要求"
    if kind == "pattern" or (kind == "anyOf" and where.endswith("_at")):
        return where, f"不是有效的时间（如 2026-11-25T09:30:00），实际为{_show(inst)}"
    if kind == "maxLength":
        return where, f"过长（{len(inst) if isinstance(inst, str) else '?'} 个字符，最多 {expected} 个）"
    if kind in ("maxItems", "maxProperties"):
        return where, f"项数过多（最多 {expected} 项）"
    if kind == "minLength":
        return where, "不能为空"
    if kind == "minItems":
        return where, "至少需要一项"
    if kind == "uniqueItems":
        return where, "有重复的值"
    return where, err.message.replace("\n", " ")


def _date(value: str, where: str, fail: Fail, min_year: int = limits.MIN_YEAR) -> dt.date:
    problem = check_date(value, "", min_year)
    if problem is not None:
        raise fail(where, problem)
    return dt.date.fromisoformat(value)


class Fail:
    """Builds :class:`CaseFileError` for one file."""

    def __init__(self, file: str) -> None:
        self.file = " ".join(safe_text(file).split())

    def __call__(self, where: str, message: str) -> CaseFileError:
        return CaseFileError(f"{self.file}: {where}: {message}")


def _check_answer(q: Question, value: object, where: str, fail: Fail) -> None:
    if q.type == "choice":
        if not isinstance(value, str) or value not in q.options:
            raise fail(where, f"应为 {'/'.join(q.options)} 之一，实际为{_show(value)}")
    elif q.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(where, f"应为数字，实际为{_json_type(value)}")
        problem = check_number(value, q.label or "数值")
        if problem is not None:
            raise fail(where, problem)
    elif q.type == "bool":
        if not isinstance(value, bool):
            raise fail(where, f"应为 true/false，实际为{_show(value)}")
    elif q.type == "date":
        if not isinstance(value, str):
            raise fail(where, f"应为日期 YYYY-MM-DD，实际为{_json_type(value)}")
        _date(value, where, fail, limits.MIN_ANSWER_YEAR)
    elif not isinstance(value, str):
        raise fail(where, f"应为字符串，实际为{_json_type(value)}")
    if isinstance(value, str):
        _text(value, "answer", where, fail)


def default_case_id(applicant: Applicant, received_on: dt.date, office: str, checklists: Sequence[str]) -> str:
    """Deterministic case number for a case file without ``id``: QD-YYYYMMDD-XXXXXX."""
    blob = json.dumps([applicant.name, applicant.id_number, received_on.isoformat(), office, list(checklists)],
                      ensure_ascii=False)
    digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()[:6].upper()
    return f"QD-{received_on:%Y%m%d}-{digest}"


class _NumberError(ValueError):
    pass


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _NumberError(f"整数{_show(text, 20)}过大（最多 {MAX_INT_DIGITS} 位）")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NumberError(f"数字{_show(text, 20)}超出范围")
    return value


def _constant(text: str) -> float:
    raise _NumberError(f"不允许 {text}（JSON 中没有 NaN 和无穷大）")


def parse_json(blob: bytes, file: str) -> object:
    """Decode a case file's bytes within the limits of desktop/core/limits.py (size, depth, number of
    values, integer digits, finite numbers, valid UTF-8 strings); one-line :class:`CaseFileError`."""
    fail = Fail(file)
    if len(blob) > MAX_CASE_FILE_BYTES:
        raise fail("-", f"文件过大（{len(blob) / 1048576:.1f} MB，最多 {MAX_CASE_FILE_BYTES // 1048576} MB）")
    try:
        text = blob.decode("utf-8-sig")  # tolerate the BOM Windows editors add
    except UnicodeDecodeError:
        raise fail("-", "文件不是 UTF-8 编码") from None
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise fail(f"第{exc.lineno}行第{exc.colno}列", f"JSON 语法错误：{exc.msg}") from None
    except _NumberError as exc:
        raise fail("-", str(exc)) from None
    except RecursionError:
        raise fail("-", f"嵌套层数过多（最多 {MAX_JSON_DEPTH} 层）") from None
    _check_shape(data, fail)
    return data


def _check_shape(data: object, fail: Fail) -> None:
    """Depth, number of values and valid strings (keys too), without recursion."""
    stack: list[tuple[object, int, str]] = [(data, 1, "（根）")]
    count = 0
    while stack:
        value, depth, where = stack.pop()
        count += 1
        if count > MAX_JSON_VALUES:
            raise fail("-", f"内容过多（超过 {MAX_JSON_VALUES} 个值）")
        if depth > MAX_JSON_DEPTH:
            raise fail(where, f"嵌套层数过多（最多 {MAX_JSON_DEPTH} 层）")
        if isinstance(value, str):
            _utf8(value, where, fail)
        elif isinstance(value, dict):
            for key, item in value.items():
                _utf8(key, where, fail)
                stack.append((item, depth + 1, _join(where, safe_text(key)[:40])))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, f"{where}[{n}]") for n, item in enumerate(value))


def _utf8(text: str, where: str, fail: Fail) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise fail(where, "含有无效字符（不成对的代理字符 \\uD800–\\uDFFF）") from None


def _text(value: str, field: str, where: str, fail: Fail) -> None:
    problem = check_text(value, field)
    if problem is not None:
        raise fail(where, problem)


def _timestamp(data: dict[str, Any], key: str, where: str, fail: Fail) -> None:
    value = data.get(key, "")
    if isinstance(value, str) and value:
        problem = check_timestamp(value)
        if problem is not None:
            raise fail(_join(where, key) if where != "（根）" else key, problem)


def _check_fields(data: dict[str, Any], fail: Fail) -> None:
    """Limits the schema cannot state: control characters, the case number, real timestamps."""
    if "id" in data:
        problem = check_case_id(data["id"])
        if problem is not None:
            raise fail("id", problem)
    for key in ("name", "id_number", "contact", "phone"):
        if key in data["applicant"]:
            _text(data["applicant"][key], key, f"applicant.{key}", fail)
    for key in ("clerk", "office"):
        if key in data:
            _text(data[key], key, key, fail)
    for n, cid in enumerate(data["checklists"]):
        _text(cid, "checklist_id", f"checklists[{n}]", fail)
    for cid, version in data.get("versions", {}).items():
        _text(version, "version", f"versions.{cid}", fail)
    for key, raw in data.get("items", {}).items():
        where = f"items.{safe_text(key)}"
        _text(key.partition("/")[2], "item_id", where, fail)
        _text(raw.get("note", ""), "note", f"{where}.note", fail)
        _text(raw.get("updated_by", ""), "updated_by", f"{where}.updated_by", fail)
        _timestamp(raw, "updated_at", where, fail)
    for key in ("created_at", "updated_at", "closed_at"):
        _timestamp(data, key, "（根）", fail)
    for n, entry in enumerate(data.get("audit", [])):
        where = f"audit[{n}]"
        _timestamp(entry, "at", where, fail)
        for key, field in (("who", "audit_who"), ("action", "audit_action"), ("field", "audit_field"),
                           ("old", "audit_value"), ("new", "audit_value")):
            if isinstance(entry.get(key), str):
                _text(entry[key], field, f"{where}.{key}", fail)


def parse_case(data: object, catalog: Catalog, file: str = "case.json", schema: Path | None = None) -> Case:
    """Check a decoded case file against the schema and the catalog and build the :class:`Case`."""
    fail = Fail(file)
    _check_shape(data, fail)  # a dict built in memory gets the same limits as a parsed file
    err = best_match(_validator(schema or schema_path()).iter_errors(data))
    if err is not None:
        raise fail(*_schema_message(err))
    assert isinstance(data, dict)
    _check_fields(data, fail)
    received_on = _date(data["received_on"], "received_on", fail)
    checklists: list[str] = list(data["checklists"])
    for n, cid in enumerate(checklists):
        if cid not in catalog.checklists:
            known = "、".join(sorted(catalog.checklists)) or "（无）"
            raise fail(f"checklists[{n}]", f"未知的清单编号{_show(cid)}；现有：{known}")
    profile: dict[str, object] = {}
    for qid, value in data.get("profile", {}).items():
        q = catalog.questions.get(qid)
        if q is None:
            raise fail(f"profile.{qid}", "未知的问题编号（见 checklists/questions.toml）")
        if value is not None:
            _check_answer(q, value, f"profile.{qid}", fail)
            profile[qid] = value
    states: dict[str, ItemState] = {}
    for key, raw in data.get("items", {}).items():
        cid, _, iid = key.partition("/")
        if cid not in checklists:
            raise fail(f"items.{key}", f"清单{_show(cid)}不在本办件的 checklists 中")
        cl = catalog.checklists[cid]
        if cl.item(iid) is None:
            raise fail(f"items.{key}", f"清单“{cid}”中没有编号为{_show(iid)}的事项")
        states[key] = ItemState(raw.get("status", "pending"), raw.get("note", ""),
                                raw.get("updated_by", ""), raw.get("updated_at", ""))
    versions: dict[str, str] = dict(data.get("versions", {}))
    for cid in versions:
        if cid not in checklists:
            raise fail(f"versions.{cid}", f"清单{_show(cid)}不在本办件的 checklists 中")
    a = data["applicant"]
    applicant = Applicant(a["name"], a.get("id_number", ""), a.get("contact", ""), a.get("phone", ""),
                          a.get("id_override", False))
    office = data.get("office", "")
    return Case(
        id=data.get("id") or default_case_id(applicant, received_on, office, checklists),
        applicant=applicant,
        checklists=checklists,
        received_on=received_on,
        clerk=data.get("clerk", ""),
        office=office,
        profile=profile,
        states=states,
        versions=versions,
        created_at=data.get("created_at", ""),
        updated_at=data.get("updated_at", ""),
    )


def load_case_file(path: str | os.PathLike[str], catalog: Catalog) -> Case:
    """Read and check a case file; every failure is a one-line :class:`CaseFileError`."""
    p = Path(path)
    return parse_case(parse_json(read_case_bytes(p), p.name), catalog, p.name)


def read_case_bytes(path: Path) -> bytes:
    """A case file's bytes, read no further than the size limit (+1 byte to tell it is over)."""
    try:
        with path.open("rb") as fh:
            return fh.read(MAX_CASE_FILE_BYTES + 1)
    except FileNotFoundError:
        raise CaseFileError(f"{path}: 文件不存在") from None
    except IsADirectoryError:
        raise CaseFileError(f"{path}: 是目录，不是办件文件") from None
    except OSError as exc:
        raise CaseFileError(f"{path}: 无法读取：{exc.strerror}") from None


def dump_case(case: Case) -> dict[str, Any]:
    """The case as a v1 case-file dict (JSON-ready); the inverse of :func:`parse_case`."""
    applicant: dict[str, Any] = {"name": case.applicant.name, "id_number": case.applicant.id_number,
                                 "contact": case.applicant.contact, "phone": case.applicant.phone}
    if case.applicant.id_override:
        applicant["id_override"] = True
    items: dict[str, Any] = {}
    for key, st in case.states.items():
        entry: dict[str, Any] = {"status": st.status, "note": st.note}
        if st.updated_by:
            entry["updated_by"] = st.updated_by
        if st.updated_at:
            entry["updated_at"] = st.updated_at
        items[key] = entry
    out: dict[str, Any] = {
        "format": FORMAT,
        "id": case.id,
        "checklists": list(case.checklists),
        "applicant": applicant,
        "profile": dict(case.profile),
        "items": items,
        "received_on": case.received_on.isoformat(),
        "clerk": case.clerk,
        "office": case.office,
    }
    if case.versions:
        out["versions"] = dict(case.versions)
    for key in ("created_at", "updated_at"):
        if getattr(case, key):
            out[key] = getattr(case, key)
    return out


def write_case_file(case: Case, path: str | os.PathLike[str]) -> Path:
    """Write the case file atomically (temp file in the same directory, then rename)."""
    target = Path(path)
    blob = json.dumps(dump_case(case), ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".case-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(blob)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target

