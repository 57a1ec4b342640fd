"""Working-day due dates across 2025/2026 春节 and 国庆 with 调休, data-file overlay, no-data years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop import paths
from desktop.core.workdays import (
    HolidayCalendar,
    default_calendar,
    due_date,
    is_workday,
    load_calendar,
    normalize_unit,
)

D = dt.date
BUNDLED = paths.resource_path("data", "holidays.toml")


def _iso(days: tuple[dt.date, ...]) -> list[str]:
    return [d.isoformat() for d in days]


# -- is_workday --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2026, 2, 13), True),   # Friday before 春节
        (D(2026, 2, 14), True),   # Saturday, 调休上班
        (D(2026, 2, 15), False),  # 春节 (Sunday)
        (D(2026, 2, 16), False),  # 春节 (Monday)
        (D(2026, 2, 23), False),  # 春节 last day (Monday)
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),   # Saturday, 调休上班
        (D(2026, 1, 2), False),   # 元旦 (Friday)
        (D(2026, 1, 4), True),    # Sunday, 调休上班
        (D(2026, 5, 9), True),    # Saturday, 调休上班
        (D(2026, 6, 19), False),  # 端午 (Friday)
        (D(2026, 9, 20), True),   # Sunday, 调休上班
        (D(2026, 9, 25), False),  # 中秋 (Friday)
        (D(2026, 10, 7), False),  # 国庆 (Wednesday)
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),  # Saturday, 调休上班
        (D(2026, 10, 11), False),  # ordinary Sunday
        (D(2025, 1, 26), True),   # Sunday, 调休上班
        (D(2025, 2, 4), False),   # 春节 (Tuesday)
        (D(2025, 10, 6), False),  # 中秋 inside 国庆
        (D(2025, 10, 8), False),
        (D(2025, 10, 11), True),  # Saturday, 调休上班
        (D(2026, 11, 25), True),  # ordinary Wednesday
    ],
)
def test_is_workday_2025_2026(day: dt.date, expected: bool) -> None:
    assert is_workday(day) is expected


@pytest.mark.parametrize("day", [D(2028, 3, 1), D(2027, 1, 1), D(2003, 5, 1)])
def test_is_workday_unknown_year_is_none(day: dt.date) -> None:
    assert is_workday(day) is None


def test_bundled_file_agrees_with_chinesecalendar_for_2025_and_2026() -> None:
    package = load_calendar([], use_package=True)
    bundled = load_calendar([BUNDLED], use_package=False)
    for year in (2025, 2026):
        days = [D(year, 1, 1) + dt.timedelta(days=i) for i in range(366)]
        days = [d for d in days if d.year == year]
        differ = [d for d in days if package.is_workday(d) != bundled.is_workday(d)]
        assert differ == [], year


def test_bundled_file_records_its_sources() -> None:
    cal = default_calendar()
    assert "2026年部分节假日安排" in cal.sources[2026]
    assert "2025年部分节假日安排" in cal.sources[2025]
    assert cal.sources[2024] == "chinesecalendar"


# -- due_date: 工作日 ------------------------------------------------------------------------------


def test_receipt_day_is_not_counted() -> None:
    r = due_date(D(2026, 11, 25), 1)
    assert r.due == D(2026, 11, 26)
    assert r.warning is None
    assert r.counted == (D(2026, 11, 26),)


def test_plain_week_skips_the_weekend() -> None:
    r = due_date(D(2026, 11, 27), 3)  # Friday
    assert r.due == D(2026, 12, 2)
    assert [reason for _, reason in r.skipped] == ["周六", "周日"]


def test_zero_working_days_is_the_day_of_receipt() -> None:
    assert due_date(D(2026, 11, 28), 0).due == D(2026, 11, 28)


def test_received_on_a_saturday_counts_from_monday() -> None:
    assert due_date(D(2026, 11, 28), 1).due == D(2026, 11, 30)


def test_2026_spring_festival_with_tiaoxiu() -> None:
    r = due_date(D(2026, 2, 12), 5)  # Thursday
    assert _iso(r.counted) == ["2026-02-13", "2026-02-14", "2026-02-24", "2026-02-25", "2026-02-26"]
    assert r.due == D(2026, 2, 26)
    assert [reason for _, reason in r.skipped] == ["春节"] * 9


def test_2026_spring_festival_received_on_the_tiaoxiu_saturday() -> None:
    assert due_date(D(2026, 2, 14), 1).due == D(2026, 2, 24)
    # 20 工作日 from 2026-02-13: 2/14, 2/24-27, 2/28 (Sat 调休), 3/2-6, 3/9-13, 3/16-19
    assert due_date(D(2026, 2, 13), 20).due == D(2026, 3, 19)


def test_2026_national_day_with_tiaoxiu_before_and_after() -> None:
    r = due_date(D(2026, 9, 18), 3)  # Friday; Sunday 9/20 is a working day
    assert _iso(r.counted) == ["2026-09-20", "2026-09-21", "2026-09-22"]
    r = due_date(D(2026, 9, 24), 4)  # Thursday before 中秋 9/25-27 and 国庆 10/1-7
    assert _iso(r.counted) == ["2026-09-28", "2026-09-29", "2026-09-30", "2026-10-08"]
    assert due_date(D(2026, 9, 30), 3).due == D(2026, 10, 10)  # 10/8, 10/9, Saturday 10/10


def test_2025_spring_festival_with_tiaoxiu() -> None:
    r = due_date(D(2025, 1, 24), 3)  # Friday; Sunday 1/26 is a working day, 1/28-2/4 off
    assert _iso(r.counted) == ["2025-01-26", "2025-01-27", "2025-02-05"]
    assert due_date(D(2025, 2, 6), 2).due == D(2025, 2, 8)  # Friday 2/7, Saturday 2/8 调休


def test_2025_national_day_and_mid_autumn() -> None:
    r = due_date(D(2025, 9, 26), 3)  # Friday; Sunday 9/28 is a working day
    assert _iso(r.counted) == ["2025-09-28", "2025-09-29", "2025-09-30"]
    r = due_date(D(2025, 9, 30), 3)
    assert _iso(r.counted) == ["2025-10-09", "2025-10-10", "2025-10-11"]
    assert {reason for _, reason in r.skipped} == {"国庆节、中秋节"}


def test_crossing_into_2026_new_year() -> None:
    r = due_date(D(2025, 12, 31), 2)
    assert _iso(r.counted) == ["2026-01-04", "2026-01-05"]  # 1/1-1/3 off, Sunday 1/4 working
    assert r.warning is None


def test_year_without_data_warns_and_uses_weekends_only() -> None:
    r = due_date(D(2028, 3, 3), 1)  # Friday
    assert r.due == D(2028, 3, 6)
    assert r.warning == "2028 年无节假日数据，仅按周末计算"


def test_crossing_into_a_year_without_data_warns() -> None:
    r = due_date(D(2026, 12, 30), 5)
    assert r.warning == "2027 年无节假日数据，仅按周末计算"
    assert _iso(r.counted) == ["2026-12-31", "2027-01-01", "2027-01-04", "2027-01-05", "2027-01-06"]
    assert due_date(D(2027, 12, 30), 3).warning == "2027、2028 年无节假日数据，仅按周末计算"


def test_a_year_added_to_the_data_file_is_used(tmp_path: Path) -> None:
    extra = tmp_path / "holidays.toml"
    extra.write_text(
        "[[year]]\nyear = 2027\nsource = \"测试\"\n"
        "holidays = [{ name = \"元旦\", from = 2027-01-01, to = 2027-01-03 }]\n"
        "workdays = [{ name = \"测试调休\", date = 2027-01-09 }]\n",
        encoding="utf-8",
    )
    cal = load_calendar([BUNDLED, extra])
    r = due_date(D(2026, 12, 30), 5, calendar=cal)
    assert r.warning is None
    assert _iso(r.counted) == ["2026-12-31", "2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07"]
    assert cal.is_workday(D(2027, 1, 9)) is True
    assert ("2027-01-01", "元旦") in [(d.isoformat(), n) for d, n in r.skipped]


def test_the_data_file_replaces_the_package_for_its_year(tmp_path: Path) -> None:
    override = tmp_path / "h.toml"
    override.write_text("[[year]]\nyear = 2024\nholidays = []\nworkdays = []\n", encoding="utf-8")
    assert is_workday(D(2024, 10, 1)) is False
    cal = load_calendar([override])
    assert cal.is_workday(D(2024, 10, 1)) is True
    assert cal.is_workday(D(2023, 10, 2)) is False  # other years keep the package data


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[[year]]\nyear = 2027\nworkdays = [{ name = \"x\", date = 2027-01-04 }]\n", "不是周末"),
        ("[[year]]\nyear = 2027\nholidays = [{ name = \"x\", from = 2027-01-05, to = 2027-01-01 }]\n",
         "起止日期"),
        ("[[year]]\nyear = 2027\nholidays = [{ name = \"x\", from = \"2027-01-01\", to = 2027-01-01 }]\n",
         "不是日期"),
        ("[[year]]\nyear = 2027\nholidays = [{ name = \"x\", from = 2027-01-02, to = 2027-01-02 }]\n"
         "workdays = [{ name = \"y\", date = 2027-01-02 }]\n", "既是放假日又是调休上班日"),
        ("[[year]]\nyear = 2027\n[[year]]\nyear = 2027\n", "重复"),
        ("[[year]]\nholidays = []\n", "缺少"),
        ("[[year]\n", "无法读取"),
    ],
)
def test_malformed_data_file_is_a_chinese_error_naming_the_file(tmp_path: Path, body: str,
                                                                message: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(ValueError, match=message) as info:
        load_calendar([bad])
    assert "bad.toml" in str(info.value)


# -- other units ---------------------------------------------------------------------------------------


def test_natural_days_do_not_skip_holidays_but_say_so() -> None:
    r = due_date(D(2026, 2, 13), 3, "自然日")
    assert r.due == D(2026, 2, 16)
    assert "休息日（春节）" in r.note
    assert due_date(D(2026, 11, 25), 1, "自然日").note == ""


def test_hours_from_a_datetime() -> None:
    r = due_date(dt.datetime(2026, 2, 13, 15, 30), 24, "小时")
    assert r.due_at == dt.datetime(2026, 2, 14, 15, 30)
    assert r.due == D(2026, 2, 14)
    assert "按小时计" in r.note
    assert due_date(dt.datetime(2026, 11, 25, 9, 0), 4, "小时").due == D(2026, 11, 25)


def test_hours_from_a_plain_date_count_from_midnight() -> None:
    r = due_date(D(2026, 11, 25), 48, "小时")
    assert r.due == D(2026, 11, 27)
    assert "0 时" in r.note


def test_immediate_is_the_same_day() -> None:
    r = due_date(D(2026, 2, 15), 0, "即办")
    assert r.due == D(2026, 2, 15)
    assert r.unit == "即办"


@pytest.mark.parametrize(("alias", "unit"), [("个工作日", "工作日"), ("天", "自然日"), (" 小时 ", "小时")])
def test_unit_aliases(alias: str, unit: str) -> None:
    assert normalize_unit(alias) == unit


def test_bad_input_is_a_chinese_value_error() -> None:
    with pytest.raises(ValueError, match="时限单位"):
        due_date(D(2026, 1, 1), 1, "周")
    with pytest.raises(ValueError, match="负数"):
        due_date(D(2026, 1, 1), -1)
    with pytest.raises(ValueError, match="过长"):
        due_date(D(2026, 1, 1), 100000)


def test_calendar_loaded_once() -> None:
    assert default_calendar() is default_calendar()


@given(start=st.dates(D(2025, 1, 1), D(2026, 12, 1)), n=st.integers(1, 20))
def test_due_is_a_workday_after_start_with_exactly_n_counted(start: dt.date, n: int) -> None:
    cal: HolidayCalendar = default_calendar()
    r = due_date(start, n, calendar=cal)
    assert r.due > start
    assert len(r.counted) == n and r.counted[-1] == r.due
    assert all(cal.is_workday(d) for d in r.counted)
    assert all(cal.is_workday(d) is False for d, _ in r.skipped)
    span = (r.due - start).days
    assert span == len(r.counted) + len(r.skipped)
    assert due_date(start, n + 1, calendar=cal).due > r.due
