"""中小企业划型: every group at and just below every bound, the reference's worked examples, lookups."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop import paths
from desktop.core import eligibility
from desktop.core.eligibility import classify, default_table, industry_names, load_table

E, R, A = "employees", "revenue", "assets"

# Transcribed independently from ../shared/reference/sme-size-standard.md (第四条), so a wrong edit of
# resources/data/sme_size.toml fails here.  (upper bound of 中小微, 中型 lower bounds, 小型 lower bounds)
STANDARD: dict[str, tuple[dict[str, float], dict[str, float], dict[str, float]]] = {
    "农、林、牧、渔业": ({R: 20000}, {R: 500}, {R: 50}),
    "工业": ({E: 1000, R: 40000}, {E: 300, R: 2000}, {E: 20, R: 300}),
    "建筑业": ({R: 80000, A: 80000}, {R: 6000, A: 5000}, {R: 300, A: 300}),
    "批发业": ({E: 200, R: 40000}, {E: 20, R: 5000}, {E: 5, R: 1000}),
    "零售业": ({E: 300, R: 20000}, {E: 50, R: 500}, {E: 10, R: 100}),
    "交通运输业": ({E: 1000, R: 30000}, {E: 300, R: 3000}, {E: 20, R: 200}),
    "仓储业": ({E: 200, R: 30000}, {E: 100, R: 1000}, {E: 20, R: 100}),
    "邮政业": ({E: 1000, R: 30000}, {E: 300, R: 2000}, {E: 20, R: 100}),
    "住宿业": ({E: 300, R: 10000}, {E: 100, R: 2000}, {E: 10, R: 100}),
    "餐饮业": ({E: 300, R: 10000}, {E: 100, R: 2000}, {E: 10, R: 100}),
    "信息传输业": ({E: 2000, R: 100000}, {E: 100, R: 1000}, {E: 10, R: 100}),
    "软件和信息技术服务业": ({E: 300, R: 10000}, {E: 100, R: 1000}, {E: 10, R: 50}),
    "房地产开发经营": ({R: 200000, A: 10000}, {R: 1000, A: 5000}, {R: 100, A: 2000}),
    "物业管理": ({E: 1000, R: 5000}, {E: 300, R: 1000}, {E: 100, R: 500}),
    "租赁和商务服务业": ({E: 300, A: 120000}, {E: 100, A: 8000}, {E: 10, A: 100}),
    "其他未列明行业": ({E: 300}, {E: 100}, {E: 10}),
}
CLASSES = ("大型", "中型", "小型")
NEXT_DOWN = {"大型": "中型", "中型": "小型", "小型": "微型"}


def _run(group: str, values: dict[str, float]) -> eligibility.Classification:
    return classify(group, values.get(E), values.get(R), values.get(A))


def _just_below(indicator: str, bound: float) -> float:
    return bound - 1 if indicator == E else bound - 0.01


def test_data_file_has_exactly_the_sixteen_groups_in_order() -> None:
    assert list(default_table().groups) == list(STANDARD)


def test_data_file_bounds_match_the_standard() -> None:
    for name, (large, medium, small) in STANDARD.items():
        g = default_table().groups[name]
        assert (g.large, g.medium, g.small) == (large, medium, small), name


@pytest.mark.parametrize("group", list(STANDARD))
@pytest.mark.parametrize("cls", range(3), ids=CLASSES)
def test_at_bound_gives_the_class(group: str, cls: int) -> None:
    bounds = STANDARD[group][cls]
    result = _run(group, dict(bounds))
    assert result.size == CLASSES[cls], result.rule
    assert result.missing == []
    assert result.rule.endswith(CLASSES[cls] if cls else "大型（不属于中小微企业）")


@pytest.mark.parametrize("group", list(STANDARD))
@pytest.mark.parametrize("cls", range(3), ids=CLASSES)
def test_just_below_any_one_bound_drops_one_class(group: str, cls: int) -> None:
    bounds = STANDARD[group][cls]
    for indicator, bound in bounds.items():
        values = dict(bounds)
        values[indicator] = _just_below(indicator, bound)
        result = _run(group, values)
        assert result.size == NEXT_DOWN[CLASSES[cls]], (indicator, result.rule)
        name = default_table().indicator_names[indicator]
        assert f"{name} " in result.rule and " < " in result.rule


@pytest.mark.parametrize("group", list(STANDARD))
def test_zero_is_micro_and_huge_is_large(group: str) -> None:
    indicators = STANDARD[group][0]
    assert _run(group, dict.fromkeys(indicators, 0.0)).size == "微型"
    assert _run(group, dict.fromkeys(indicators, 10.0**7)).size == "大型"


@pytest.mark.parametrize(
    ("industry", "employees", "revenue", "assets", "size"),
    [
        ("工业", 25, 500, None, "小型"),
        ("工业", 300, 2000, None, "中型"),
        ("工业", 1000, 40000, None, "大型"),
        ("零售业", 9, 1000, None, "微型"),
        ("软件和信息技术服务业", 10, 50, None, "小型"),
        ("其他未列明行业", 100, None, None, "中型"),
    ],
)
def test_reference_worked_examples(industry: str, employees: float, revenue: float | None,
                                   assets: float | None, size: str) -> None:
    assert classify(industry, employees, revenue, assets).size == size


def test_rule_sentence_names_numbers_and_bounds() -> None:
    r = classify("工业", 25, 500, None)
    assert r.rule.startswith("工业：从业人员 25 人 ≥ 20 人且营业收入 500 万元 ≥ 300 万元")
    assert "从业人员 25 人 < 300 人" in r.rule
    assert r.rule.endswith("→ 小型")
    assert r.group == "工业"
    assert r.advisory == "依据统计数据由统计部门认定，本结果仅供参考"
    assert "工信部联企业〔2011〕300号" in r.citation and "第四条" in r.citation


def test_large_needs_every_indicator_at_the_upper_bound() -> None:
    # 1000 people but revenue below 40000 万元: still 中型 (any one below the upper bound → 中小微)
    assert classify("工业", 5000, 39999, None).size == "中型"
    assert classify("工业", 999, 10.0**6, None).size == "中型"


def test_medium_needs_every_lower_bound() -> None:
    # many people but little revenue: the 且 rule drops it
    assert classify("工业", 900, 1999, None).size == "小型"
    assert classify("工业", 900, 299, None).size == "微型"


def test_indicators_the_group_does_not_use_are_ignored() -> None:
    assert classify("其他未列明行业", 10, None, None).size == "小型"
    assert classify("其他未列明行业", 10, 1, 1).size == "小型"
    assert classify("农、林、牧、渔业", None, 50, None).size == "小型"


def test_fractional_values() -> None:
    assert classify("软件和信息技术服务业", 10, 49.99, None).size == "微型"
    r = classify("软件和信息技术服务业", 10, 49.5, None)
    assert "营业收入 49.5 万元 < 50 万元" in r.rule


@pytest.mark.parametrize(
    ("industry", "employees", "revenue", "assets", "missing"),
    [
        ("工业", None, 500, None, ["从业人员"]),
        ("工业", None, None, 5, ["从业人员", "营业收入"]),
        ("建筑业", 1000, 500, None, ["资产总额"]),
        ("租赁和商务服务业", 50, 50, None, ["资产总额"]),
        ("其他未列明行业", None, 100, 100, ["从业人员"]),
    ],
)
def test_missing_numbers_give_no_size(industry: str, employees: float | None, revenue: float | None,
                                      assets: float | None, missing: list[str]) -> None:
    r = classify(industry, employees, revenue, assets)
    assert r.size is None
    assert r.missing == missing
    assert "无法划型" in r.rule


@pytest.mark.parametrize(
    ("plain", "group"),
    [
        ("制造业", "工业"),
        ("采矿业", "工业"),
        ("电力热力燃气及水生产和供应业", "工业"),
        ("电力、热力、燃气及水生产和供应业", "工业"),
        ("科学研究和技术服务业", "其他未列明行业"),
        ("居民服务修理和其他服务业", "其他未列明行业"),
        ("文化体育和娱乐业", "其他未列明行业"),
        ("水利、环境和公共设施管理业", "其他未列明行业"),
        ("社会工作", "其他未列明行业"),
        ("互联网和相关服务", "信息传输业"),
        ("道路运输业", "交通运输业"),
        ("农业", "农、林、牧、渔业"),
        ("农林牧渔业", "农、林、牧、渔业"),
        (" 零售业 ", "零售业"),
    ],
)
def test_plain_language_names_map_to_groups(plain: str, group: str) -> None:
    r = classify(plain, 50, 5000, 5000)
    assert r.group == group


def test_plain_name_result_says_which_group_was_used() -> None:
    r = classify("制造业", 25, 500, None)
    assert r.size == "小型"
    assert any("工业" in n for n in r.notes)
    assert classify("工业", 25, 500, None).notes == []


def test_every_listed_industry_resolves() -> None:
    names = industry_names()
    assert names[:16] == list(STANDARD)
    for name in names:
        assert classify(name, 1, 1, 1).group in STANDARD


@pytest.mark.parametrize("industry", ["火星采矿业", "", "   ", "铁路运输业", "金融业"])
def test_unknown_or_excluded_industry_is_a_chinese_value_error(industry: str) -> None:
    with pytest.raises(ValueError) as info:
        classify(industry, 10, 10, 10)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(info.value))


def test_railway_is_excluded_with_the_standard_reason() -> None:
    with pytest.raises(ValueError, match="不含铁路运输业"):
        classify("铁路运输业", 10, 10, 10)


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_bad_numbers_are_rejected(bad: float) -> None:
    with pytest.raises(ValueError, match="从业人员"):
        classify("工业", bad, 10, None)


def test_data_file_records_its_citation_and_that_the_text_is_not_bundled() -> None:
    src = default_table().source
    assert src["document"] == "工信部联企业〔2011〕300号"
    assert src["in_bundled_texts"] is False
    text = paths.resource_path("data", "sme_size.toml").read_text(encoding="utf-8")
    assert "未收录于随附的政策原文" in text


def test_table_is_loaded_once() -> None:
    assert default_table() is default_table()


def test_malformed_table_is_a_value_error_naming_the_file(tmp_path: Path) -> None:
    good = paths.resource_path("data", "sme_size.toml").read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(good.replace("medium = { employees = 300, revenue = 2000 }",
                                "medium = { employees = 3000, revenue = 2000 }", 1), encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.toml"):
        load_table(bad)
    bad.write_text(good.replace('group = "工业"', 'group = "重工业"', 1), encoding="utf-8")
    with pytest.raises(ValueError, match="重工业"):
        load_table(bad)
    bad.write_text("[source\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.toml"):
        load_table(bad)


def test_revised_standard_is_a_data_edit(tmp_path: Path) -> None:
    text = paths.resource_path("data", "sme_size.toml").read_text(encoding="utf-8")
    edited = tmp_path / "sme.toml"
    edited.write_text(text.replace("small = { employees = 20, revenue = 300 }",
                                   "small = { employees = 30, revenue = 300 }", 1), encoding="utf-8")
    table = load_table(edited)
    assert classify("工业", 25, 500, None, table=table).size == "微型"
    assert classify("工业", 25, 500, None).size == "小型"


sizes = st.floats(min_value=0, max_value=10.0**6, allow_nan=False)


@given(group=st.sampled_from(list(STANDARD)), e=sizes, r=sizes, a=sizes, extra=sizes)
def test_more_of_every_indicator_never_lowers_the_class(group: str, e: float, r: float, a: float,
                                                         extra: float) -> None:
    order = {"微型": 0, "小型": 1, "中型": 2, "大型": 3}
    before = classify(group, e, r, a).size
    after = classify(group, e + extra, r + extra, a + extra).size
    assert before is not None and after is not None
    assert order[after] >= order[before]
