"""中小企业划型 (SME size class) per 《中小企业划型标准规定》(工信部联企业〔2011〕300号) 第四条.

The bounds and the plain-language industry list are data, in ``resources/data/sme_size.toml``; this
module only knows the standard's reading rule:

* 大型 when every listed indicator reaches the 中小微型 upper bound (any one below → 中小微型);
* 中型 / 小型 when every listed indicator reaches that class's lower bound ("且"), else one class down;
* 微型 when any listed indicator is below the 小型 bound ("或").

"及以上" includes the bound.  The result is advisory: the standard has the statistics office decide
from statistical data.  This is NOT 小型微利企业 (a tax concept) nor 小规模纳税人 (VAT); those are
separate rules and are deliberately not modelled here.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop import paths
from desktop.core.content_contract import ASSETS, EMPLOYEES, REVENUE

SIZES = ("大型", "中型", "小型", "微型")
INDICATORS = (EMPLOYEES, REVENUE, ASSETS)  # question ids and the keys of the data file
_CLASSES = (("large", "大型"), ("medium", "中型"), ("small", "小型"))
_IGNORED = re.compile(r"[\s、，,．.·/（）()]+")


@dataclass(frozen=True)
class Group:
    """One industry group of 第四条 with its bounds per class (indicator → lower bound)."""

    name: str
    large: dict[str, float]
    medium: dict[str, float]
    small: dict[str, float]

    @property
    def indicators(self) -> list[str]:
        """The indicators the group uses, in the standard's order (从业人员, 营业收入, 资产总额)."""
        used = set(self.large) | set(self.medium) | set(self.small)
        return [k for k in INDICATORS if k in used]


@dataclass(frozen=True)
class Industry:
    """A plain-language industry name and the group it is sized by."""

    name: str
    group: str
    note: str = ""


@dataclass(frozen=True)
class SizeTable:
    """The loaded data file: groups, industries, excluded industries and the citation."""

    groups: dict[str, Group]
    industries: dict[str, Industry]
    excluded: dict[str, str]
    indicator_names: dict[str, str]
    indicator_units: dict[str, str]
    source: dict[str, Any]

    @property
    def citation(self) -> str:
        s = self.source
        return f"《{s['title']}》（{s['document']}）{s['thresholds_article']}"

    @property
    def advisory(self) -> str:
        return str(self.source["advisory"])


@dataclass
class Classification:
    """Result of :func:`classify`.  ``size`` is None when a needed number is missing."""

    size: str | None
    group: str
    rule: str
    missing: list[str] = field(default_factory=list)
    advisory: str = ""
    citation: str = ""
    notes: list[str] = field(default_factory=list)


def _key(name: str) -> str:
    return _IGNORED.sub("", name)


def load_table(path: Path) -> SizeTable:
    """Load and check a size table; raises ValueError (Chinese message) on a malformed file."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: 无法读取划型标准数据：{exc}") from None
    try:
        return _build(raw)
    except (KeyError, TypeError) as exc:
        raise ValueError(f"{path}: 划型标准数据缺少或错误的字段：{exc}") from None
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from None


def _build(raw: dict[str, Any]) -> SizeTable:
    names = {k: str(v["name"]) for k, v in raw["indicators"].items()}
    units = {k: str(v["unit"]) for k, v in raw["indicators"].items()}
    groups: dict[str, Group] = {}
    for g in raw["group"]:
        bounds: dict[str, dict[str, float]] = {}
        for cls, label in _CLASSES:
            bounds[cls] = {k: float(v) for k, v in g[cls].items()}
            unknown = set(bounds[cls]) - set(INDICATORS)
            if unknown:
                raise ValueError(f"{g['name']}：{label}使用了未知指标 {sorted(unknown)}")
        group = Group(str(g["name"]), bounds["large"], bounds["medium"], bounds["small"])
        for upper, lower in ((group.large, group.medium), (group.medium, group.small)):
            for k, v in lower.items():
                if k in upper and upper[k] < v:
                    raise ValueError(f"{group.name}：{names[k]}的上一档界限 {upper[k]} 小于下一档 {v}")
        groups[group.name] = group
    industries: dict[str, Industry] = {}
    for i in raw.get("industry", []):
        ind = Industry(str(i["name"]), str(i["group"]), str(i.get("note", "")))
        if ind.group not in groups:
            raise ValueError(f"行业“{ind.name}”对应的分组“{ind.group}”不存在")
        industries[ind.name] = ind
    excluded = {str(e["name"]): str(e["reason"]) for e in raw.get("excluded", [])}
    return SizeTable(groups, industries, excluded, names, units, dict(raw["source"]))


@functools.cache
def default_table() -> SizeTable:
    """The bundled table, loaded once."""
    return load_table(paths.resource_path("data", "sme_size.toml"))


def industry_names(table: SizeTable | None = None) -> list[str]:
    """Everything :func:`classify` accepts: the 16 group names, then the plain-language industries."""
    t = table or default_table()
    return list(t.groups) + [n for n in t.industries if n not in t.groups]


def resolve(industry: str, table: SizeTable | None = None) -> tuple[Group, list[str]]:
    """The group an industry (group name or plain-language name) is sized by, plus notes to show."""
    t = table or default_table()
    key = _key(industry)
    if not key:
        raise ValueError("未填写行业，无法划型")
    for name, group in t.groups.items():
        if _key(name) == key:
            return group, []
    for name, ind in t.industries.items():
        if _key(name) == key:
            notes = [f"“{ind.name}”按“{ind.group}”标准划型"]
            if ind.note:
                notes.append(ind.note)
            return t.groups[ind.group], notes
    for name, reason in t.excluded.items():
        if _key(name) == key:
            raise ValueError(reason)
    raise ValueError(f"未知行业“{industry.strip()}”：请选择《中小企业划型标准规定》所列行业之一"
                     f"（如 工业、零售业、其他未列明行业）；本规定以外的行业参照本规定划型")


def _fmt(x: float) -> str:
    if x == int(x):
        return str(int(x))
    return f"{x:.4f}".rstrip("0").rstrip(".")


def classify(industry: str, employees: float | None, revenue: float | None, assets: float | None,
             table: SizeTable | None = None) -> Classification:
    """Classify an enterprise.  Numbers: 从业人员 in 人, 营业收入/资产总额 in 万元; None = unknown.

    Raises ValueError (Chinese message) for an unknown industry or a negative / non-finite number.
    """
    t = table or default_table()
    group, notes = resolve(industry, t)
    given = {"employees": employees, "revenue": revenue, "assets": assets}
    for k, v in given.items():
        if v is not None and (math.isnan(v) or math.isinf(v)):
            raise ValueError(f"{t.indicator_names[k]}不是有效数字")
        if v is not None and v < 0:
            raise ValueError(f"{t.indicator_names[k]}不能为负数：{_fmt(v)}")
    base = Classification(size=None, group=group.name, rule="", advisory=t.advisory, citation=t.citation,
                          notes=notes)
    missing = [t.indicator_names[k] for k in group.indicators if given[k] is None]
    if missing:
        base.missing = missing
        base.rule = f"{group.name}：缺少{'、'.join(missing)}，无法划型"
        return base
    values = {k: float(v) for k, v in given.items() if v is not None and k in group.indicators}

    def shown(k: str) -> str:
        unit = t.indicator_units[k]
        return f"{t.indicator_names[k]} {_fmt(values[k])} {unit}"

    def reached(bounds: dict[str, float]) -> str:
        unit = t.indicator_units
        return "且".join(f"{shown(k)} ≥ {_fmt(b)} {unit[k]}" for k, b in bounds.items())

    def below(bounds: dict[str, float], what: str) -> str:
        unit = t.indicator_units
        parts = [f"{shown(k)} < {_fmt(b)} {unit[k]}" for k, b in bounds.items() if values[k] < b]
        return "、".join(parts) + f"（{what}）"

    def meets(bounds: dict[str, float]) -> bool:
        return all(values[k] >= b for k, b in bounds.items())

    if meets(group.large):
        base.size, base.rule = "大型", f"{group.name}：{reached(group.large)} → 大型（不属于中小微企业）"
    elif meets(group.medium):
        base.size = "中型"
        base.rule = f"{group.name}：{reached(group.medium)}，{below(group.large, '未达大型')}→ 中型"
    elif meets(group.small):
        base.size = "小型"
        base.rule = f"{group.name}：{reached(group.small)}，{below(group.medium, '未达中型')}→ 小型"
    else:
        base.size = "微型"
        base.rule = f"{group.name}：{below(group.small, '未达小型')}→ 微型"
    return base
