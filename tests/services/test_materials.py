"""Materials at the counter, through the application layer: each state change is one transaction with its
audit entry and the derived data — a 容缺受理 material's 补正 due date (working days from the office's rule)
feeds the case's next due date and the 逾期 filter; the office's guide decides what may be deferred or
committed; case files v2 carry the states losslessly from one window to another."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.context import AppContext, build_context
from desktop.core.audit_text import audit_line
from desktop.core.casefile import FORMAT, FORMAT_V2, load_case_file
from desktop.core.errors import UserError
from desktop.core.model import Applicant
from desktop.services.cases import CaseClosed, CaseService, NewCase
from desktop.services.guide import GuideService
from desktop.store import exchange

GUIDES = Path(__file__).resolve().parents[1] / "fixtures" / "guide"
KEY = "kaiban-jilin/K05"
ID_CARD, PREMISES, FORM = "经营者身份证明（示例）", "经营场所使用证明（示例）", "个体工商户登记申请书（示例）"
RECEIVED = dt.date(2026, 9, 29)  # a Tuesday before the National Day holiday


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[AppContext]:
    c = build_context(tmp_path / "data")
    guide = GuideService(c)
    guide.set_passphrase("示例口令-2026")
    guide.import_file(GUIDES / "guide-example.json")
    yield c
    c.close()


def _case(ctx: AppContext, today: dt.date = RECEIVED) -> tuple[CaseService, str]:
    service = CaseService(ctx, today=lambda: today)
    case_id = service.create(NewCase(Applicant("示例个体工商户"), ["kaiban-jilin"], RECEIVED, "李四", "示例窗口"))
    service.answer(case_id, "region", "长春市")
    service.answer(case_id, "entity_type", "个体工商户")
    return service, case_id


def test_the_counter_works_from_the_guides_materials(ctx: AppContext) -> None:
    service, case_id = _case(ctx)
    item = service.open(case_id).items[KEY]
    assert item.guide is not None and item.guide.heading.startswith("本中心办事指南（示例市政务服务中心办事指南（示例）")
    assert [m.name for m in item.counter] == [ID_CARD, PREMISES, FORM]
    assert [m.name for m in item.outstanding] == [ID_CARD, PREMISES, FORM]  # nothing checked yet


def test_容缺_due_date_counts_working_days_skipping_holidays_and_feeds_the_next_due_date(ctx: AppContext) -> None:
    service, case_id = _case(ctx)
    assert service.open(case_id).next_due is None  # K05 has no time limit of its own
    snap = service.set_material(case_id, KEY, PREMISES, "deferred")
    m = next(m for m in snap.items[KEY].counter if m.name == PREMISES)
    # 5 working days from Tue 2026-09-29: 30 Sep, then the National Day holiday (1–7 Oct), 8–11 Oct (调休 Sat 10th)
    assert m.due == snap.next_due.isoformat()  # type: ignore[union-attr]
    from desktop.core.workdays import due_date

    assert m.due == due_date(RECEIVED, 5, "工作日").due.isoformat() > "2026-10-05"
    row = next(r for r in ctx.repo.list_cases() if r.id == case_id)
    assert row.next_due == m.due
    later = dt.date.fromisoformat(m.due) + dt.timedelta(days=1)
    assert [r.id for r in ctx.repo.list_cases(overdue_on=later)] == [case_id]
    assert ctx.repo.list_cases(overdue_on=dt.date.fromisoformat(m.due)) == []
    # supplied: the 补正 date leaves the case's next due date
    service.set_material(case_id, KEY, PREMISES, "received", "复印件")
    assert next(r for r in ctx.repo.list_cases() if r.id == case_id).next_due == ""


def test_a_second_change_of_a_deferred_material_keeps_its_due_date(ctx: AppContext) -> None:
    service, case_id = _case(ctx)
    first = service.set_material(case_id, KEY, PREMISES, "deferred").items[KEY].counter[1].due
    later = CaseService(ctx, today=lambda: RECEIVED + dt.timedelta(days=20))
    again = later.set_material(case_id, KEY, PREMISES, "deferred", note="申请人再次确认").items[KEY].counter[1]
    assert again.due == first and again.note == "申请人再次确认"


def test_what_the_guide_does_not_allow_is_refused(ctx: AppContext) -> None:
    service, case_id = _case(ctx)
    with pytest.raises(UserError, match="未允许材料“经营者身份证明（示例）”容缺受理"):
        service.set_material(case_id, KEY, ID_CARD, "deferred")
    with pytest.raises(UserError, match="不可以告知承诺代替"):
        service.set_material(case_id, KEY, ID_CARD, "committed")
    with pytest.raises(UserError, match="只有容缺受理的材料有补正期限"):
        service.set_material(case_id, KEY, ID_CARD, "missing", due=dt.date(2026, 12, 1))
    with pytest.raises(UserError, match="未知的材料状态"):
        service.set_material(case_id, KEY, ID_CARD, "lost")
    assert ctx.repo.get_case(case_id).materials == {}  # type: ignore[union-attr]


def test_each_change_is_audited_in_plain_chinese_and_a_closed_case_refuses(ctx: AppContext) -> None:
    service, case_id = _case(ctx)
    service.set_material(case_id, KEY, ID_CARD, "received", "原件")
    service.set_material(case_id, KEY, PREMISES, "deferred")
    service.set_material(case_id, KEY, FORM, "missing", note="未带")
    service.set_material(case_id, KEY, FORM, "missing", note="未带")  # no change: no entry
    service.set_material(case_id, KEY, ID_CARD, "")  # back to not checked
    lines = [audit_line(ctx.catalog, e.at, e.who, e.action, e.field, e.old, e.new)
             for e in ctx.repo.audit_log(case_id) if e.action == "material"]
    assert [(x.action, x.target.split("：")[-1], x.old, x.new) for x in lines] == [
        ("材料情况", f"材料“{ID_CARD}”", "未核对", "已收（原件）"),
        ("材料情况", f"材料“{PREMISES}”", "未核对", f"容缺受理，补正期限 {lines[1].new.split(' ')[-1]}"),
        ("材料情况", f"材料“{FORM}”", "未核对", "缺；备注：未带"),
        ("材料情况", f"材料“{ID_CARD}”", "已收（原件）", "未核对"),
    ]
    assert lines[0].target.startswith("开办企业（吉林省）：个体工商户开办")
    service.close(case_id)
    with pytest.raises(CaseClosed):
        service.set_material(case_id, KEY, FORM, "received", "原件")


def test_v2_export_import_round_trips_and_v1_is_written_without_materials(ctx: AppContext, tmp_path: Path) -> None:
    service, case_id = _case(ctx)
    plain = exchange.case_document(ctx.repo, case_id)
    assert plain["format"] == FORMAT and "materials" not in plain
    service.set_material(case_id, KEY, ID_CARD, "received", "原件")
    service.set_material(case_id, KEY, PREMISES, "deferred")
    service.set_material(case_id, KEY, FORM, "missing", note="未带\n下次补交")
    out = tmp_path / "case.json"
    exchange.export_case(ctx.repo, case_id, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT_V2 and list(data["materials"][KEY]) == [ID_CARD, PREMISES, FORM]
    other = build_context(tmp_path / "other")
    try:
        report = CaseService(other).import_path(out)
        assert [o.result for o in report.outcomes] == [exchange.IMPORTED]  # type: ignore[attr-defined]
        assert other.repo.get_case(case_id) == ctx.repo.get_case(case_id)
        back = tmp_path / "back.json"
        exchange.export_case(other.repo, case_id, back)
        again = json.loads(back.read_text(encoding="utf-8"))
        assert again["materials"] == data["materials"]
        assert {k: v for k, v in again.items() if k != "audit"} == {k: v for k, v in data.items() if k != "audit"}
        assert CaseService(other).open(case_id).next_due == service.open(case_id).next_due
        assert CaseService(other).import_path(out).outcomes[0].result == exchange.UNCHANGED  # type: ignore[attr-defined]
    finally:
        other.close()
    assert load_case_file(out, ctx.catalog).materials == ctx.repo.get_case(case_id).materials  # type: ignore[union-attr]


def test_purging_a_case_removes_its_material_states(ctx: AppContext) -> None:
    service, case_id = _case(ctx)
    service.set_material(case_id, KEY, FORM, "missing", note="示例个人备注")
    service.close(case_id)
    ctx.repo.db.execute("UPDATE cases SET closed_at = '2020-01-01T00:00:00' WHERE id = ?", [case_id])
    assert ctx.repo.purge_closed_cases(30, "李四") == [case_id]
    assert ctx.repo.db.execute("SELECT count(*) FROM material_states").fetchone()[0] == 0
    olds = [r[0] for r in ctx.repo.db.execute("SELECT old || new FROM audit WHERE action = 'material'")]
    assert olds == [None]  # redacted with the rest of the case's log


def test_a_change_of_state_keeps_the_clerks_note_on_the_material(ctx: AppContext) -> None:
    service, case_id = _case(ctx)
    service.set_material(case_id, KEY, PREMISES, "deferred", note="示例：申请人承诺补交租赁合同")
    later = service.set_material(case_id, KEY, PREMISES, "received", "复印件")  # no note given: it stays
    assert later.items[KEY].counter[1].note == "示例：申请人承诺补交租赁合同"
    cleared = service.set_material(case_id, KEY, PREMISES, "received", "复印件", note="")  # "" clears it
    assert cleared.items[KEY].counter[1].note == ""
