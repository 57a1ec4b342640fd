"""Shared fixtures for the PDF tests: the tiny fixture catalog and a case factory.

(The suite runs with ``--import-mode=importlib``, so helpers are fixtures, not importable modules.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.core.catalog import Catalog, load_catalog
from desktop.core.model import Applicant, Case, ItemState

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"
NAME = "<b>张三&李四</b> \"测试\" 'x<y'"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    cat = load_catalog(FIXTURES / "checklists", FIXTURES / "sources")
    assert cat.problems == []
    return cat


def make_case(name: str = NAME, note: str = "股东身份证已现场核验。", **kw: object) -> Case:
    case = Case(
        id="QD-TEST-0001",
        applicant=Applicant(name, "91220101MA0000000X", "李四", "0431-88888888"),
        checklists=["fx-kaiban", "fx-commit"],
        received_on=dt.date(2026, 11, 25),
        clerk="王五",
        office="长春市政务服务中心 3号窗口",
        profile={"entity_type": "有限责任公司", "region": "长春市"},
        states={"fx-kaiban/A01": ItemState("done", note), "fx-kaiban/A02": ItemState("waived", ""),
                "fx-commit/C01": ItemState("not_applicable", "申请人选择提交证明")},
    )
    for key, value in kw.items():
        setattr(case, key, value)
    return case


@pytest.fixture
def case() -> Case:
    return make_case()


@pytest.fixture(name="make_case")
def make_case_fixture() -> Callable[..., Case]:
    return make_case

