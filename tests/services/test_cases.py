"""The application layer: every write keeps the derived data (next due date, progress) right in the same
transaction — after import, after 更新到最新版本, after an office holiday-file change — without the case
being opened; a closed case is read-only; a clerk's 不适用 counts as settled everywhere."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from desktop import paths
from desktop.context import AppContext, build_context
from desktop.core.casefile import dump_case
from desktop.core.model import Applicant
from desktop.services.cases import CaseClosed, CaseService, NewCase
from desktop.services.documents import document

RECEIVED = dt.date(2026, 11, 25)  # a Wednesday
PROFILE = {"region": "长春市", "entity_type": "有限责任公司", "has_employees": True, "need_water": True}
CHECKLISTS = ("kaiban-jilin", "shuidianqi")  # 用水报装 has a time limit in 工作日: a due date


@pytest.fixture
def ctx(tmp_path: Path) -> AppContext:
    c = build_context(tmp_path / "data")
    yield c  # type: ignore[misc]
    c.close()


def _case(service: CaseService, checklists: tuple[str, ...] = CHECKLISTS) -> str:
    case_id = service.create(NewCase(Applicant("示例：长春市某某有限公司"), list(checklists), RECEIVED, "李四", "示例窗口"))
    for qid, value in PROFILE.items():
        service.answer(case_id, qid, value)
    return case_id


def _row(ctx: AppContext, case_id: str) -> tuple[str, int | None, int | None]:
    (row,) = [r for r in ctx.repo.list_cases() if r.id == case_id]
    return row.next_due, row.settled, row.applicable


def _expected(service: CaseService, case_id: str) -> tuple[str, int, int]:
    snap = service.open(case_id)
    due = snap.next_due.isoformat() if snap.next_due else ""
    return due, snap.progress.settled, snap.progress.applicable


def test_every_write_keeps_the_list_row_equal_to_the_evaluation(ctx: AppContext) -> None:
    service = CaseService(ctx)
    case_id = _case(service)
    assert _row(ctx, case_id) == _expected(service, case_id)
    assert _expected(service, case_id)[0], "the case has a step with a time limit"
    steps = [v for v in service.open(case_id).views if v.counted]
    for view, status in zip(steps[:3], ("done", "not_applicable", "waived"), strict=True):
        service.mark(case_id, view.key, status, "")
        assert _row(ctx, case_id) == _expected(service, case_id)
    # a clerk's 不适用 moves progress like 已完成 and 免于办理
    p = service.open(case_id).progress
    assert (p.done, p.marked_not_applicable, p.waived, p.settled) == (1, 1, 1, 3)
    service.answer(case_id, "region", "吉林市")
    assert _row(ctx, case_id) == _expected(service, case_id)


def test_next_due_is_right_after_import_without_opening(ctx: AppContext, tmp_path: Path) -> None:
    other = build_context(tmp_path / "other")
    try:
        src = CaseService(other)
        case_id = _case(src)
        path = tmp_path / "case.json"
        path.write_text(json.dumps(dump_case(src.open(case_id).case), ensure_ascii=False), encoding="utf-8")
        expected = _expected(src, case_id)
    finally:
        other.close()
    service = CaseService(ctx)
    report = service.import_path(path)
    assert [o.result for o in report.outcomes] == ["imported"]  # type: ignore[attr-defined]
    assert _row(ctx, case_id) == expected and expected[0]


def test_next_due_is_right_after_update_to_latest(tmp_path: Path) -> None:
    content = tmp_path / "checklists"
    shutil.copytree(paths.checklist_dir(), content)
    ctx = build_context(tmp_path / "data", content, paths.source_dir())
    service = CaseService(ctx)
    case_id = _case(service)
    before = _row(ctx, case_id)
    ctx.close()
    # the new content version drops every time limit of the checklist: no due date any more
    path = content / "shuidianqi.toml"
    text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                     if not line.startswith("time_limit"))
    path.write_text(text + "\n", encoding="utf-8")
    ctx = build_context(tmp_path / "data", content, paths.source_dir())
    service = CaseService(ctx)
    assert service.open(case_id).outdated and _row(ctx, case_id) == before  # pinned: nothing changed yet
    service.update_to_latest(case_id)
    assert not service.open(case_id).outdated
    assert _row(ctx, case_id) == _expected(service, case_id) and _row(ctx, case_id)[0] == ""
    ctx.close()


def test_next_due_follows_an_office_holiday_file_without_opening(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ctx = build_context(data)
    service = CaseService(ctx)
    case_id = _case(service)
    due, _, _ = _row(ctx, case_id)
    assert due
    ctx.close()
    # the office declares the due day a holiday (a year in the office file replaces that year's data)
    day = dt.date.fromisoformat(due)
    (data / "holidays.toml").write_text(
        f'[[year]]\nyear = {day.year}\nsource = "示例：办公室补充"\n'
        f'holidays = [{{ name = "示例假日", from = {day.isoformat()}, to = {day.isoformat()} }}]\n'
        "workdays = []\n", encoding="utf-8")
    ctx = build_context(data)
    service = CaseService(ctx)
    assert _row(ctx, case_id)[0] == due  # stale until refreshed (the app does it at start)
    assert service.refresh_stale() >= 1
    new_due = _row(ctx, case_id)[0]
    assert new_due > due and _row(ctx, case_id) == _expected(service, case_id)
    ctx.close()


def test_a_closed_case_is_read_only_until_reopened(ctx: AppContext) -> None:
    service = CaseService(ctx)
    case_id = _case(service)
    key = next(v.key for v in service.open(case_id).views if v.counted)
    assert service.open(case_id).open_steps()
    service.close(case_id)
    for write in (lambda: service.mark(case_id, key, "done", ""), lambda: service.answer(case_id, "region", "吉林市"),
                  lambda: service.update_applicant(case_id, Applicant("别的名字"))):
        with pytest.raises(CaseClosed, match="已办结"):
            write()
    assert service.open(case_id).case.state(*key.split("/")).status == "pending"
    service.reopen(case_id)
    service.mark(case_id, key, "done", "")
    assert service.open(case_id).case.state(*key.split("/")).status == "done"


def test_the_owner_document_never_offers_a_step_the_clerk_marked_not_applicable(ctx: AppContext) -> None:
    service = CaseService(ctx)
    case_id = _case(service)
    open_steps = [v for v in service.open(case_id).views if v.counted and v.item.kind == "step"]
    marked = open_steps[0]
    service.mark(case_id, marked.key, "not_applicable", "申请人不需要")
    owner = document(service.open(case_id), "self", ctx.calendar).owner
    assert owner is not None
    assert marked.key not in {i.key for i in owner.next_steps}
    assert marked.key in {i.key for i in owner.done_steps}
