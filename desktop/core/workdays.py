"""Working-day arithmetic with Chinese statutory holidays and 调休 working days.

Holiday data comes from the ``chinesecalendar`` package plus ``resources/data/holidays.toml``, which
the office can extend: a year listed in the file replaces the package's data for that year.  A year
known to neither is counted on weekends only, and the result carries a ``warning`` saying so — never
silently.

Time limits (时限) and how the due date is computed:

* 工作日 — the day of receipt is not counted; each following working day counts one (weekends and
  statutory holidays skipped, 调休 Saturdays/Sundays counted).  0 工作日 = the day of receipt.
* 自然日 — received date + N calendar days (``note`` says when that day is a rest day).
* 小时 — received datetime + N clock hours, the due date is the date of that moment ("按小时计";
  rest days are not skipped).  A plain date counts from 0:00 of that day.
* 即办 — due the same day.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop import paths

UNITS = ("工作日", "自然日", "小时", "即办")
_UNIT_ALIASES = {"个工作日": "工作日", "日": "自然日", "天": "自然日", "个自然日": "自然日",
                 "个小时": "小时", "即时办结": "即办", "当场办结": "即办"}
_WEEKDAY = "一二三四五六日"
_MAX_DAYS = 3650


@dataclass(frozen=True)
class HolidayCalendar:
    """Statutory holidays and 调休 working days for the years in ``years``."""

    holidays: dict[dt.date, str]
    workdays: dict[dt.date, str]
    years: frozenset[int]
    sources: dict[int, str] = field(default_factory=dict)

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_workday(self, day: dt.date) -> bool | None:
        """True/False, or None when the year has no holiday data."""
        if not self.covers(day.year):
            return None
        return self._workday(day)

    def _workday(self, day: dt.date) -> bool:
        """Working day by the data, or by weekends alone for a year without data."""
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def rest_reason(self, day: dt.date) -> str:
        """Why a day is not a working day: the holiday's name, else 周六/周日."""
        return self.holidays.get(day) or f"周{_WEEKDAY[day.weekday()]}"


@dataclass(frozen=True)
class DueDate:
    """Result of :func:`due_date`.  ``counted`` lists the working days counted (工作日 only);
    ``skipped`` the rest days passed over, each with its reason (e.g. 春节, 周六)."""

    due: dt.date
    start: dt.date
    days: int
    unit: str
    warning: str | None = None
    note: str = ""
    counted: tuple[dt.date, ...] = ()
    skipped: tuple[tuple[dt.date, str], ...] = ()
    due_at: dt.datetime | None = None


# -- data -------------------------------------------------------------------------------------------


def _package_data() -> tuple[dict[dt.date, str], dict[dt.date, str], set[int]]:
    """chinesecalendar's tables with Chinese names; empty when the package is missing."""
    try:
        from chinese_calendar import constants
    except ImportError:  # pragma: no cover - it is a declared dependency
        return {}, {}, set()
    chinese = {h.value: h.chinese for h in constants.Holiday}
    hol = {d: chinese.get(v, str(v)) for d, v in constants.holidays.items()}
    work = {d: f"{chinese.get(v, str(v))}调休" for d, v in constants.workdays.items()}
    return hol, work, {d.year for d in constants.holidays}


def _as_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise ValueError(f"{where}：“{value}”不是日期（应写成 2026-01-01，不加引号）")


def _read_years(path: Path) -> list[tuple[int, str, dict[dt.date, str], dict[dt.date, str]]]:
    import tomllib  # when a calendar is first needed, not at every start

    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValueError(f"{path}: 无法读取节假日数据：{exc}") from None
    out = []
    seen: set[int] = set()
    for entry in raw.get("year", []):
        try:
            year = int(entry["year"])
            where = f"{path}: {year} 年"
            if year in seen:
                raise ValueError(f"{where}：重复")
            seen.add(year)
            hol: dict[dt.date, str] = {}
            for h in entry.get("holidays", []):
                start, end = _as_date(h["from"], where), _as_date(h["to"], where)
                if end < start or (end - start).days > 31:
                    raise ValueError(f"{where}：{h['name']} 的起止日期 {start}—{end} 不合理")
                for i in range((end - start).days + 1):
                    hol[start + dt.timedelta(days=i)] = str(h["name"])
            work: dict[dt.date, str] = {}
            for w in entry.get("workdays", []):
                day = _as_date(w["date"], where)
                if day.weekday() < 5:
                    raise ValueError(f"{where}：调休上班日 {day} 是周{_WEEKDAY[day.weekday()]}，不是周末")
                if day in hol:
                    raise ValueError(f"{where}：{day} 既是放假日又是调休上班日")
                work[day] = str(w["name"])
            if any(abs(d.year - year) > 1 for d in [*hol, *work]):
                raise ValueError(f"{where}：有日期不在该年前后")
            out.append((year, str(entry.get("source", "")), hol, work))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"{path}: 节假日数据缺少或错误的字段：{exc}") from None
    return out


def load_calendar(files: Iterable[Path] = (), use_package: bool = True) -> HolidayCalendar:
    """Package data (optional) overlaid by the data files, later files winning per year.

    Raises ValueError (Chinese, naming the file) on a malformed file.
    """
    hol, work, years = _package_data() if use_package else ({}, {}, set())
    sources = dict.fromkeys(years, "chinesecalendar")
    for path in files:
        for year, source, y_hol, y_work in _read_years(path):
            # the file is authoritative for its year: drop what the package or an earlier file said
            hol = {d: n for d, n in hol.items() if d.year != year}
            work = {d: n for d, n in work.items() if d.year != year}
            hol.update(y_hol)
            work.update(y_work)
            years.add(year)
            sources[year] = source or str(path)
    return HolidayCalendar(hol, work, frozenset(years), sources)


@functools.cache
def default_calendar() -> HolidayCalendar:
    """The package data plus the bundled holidays.toml, loaded once."""
    return load_calendar([paths.resource_path("data", "holidays.toml")])


# -- arithmetic -------------------------------------------------------------------------------------


def is_workday(day: dt.date, calendar: HolidayCalendar | None = None) -> bool | None:
    """Whether ``day`` is a working day; None when its year has no holiday data."""
    return (calendar or default_calendar()).is_workday(day)


def normalize_unit(unit: str) -> str:
    u = unit.strip()
    u = _UNIT_ALIASES.get(u, u)
    if u not in UNITS:
        raise ValueError(f"未知的时限单位“{unit}”：应为{'、'.join(UNITS)}之一")
    return u


def _no_data_warning(years: Iterable[int]) -> str | None:
    missing = sorted(set(years))
    if not missing:
        return None
    return f"{'、'.join(str(y) for y in missing)} 年无节假日数据，仅按周末计算"


def due_date(start: dt.date, days: int, unit: str = "工作日",
             calendar: HolidayCalendar | None = None) -> DueDate:
    """The due date of a time limit of ``days`` ``unit`` counted from receipt on ``start``.

    ``start`` may be a datetime (used by 小时).  Raises ValueError (Chinese) for a negative or
    implausibly large number or an unknown unit.
    """
    cal = calendar or default_calendar()
    u = normalize_unit(unit)
    if isinstance(days, bool) or not isinstance(days, int):
        raise ValueError(f"时限必须是整数：{days!r}")
    if days < 0:
        raise ValueError(f"时限不能为负数：{days}")
    if days > _MAX_DAYS:
        raise ValueError(f"时限过长：{days} {u}（上限 {_MAX_DAYS}）")
    received = start.date() if isinstance(start, dt.datetime) else start
    if u == "即办":
        return DueDate(received, received, days, u, note="即办：受理当日办结")
    if u == "小时":
        begin = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time())
        at = begin + dt.timedelta(hours=days)
        note = f"按小时计：自受理时起 {days} 小时（自然小时，不扣除休息日）"
        if not isinstance(start, dt.datetime):
            note += "；未给出受理时刻，按当日 0 时起算"
        return DueDate(at.date(), received, days, u, note=note, due_at=at)
    if u == "自然日":
        due = received + dt.timedelta(days=days)
        note = ""
        if cal.covers(due.year) and not cal._workday(due):
            note = f"到期日 {due.isoformat()} 为休息日（{cal.rest_reason(due)}）"
        return DueDate(due, received, days, u, note=note)
    counted: list[dt.date] = []
    skipped: list[tuple[dt.date, str]] = []
    no_data: set[int] = set()
    day = received
    while len(counted) < days:
        day += dt.timedelta(days=1)
        if not cal.covers(day.year):
            no_data.add(day.year)
        if cal._workday(day):
            counted.append(day)
        else:
            skipped.append((day, cal.rest_reason(day)))
    note = "受理当日不计入" if days else "0 个工作日：受理当日"
    return DueDate(day, received, days, u, warning=_no_data_warning(no_data), note=note,
                   counted=tuple(counted), skipped=tuple(skipped))
