"""Numbers in content text, for the rule "every number an item states occurs in one of its quotes".

A *number* is
- a run of arabic digits (full-width folded first), optionally with a decimal part and a 万/亿
  multiplier: "500万元" has the value 5 000 000, as has "五百万元";
- a run of Chinese numerals (一…九, 十, 百, 千, 万, 亿, 两, 〇/零) **followed by a unit** (个工作日, 日, 年,
  万元, 项, 个, 次 …): "一日办" and "两期" hold numbers, the 一 of "一网通办" does not;
- 百分之 + Chinese numerals ("百分之三十" is 30%);
- a full date "2020年10月28日" (arabic or Chinese numerals) is one number, compared as a date.

Each number keeps its unit, folded to a unit class (个工作日 = 工作日, 天 = 日, ％ = %, 万元 = 元 …), so
"5个工作日" is not matched by "5日".

In the text an item states (not in its quotes) these are references, not numbers, and are skipped:
document titles in 《》, 文号 (〔2020〕42号), bracketed years (〔2011〕), ISO dates (2021-12-31), item ids and
other letter-prefixed codes (C11, K02), ordinals (第十七条, 第2项), list markers (一、 （二） 1. (3)) and set
phrases whose numeral is no quantity (一次性, 一站式, 一张网, 哪一, 千家万户).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from desktop.core.citations import normalise

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN = "〇零一二三四五六七八九十百千万亿两"

# unit as written -> unit class.  Longest first in the pattern, so 个工作日 wins over 个.
UNIT_CLASSES: dict[str, str] = {
    "个工作日": "工作日", "工作日": "工作日", "个自然日": "日", "自然日": "日", "日": "日", "天": "日",
    "个小时": "小时", "小时": "小时", "分钟": "分钟", "个月": "个月", "月": "月", "年": "年", "周": "周",
    "星期": "周", "个百分点": "百分点", "百分点": "百分点", "%": "%", "万美元": "美元", "亿美元": "美元",
    "美元": "美元", "万元": "元", "亿元": "元", "元": "元", "千瓦时": "千瓦时", "千瓦": "千瓦", "千伏安": "千伏安",
    "千伏": "千伏", "千米": "千米", "公里": "千米", "平方米": "平方米", "米": "米", "吨": "吨", "项": "项",
    "个": "个", "家": "家", "次": "次", "倍": "倍", "人": "人", "户": "户", "件": "件", "张": "张", "份": "份",
    "名": "名", "类": "类", "期": "期", "岁": "岁", "批": "批", "种": "种", "套": "套", "级": "级", "位": "位",
    "层": "层", "条": "条", "款": "款", "环节": "环节",
}
_UNIT_ALT = "|".join(re.escape(u) for u in sorted(UNIT_CLASSES, key=len, reverse=True))
# a 万/亿 written with a unit that already holds it (万元) is the multiplier, the unit class is 元
_MULTIPLIED_UNITS = {"万元": 10_000, "亿元": 100_000_000, "万美元": 10_000, "亿美元": 100_000_000}

_DATE_PART = r"[\d" + _CN + r"]"
_DATE = re.compile(rf"({_DATE_PART}{{4}})年({_DATE_PART}{{1,3}})月({_DATE_PART}{{1,3}})日")
_PERCENT = re.compile(r"百分之([" + _CN + r"]+)")
_ARABIC = re.compile(r"(\d+(?:\.\d+)?)(" + _UNIT_ALT + r"|[万亿])?")
_CHINESE = re.compile(r"([" + _CN + r"]+)(?=(" + _UNIT_ALT + "))")

# Spans of stated text that hold no number to check (see the module docstring).
_REFERENCES = re.compile("|".join((
    r"《[^》]*》",  # a document title
    r"[〔\[【（(]\d{4}[〕\]】）)]第?\d+号",  # 文号
    r"[〔\[【]\d{4}[〕\]】]",  # a bracketed year (the year of a 文号 named alone)
    r"\d{4}-\d{1,2}-\d{1,2}",  # ISO date
    r"[A-Za-z]+\d+(?:\.\d+)?",  # item ids and letter-prefixed codes
    r"第[\d" + _CN + r"]+",  # ordinals: 第十七条, 第2项
    r"[（(][\d一二三四五六七八九十]+[）)]",  # list markers （二） (3)
    r"(?<![\d.])\d+[.、](?!\d)",  # list markers 1. 2、
    r"[一二三四五六七八九十]+、",  # list markers 一、
)))
_SERIES = re.compile(r"[、，,至到或和及\-—～~]")  # between the numbers of a series
_IDIOMS = re.compile(r"一次性|一站式|一张网|哪一|千家万户|百分百")


@dataclass(frozen=True)
class Number:
    """A number found in text.

    ``value`` has 万/亿 applied (a date is yyyymmdd); ``unit`` is the unit class ("" without a unit,
    "日期" for a full date); ``text`` is the number as written, with its unit.
    """

    value: float
    unit: str
    text: str

    def matched_by(self, other: Number) -> bool:
        """True when ``other`` (found in a quote) states this number: same value, and the same unit
        class unless one of them has no unit."""
        if self.value != other.value:
            return False
        if self.unit == "日期" or other.unit == "日期":
            return self.unit == other.unit
        return not self.unit or not other.unit or self.unit == other.unit


def chinese_value(numeral: str) -> float | None:
    """The value of Chinese numerals: "二〇二〇" → 2020, "三十" → 30, "五百万" → 5 000 000; None for a
    bare magnitude word such as "千" or "百"."""
    if not numeral:
        return None
    if all(ch in _CN_DIGITS for ch in numeral):  # positional: 二〇二〇, 一
        return float("".join(str(_CN_DIGITS[ch]) for ch in numeral))
    if all(ch in "百千万亿" for ch in numeral):
        return None
    total = section = digit = 0
    for ch in numeral:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            section += (digit or 1) * _CN_SMALL[ch]
            digit = 0
        else:
            total = (total + section + digit) * _CN_BIG[ch]
            section = digit = 0
    return float(total + section + digit)


def _part(text: str) -> float | None:
    return float(text) if text.isdigit() else chinese_value(text)


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group(0))


def find_numbers(text: str, references: bool = False) -> list[Number]:
    """The numbers in ``text`` (normalised first, so full-width digits count), in order.

    ``references=False`` (the text an item states) skips the reference spans of the module docstring.
    ``references=True`` (a quote) counts everything, and reads it generously: a full date also states
    its year, month and day, and in an elided series ("22个、32个工作日", "5至10个工作日") each number takes
    the unit of the last one.
    """
    norm = normalise(text)
    if not references:
        norm = _REFERENCES.sub(_blank, norm)
    norm = _IDIOMS.sub(_blank, norm)
    found: list[tuple[int, int, Number]] = []
    for m in _DATE.finditer(norm):
        y, mo, d = (_part(g) for g in m.groups())
        if y is not None and mo is not None and d is not None and 1 <= mo <= 12 and 1 <= d <= 31:
            found.append((m.start(), m.end(), Number(y * 10_000 + mo * 100 + d, "日期", m.group(0))))
            if references:
                found += [(m.start(), m.start(), Number(y, "年", "")), (m.start(), m.start(), Number(mo, "月", "")),
                          (m.start(), m.start(), Number(d, "日", ""))]
    norm = _DATE.sub(_blank, norm)
    for m in _PERCENT.finditer(norm):
        value = chinese_value(m.group(1))
        if value is not None:
            found.append((m.start(), m.end(), Number(value, "%", m.group(0))))
    norm = _PERCENT.sub(_blank, norm)
    for m in _ARABIC.finditer(norm):
        found.append((m.start(), m.end(), _number(Decimal(m.group(1)), m.group(2) or "", m.group(0))))
    for m in _CHINESE.finditer(norm):
        numeral, unit = m.group(1), m.group(2)
        if numeral.endswith("千") and unit[0] in "瓦伏米":  # 千瓦, 千伏, 千米: the 千 belongs to the unit
            numeral = numeral[:-1]
        value = chinese_value(numeral)
        if value is not None:
            found.append((m.start(), m.start() + len(m.group(1)) + len(unit),
                          _number(Decimal(int(value)), unit, numeral + unit)))
    found.sort(key=lambda f: f[0])
    out = [n for _, _, n in found]
    if references:
        for (_, end, first), (start, _, second) in itertools.pairwise(found):
            if first.unit in ("", "个") and second.unit not in ("", "日期") and _SERIES.fullmatch(norm[end:start]):
                out.append(Number(first.value, second.unit, ""))
    return out


def _number(value: Decimal, unit: str, text: str) -> Number:
    """A number with its 万/亿 applied exactly ("4.35亿" equals "43500万")."""
    if unit in _CN_BIG:  # "500万" without a unit after it
        return Number(float(value * _CN_BIG[unit]), "", text)
    return Number(float(value * _MULTIPLIED_UNITS.get(unit, 1)), UNIT_CLASSES.get(unit, ""), text)


def quoted_numbers(quotes: Iterable[str]) -> list[Number]:
    """Every number in the given quotes, nothing skipped."""
    return [n for q in quotes for n in _quote_numbers(q)]


@functools.lru_cache(maxsize=4096)
def _quote_numbers(quote: str) -> tuple[Number, ...]:
    return tuple(find_numbers(quote, references=True))  # a quote is read once per field that relies on it
