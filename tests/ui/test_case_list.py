"""The case list at scale: paging, filters (text, status, overdue), masking; the audit tab."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.core.model import Applicant
from desktop.services.cases import CaseService
from desktop.ui.views.case_list import PAGE, CaseListView
from desktop.ui.views.case_view import CaseView


def test_paging_filters_and_masking(qtbot: QtBot, tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    version = ctx.catalog.checklists["kaiban-jilin"].version
    day = dt.date(2026, 11, 2)
    ids = [ctx.repo.create_case(Applicant(f"企业{n:04d}", "11010519491231002X", "", "13812345678"),
                                [("kaiban-jilin", version)], day, "", "", "t") for n in range(PAGE * 2 + 50)]
    view = CaseListView(ctx)
    qtbot.addWidget(view)
    model = view.model
    assert model.total == len(ids) and model.rowCount() == PAGE
    assert view.count.text() == f"共 {len(ids)} 件"
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 2 * PAGE
    model.fetchMore()
    assert model.rowCount() == len(ids) and not model.canFetchMore()
    first = model.index(0, 0)
    assert model.data(first) == ids[-1]  # newest first
    assert model.data(model.index(0, 2)) == "110105********002X"
    assert model.data(model.index(0, 3)) == "138****5678"

    view.filter.setText("企业0007")
    view.refresh()
    assert [r.id for r in model.rows] == [ids[7]]

    view.filter.setText("")
    ctx.repo.close_case(ids[0], "t")
    view.status.setCurrentIndex(view.status.findData("closed"))
    view.refresh()
    assert [r.id for r in model.rows] == [ids[0]]
    assert model.data(model.index(0, 6)) == "已办结"

    view.status.setCurrentIndex(0)
    ctx.repo.set_derived(ids[3], dt.date.today() - dt.timedelta(days=1), 0, 1, "test")
    ctx.repo.set_derived(ids[4], dt.date.today() + dt.timedelta(days=3), 0, 1, "test")
    view.overdue.setChecked(True)
    view.refresh()
    assert [r.id for r in model.rows] == [ids[3]]
    assert "逾期" in str(model.data(model.index(0, 6)))
    ctx.close()


def test_audit_tab_lists_every_change(qtbot: QtBot, tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    version = ctx.catalog.checklists["kaiban-jilin"].version
    case_id = ctx.repo.create_case(Applicant("甲"), [("kaiban-jilin", version)], dt.date.today(), "", "", "李四")
    ctx.repo.set_answer(case_id, "region", "长春市", "李四")
    view = CaseView(CaseService(ctx), case_id)
    qtbot.addWidget(view)
    view.tabs.setCurrentWidget(view.audit)
    table = view.audit.table
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]
    assert rows[0][1:] == ["李四", "新建办件", "办理清单", "（空）", "开办企业（吉林省）"]
    assert rows[1][2:] == ["回答问题", "所在地", "（空）", "长春市"]
    ctx.close()
