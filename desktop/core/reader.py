"""Reading content TOML without raising: a parse error, and every wrongly typed or missing field,
becomes a :class:`~desktop.core.problems.Problem` naming the file, the item and the field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from desktop.core.problems import Problem


class Reader:
    """Typed field access on a TOML table that records problems instead of raising."""

    def __init__(self, data: Mapping[str, Any], file: str, item: str, problems: list[Problem]) -> None:
        self.data, self.file, self.item, self.problems = data, file, item, problems

    def problem(self, fld: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.item, fld, message))

    def text(self, key: str, required: bool = False, prefix: str = "") -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(prefix + key, "缺少必填字段")
            return ""
        if not isinstance(value, str):
            self.problem(prefix + key, f"应为字符串，实际为 {type(value).__name__}")
            return ""
        if required and not value.strip():
            self.problem(prefix + key, "不能为空")
        return value.strip()

    def date(self, key: str, required: bool = False) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "缺少必填字段")
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(key, f"应为日期 YYYY-MM-DD，实际为 {value!r}")
        return None

    def seq(self, key: str) -> list[Any]:
        value = self.data.get(key, [])
        if not isinstance(value, list):
            self.problem(key, "应为列表")
            return []
        return value

    def unknown_keys(self, allowed: Iterable[str], prefix: str = "") -> None:
        for key in self.data:
            if key not in allowed:
                self.problem(prefix + key, "未知字段（拼写错误？）")


def read_toml(path: Path, problems: list[Problem], label: str | None = None) -> dict[str, Any] | None:
    """Parse a TOML file; a syntax error becomes a problem with the line and column."""
    import tomllib  # only when content files are read (a start with unchanged content reads none)

    name = label or path.name
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(name, "-", "语法", f"TOML 语法错误：{exc}"))
    except UnicodeDecodeError:
        problems.append(Problem(name, "-", "编码", "文件不是 UTF-8 编码"))
    except OSError as exc:
        problems.append(Problem(name, "-", "文件", f"无法读取：{exc.strerror}"))
    return None
