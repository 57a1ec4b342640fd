"""The repository's setters enforce the input limits (issue 15), so no path — GUI, import, CLI — can
store a 10 MB name, a note past its limit, a forged case number, NaN or a negative count."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desktop.context import AppContext, build_context
from desktop.core.limits import InputError
from desktop.core.model import Applicant
from tests.store.conftest import worked_case


@pytest.fixture
def ctx(tmp_path: Path) -> AppContext:
    c = build_context(tmp_path / "data")
    yield c  # type: ignore[misc]
    c.close()


def _create(ctx: AppContext, applicant: Applicant, case_id: str | None = None, clerk: str = "李四",
            office: str = "") -> str:
    return ctx.repo.create_case(applicant, [("kaiban-jilin", "v")], dt.date(2026, 11, 25), clerk, office, "李四",
                                case_id)


@pytest.mark.parametrize("applicant", [
    Applicant("名" * 10_000_000), Applicant("名" * 201), Applicant("示例", phone="1" * 41),
    Applicant("示例\n伪造行"), Applicant("示例\ud800"), Applicant(""),
], ids=["10MB-name", "201-name", "long-phone", "newline", "surrogate", "empty"])
def test_create_case_refuses_bad_applicants(ctx: AppContext, applicant: Applicant) -> None:
    with pytest.raises(InputError) as exc:
        _create(ctx, applicant)
    assert "\n" not in str(exc.value)
    assert ctx.repo.count_cases() == 0


@pytest.mark.parametrize("case_id", ["../../../../tmp/x", "QD-1\tx", "QD-1\nQD-2"])
def test_create_case_refuses_forged_case_ids(ctx: AppContext, case_id: str) -> None:
    with pytest.raises(InputError, match="办件编号"):
        _create(ctx, Applicant("示例"), case_id)


def test_clerk_office_note_and_updates_are_limited(ctx: AppContext) -> None:
    with pytest.raises(InputError, match="经办人过长"):
        _create(ctx, Applicant("示例"), clerk="李" * 51)
    with pytest.raises(InputError, match="受理窗口过长"):
        _create(ctx, Applicant("示例"), office="窗" * 101)
    cid = worked_case(ctx)
    with pytest.raises(InputError, match="申请人名称过长"):
        ctx.repo.update_applicant(cid, Applicant("名" * 10_000_000), "李四")
    with pytest.raises(InputError, match="备注过长"):
        ctx.repo.set_item_state(cid, "kaiban-jilin", "K01", "done", "注" * 2001, "李四")
    ctx.repo.set_item_state(cid, "kaiban-jilin", "K01", "done", "两行\n备注", "李四")  # line breaks are fine
    case = ctx.repo.get_case(cid)
    assert case is not None and case.applicant.name == "示例长春市甲餐饮有限公司"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -1, 10**400, "字" * 501])
def test_answers_must_be_finite_non_negative_and_short(ctx: AppContext, value: object) -> None:
    cid = worked_case(ctx)
    with pytest.raises(InputError):
        ctx.repo.set_answer(cid, "employees", value, "李四")
    case = ctx.repo.get_case(cid)
    assert case is not None and "employees" not in case.profile


def test_the_profile_form_refuses_nan_infinity_and_negative_numbers() -> None:
    from desktop.ui.views.profile_form import parse_number

    for text in ("nan", "inf", "-3", "1e400", "1e13"):
        with pytest.raises(ValueError):
            parse_number(text)
    assert parse_number("12") == 12 and parse_number("1,200.5") == 1200.5
