"""JSON files from outside (case files, guide files): decoded within the limits of desktop/core/limits.py and
checked against a JSON Schema, every problem one Chinese line ``<file>: <JSON path>: <what is wrong>``.

Shared by :mod:`desktop.core.casefile` and :mod:`desktop.core.guide`.  Every file from outside is hostile:
:func:`parse_json` refuses a file over the size limit, nesting deeper than :data:`MAX_JSON_DEPTH`, too many
values, integers over 15 digits, NaN/Infinity, numbers that overflow and lone surrogates before anything
else looks at it.  The caller's :class:`Fail` decides which :class:`~desktop.core.errors.UserError` is raised.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core import limits
from desktop.core.errors import UserError
from desktop.core.limits import (
    MAX_CASE_FILE_BYTES,
    MAX_INT_DIGITS,
    MAX_JSON_DEPTH,
    MAX_JSON_VALUES,
    check_date,
    check_text,
    check_timestamp,
    safe_text,
)

ROOT = "（根）"
_JSON_TYPES = {"string": "字符串", "array": "数组", "object": "对象", "boolean": "true/false",
               "number": "数字", "integer": "整数", "null": "null"}


class Fail:
    """Builds the one-line error of one file: ``fail(where, message)`` returns the exception to raise."""

    def __init__(self, file: str, error: Callable[[str], UserError]) -> None:
        self.file = " ".join(safe_text(file).split())
        self.error = error

    def __call__(self, where: str, message: str) -> UserError:
        return self.error(f"{self.file}: {where}: {message}")


if TYPE_CHECKING:  # jsonschema costs ~80 ms to import: only when a file is checked, never at start-up
    from jsonschema import Draft202012Validator, ValidationError


@cache
def validator(path: Path) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def show(value: object, limit: int = 40) -> str:
    """A value quoted for a one-line message: no line breaks, long values cut."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(safe_text(text).split())
    return f"“{text[:limit]}…”" if len(text) > limit else f"“{text}”"


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "数字"
    if isinstance(value, str):
        return "字符串"
    return "数组" if isinstance(value, list) else "对象"


def json_path(parts: Sequence[object]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or ROOT


def join(base: str, key: str) -> str:
    return key if base == ROOT else f"{base}.{key}"


# keyed objects whose keys are "<checklist id>/<item id>" (propertyNames with a pattern)
KEYED = ("items", "materials", "entries")


def schema_message(err: ValidationError) -> tuple[str, str]:
    """(JSON path, Chinese message) for one schema error."""
    where = json_path(list(err.absolute_path))
    inst, kind = err.instance, err.validator
    expected: Any = err.validator_value
    if kind == "required" and isinstance(inst, dict):
        missing = next((k for k in expected if k not in inst), "?")
        return join(where, str(missing)), "缺少必填字段"
    if kind == "additionalProperties" and isinstance(inst, dict):
        known = err.schema.get("properties", {}) if isinstance(err.schema, dict) else {}
        extra = next((k for k in inst if k not in known), "?")
        return join(where, str(extra)), "未知字段（拼写错误？）"
    if kind == "type":
        names = [expected] if isinstance(expected, str) else list(expected)
        want = "或".join(_JSON_TYPES.get(n, n) for n in names)
        return where, f"应为{want}，实际为{json_type(inst)}"
    if kind == "const":
        return where, f"应为 {json.dumps(expected, ensure_ascii=False)}，实际为 {show(inst)}"
    if kind == "enum":
        return where, f"应为 {'/'.join(map(str, expected))} 之一，实际为{show(inst)}"
    if kind == "pattern" and (where.endswith("received_on") or where.endswith("date") or where.endswith(".due")):
        return where, f"应为日期 YYYY-MM-DD，实际为{show(inst)}"
    if kind == "pattern" and where == "id":
        return where, f"{limits.CASE_ID_HELP}；实际为{show(inst)}"
    if where in (*KEYED, "profile") and isinstance(inst, str):  # a key (propertyNames)
        if kind == "maxLength":
            return where, f"键{show(inst)}过长（最多 {expected} 个字符）"
        return where, f"键{show(inst)}应为“<清单编号>/<事项编号>”形式"
    if kind == "propertyNames":
        return where, f"键{show(inst)}不符合要求"
    if kind == "pattern" or (kind == "anyOf" and where.endswith("_at")):
        return where, f"不是有效的时间（如 2026-11-25T09:30:00），实际为{show(inst)}"
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
    if kind in ("minimum", "maximum"):
        return where, f"应在范围内（{'不小于' if kind == 'minimum' else '不大于'} {expected}），实际为{show(inst)}"
    return where, err.message.replace("\n", " ")


class _NumberError(ValueError):
    pass


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _NumberError(f"整数{show(text, 20)}过大（最多 {MAX_INT_DIGITS} 位）")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NumberError(f"数字{show(text, 20)}超出范围")
    return value


def _constant(text: str) -> float:
    raise _NumberError(f"不允许 {text}（JSON 中没有 NaN 和无穷大）")


def parse_json(blob: bytes, fail: Fail, max_bytes: int = MAX_CASE_FILE_BYTES) -> object:
    """Decode a file's bytes within the limits (size, depth, number of values, integer digits, finite
    numbers, valid UTF-8 strings); one-line error through ``fail``."""
    if len(blob) > max_bytes:
        raise fail("-", f"文件过大（{len(blob) / 1048576:.1f} MB，最多 {max_bytes // 1048576} MB）")
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
    check_shape(data, fail)
    return data


def check_shape(data: object, fail: Fail) -> None:
    """Depth, number of values and valid strings (keys too), without recursion."""
    stack: list[tuple[object, int, str]] = [(data, 1, ROOT)]
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
                stack.append((item, depth + 1, join(where, safe_text(key)[:40])))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, f"{where}[{n}]") for n, item in enumerate(value))


def _utf8(text: str, where: str, fail: Fail) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise fail(where, "含有无效字符（不成对的代理字符 \\uD800–\\uDFFF）") from None


def check_schema(data: object, schema: Path, fail: Fail) -> None:
    """Raise the best-matching schema error as one line."""
    from jsonschema.exceptions import best_match

    err = best_match(validator(schema).iter_errors(data))
    if err is not None:
        raise fail(*schema_message(err))


def text(value: str, field: str, where: str, fail: Fail) -> None:
    problem = check_text(value, field)
    if problem is not None:
        raise fail(where, problem)


def date(value: str, where: str, fail: Fail, min_year: int = limits.MIN_YEAR) -> dt.date:
    problem = check_date(value, "", min_year)
    if problem is not None:
        raise fail(where, problem)
    return dt.date.fromisoformat(value)


def timestamp(data: dict[str, Any], key: str, where: str, fail: Fail) -> None:
    value = data.get(key, "")
    if isinstance(value, str) and value:
        problem = check_timestamp(value)
        if problem is not None:
            raise fail(join(where, key) if where != ROOT else key, problem)


def read_bytes(path: Path, max_bytes: int, error: Callable[[str], UserError], what: str) -> bytes:
    """A file's bytes, read no further than ``max_bytes`` (+1 byte to tell it is over)."""
    try:
        with path.open("rb") as fh:
            return fh.read(max_bytes + 1)
    except FileNotFoundError:
        raise error(f"{path}: 文件不存在") from None
    except IsADirectoryError:
        raise error(f"{path}: 是目录，不是{what}") from None
    except OSError as exc:
        raise error(f"{path}: 无法读取：{exc.strerror}") from None
