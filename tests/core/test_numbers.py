"""Finding numbers in content text: arabic, full-width and Chinese numerals with a unit, by value and
unit class; references (ids, 文号, articles, dates, list markers) are not numbers."""

from __future__ import annotations

import pytest

from desktop.core.numbers import Number, chinese_value, find_numbers, quoted_numbers


def _found(text: str) -> list[tuple[float, str, str]]:
    return [(n.value, n.unit, n.text) for n in find_numbers(text)]


@pytest.mark.parametrize(("numeral", "value"), [
    ("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("三十", 30), ("一百零五", 105), ("二〇二〇", 2020),
    ("五百万", 5_000_000), ("一千零五", 1005), ("四亿", 400_000_000),
])
def test_chinese_numerals(numeral: str, value: float) -> None:
    assert chinese_value(numeral) == value


def test_a_bare_magnitude_word_is_no_number() -> None:
    assert chinese_value("千") is None and chinese_value("万") is None


def test_arabic_full_width_and_chinese_forms_have_the_same_value_and_unit() -> None:
    forms = ["1个工作日", "１个工作日", "一个工作日", "1 个工作日"]
    assert {(n.value, n.unit) for f in forms for n in find_numbers(f)} == {(1.0, "工作日")}


def test_multipliers_are_applied_exactly() -> None:
    assert _found("500万元") == [(5_000_000.0, "元", "500万元")]
    assert find_numbers("五百万元")[0].value == 5_000_000
    assert find_numbers("4.35亿元")[0].value == find_numbers("43500万元")[0].value


def test_percent_forms() -> None:
    assert {(n.value, n.unit) for t in ("30%", "３０％", "百分之三十") for n in find_numbers(t)} == {(30.0, "%")}


def test_chinese_numerals_count_only_before_a_unit() -> None:
    assert _found("一网通办、一窗领取、一表填报") == []
    assert _found("一日办，分两期缴纳") == [(1.0, "日", "一日"), (2.0, "期", "两期")]


def test_set_phrases_and_unit_prefixes() -> None:
    assert _found("一次性告知，一站式办理，清单一张网，选择哪一种方式，千家万户") == []
    assert _found("10千伏，160千瓦") == [(10.0, "千伏", "10千伏"), (160.0, "千瓦", "160千瓦")]
    assert _found("十千伏") == [(10.0, "千伏", "十千伏")]


def test_references_are_not_numbers() -> None:
    text = "见C11、K02；依据国办发〔2020〕42号第十七条、一、1.和（二）（3），执行至2021-12-31；" \
           "《吉林省2021年工作方案》；工信部联企业〔2011〕300号与〔2020〕不一致"
    assert _found(text) == []


def test_in_a_quote_everything_counts() -> None:
    assert [n.value for n in find_numbers("第十七条（2020）42号", references=True)] == [17.0, 2020.0, 42.0]


def test_a_full_date_is_one_number() -> None:
    assert _found("自2020年10月28日起") == [(20201028.0, "日期", "2020年10月28日")]
    assert _found("二〇二〇年十月二十八日")[0][:2] == (20201028.0, "日期")
    assert _found("2020年1月前") == [(2020.0, "年", "2020年"), (1.0, "月", "1月")]


def test_a_quoted_date_also_states_its_year() -> None:
    quoted = quoted_numbers(["执行期限至2024 年12 月31 日。"])
    for stated in ("2024年12月31日", "2024年", "12月", "31日"):
        (number,) = find_numbers(stated)
        assert any(number.matched_by(n) for n in quoted), stated
    (other_day,) = find_numbers("2024年12月30日")
    assert not any(other_day.matched_by(n) for n in quoted)


def test_an_elided_series_takes_the_last_unit_in_a_quote() -> None:
    quoted = quoted_numbers(["办理时间分别压减至22个、32个工作日以内"])
    assert any(Number(22.0, "工作日", "").matched_by(n) for n in quoted)
    assert not any(Number(22.0, "工作日", "").matched_by(n) for n in find_numbers("22个、32个工作日以内"))


def test_matching_needs_the_same_unit_class_when_both_have_one() -> None:
    (working_day,) = find_numbers("5个工作日")
    (day,) = find_numbers("5日")
    (bare,) = find_numbers("5")
    assert not working_day.matched_by(day)
    assert working_day.matched_by(bare) and bare.matched_by(day)
    assert working_day.matched_by(find_numbers("五个工作日")[0])
