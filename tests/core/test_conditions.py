"""The safe condition language: whitelist, three-valued results, reasons in Chinese."""

from __future__ import annotations

import pytest

from desktop.core.conditions import ConditionError, evaluate, names, parse

LABELS = {"entity_type": "市场主体类型", "employees": "从业人员", "region": "所在地", "is_new": "是否新开办"}


def test_true_false_and_unknown() -> None:
    cond = 'entity_type in ["有限责任公司", "股份有限公司"] and employees < 10'
    assert evaluate(cond, {"entity_type": "有限责任公司", "employees": 3}, LABELS).value is True
    out = evaluate(cond, {"entity_type": "个体工商户", "employees": 3}, LABELS)
    assert out.value is False
    assert out.reasons == ["市场主体类型为“个体工商户”，不属于“有限责任公司、股份有限公司”"]
    unknown = evaluate(cond, {"entity_type": "有限责任公司"}, LABELS)
    assert unknown.value is None and unknown.missing == ["employees"]


def test_false_wins_over_unknown_in_and_true_wins_in_or() -> None:
    assert evaluate("employees < 10 and region == '长春市'", {"employees": 20}, LABELS).value is False
    assert evaluate("employees < 10 or region == '长春市'", {"region": "长春市"}, LABELS).value is True
    assert evaluate("employees < 10 or region == '长春市'", {"region": "吉林市"}, LABELS).value is None


def test_not_and_bare_bool() -> None:
    assert evaluate("not is_new", {"is_new": False}, LABELS).value is True
    out = evaluate("is_new", {"is_new": False}, LABELS)
    assert out.value is False and out.reasons == ["是否新开办为“否”"]
    assert evaluate("", {}, LABELS).value is True


@pytest.mark.parametrize("bad", [
    "__import__('os').system('echo x')",
    "employees.real > 1",
    "employees + 1 > 2",
    "1 < employees",
    "0 < employees < 10",
    "employees > (lambda: 1)()",
    "employees >",
])
def test_anything_outside_the_whitelist_is_refused(bad: str) -> None:
    with pytest.raises(ConditionError):
        parse(bad)


def test_names_lists_every_question_read() -> None:
    assert names("size in ['小型', '微型'] and not is_new") == {"size", "is_new"}


def test_comparing_incompatible_answers_is_an_error_not_a_guess() -> None:
    with pytest.raises(ConditionError):
        evaluate("employees < 10", {"employees": "很多"}, LABELS)


def test_excluding_conditions_read_naturally() -> None:
    out = evaluate('entity_type != "个体工商户"', {"entity_type": "个体工商户"}, LABELS)
    assert out.reasons == ["市场主体类型为“个体工商户”，本事项不适用于“个体工商户”"]
