"""What the clerk sees is the evaluation: the step pane states each item's own applicability (and each
variant's), and the header, the 汇总 tab and the case list show the same progress — read off the widgets."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.context import AppContext, build_context
from desktop.core.model import Applicant
from desktop.core.progress import progress_line, progress_text
from desktop.services.cases import CaseService, NewCase
from desktop.ui.main_window import MainWindow
from desktop.ui.views.case_list import progress_cell
from desktop.ui.views.case_view import CaseView

ALL = ["kaiban-jilin", "shuidianqi", "xiaowei", "chengnuo", "zhengzhao-jilin", "zhuxiao-jilin"]


@pytest.fixture
def ctx(tmp_path: Path) -> AppContext:
    c = build_context(tmp_path / "data")
    yield c  # type: ignore[misc]
    c.close()


def _case(ctx: AppContext, profile: dict[str, object]) -> str:
    service = CaseService(ctx)
    case_id = service.create(NewCase(Applicant("示例：某某有限公司"), ALL, dt.date(2026, 11, 25)))
    for qid, value in profile.items():
        service.answer(case_id, qid, value)
    return case_id


def _pane_label(view: CaseView) -> str:
    text = view.detail.browser.toPlainText()
    m = re.search(r"适用情况：(\S+)", text)
    assert m, text[:200]
    return m.group(1)


@pytest.mark.parametrize("region", ["长春市", "吉林市"])
def test_the_step_pane_states_each_items_own_applicability(qtbot: QtBot, ctx: AppContext, region: str) -> None:
    profile = {"region": region, "entity_type": "有限责任公司", "industry": "零售业", "employees": 3, "revenue": 50,
               "need_power": True, "need_water": True, "power_voltage": "低压"}
    view = CaseView(CaseService(ctx), _case(ctx, profile))
    qtbot.addWidget(view)
    labels = {v.key: v.label for v in view.views}
    checked = 0
    for v in view.views:
        view.select(v.key)
        assert _pane_label(view) == v.label, v.key
        text = view.detail.browser.toPlainText()
        for variant in v.variants:  # every variant line carries that variant's own label
            own = labels[f"{v.checklist_id}/{variant.id}"]
            assert f"【{own}】{variant.jurisdiction}：{variant.title}" in text, (v.key, variant.id)
        row = view.steps.rows[v.key].text(0)  # the list row: the mark (status, or why not) before the title
        mark = view.snap.items[v.key].status_label if v.counted else v.label
        assert f"[{mark}" in row.split("\n")[0] and v.item.title in row, (v.key, row)
        checked += 1
    assert checked == len(view.views) > 100
    assert {v.label for v in view.views} >= {"适用", "不适用", "待确认", "另有适用规定", "时效未明"}


def test_header_summary_and_list_show_the_same_progress_and_na_moves_it(qtbot: QtBot, ctx: AppContext) -> None:
    case_id = _case(ctx, {"region": "长春市", "entity_type": "有限责任公司", "need_water": True})
    window = MainWindow(ctx, None)
    qtbot.addWidget(window)
    window.open_case(case_id)
    view = window.case_view
    assert view is not None

    def shown() -> tuple[str, str, str, str]:
        p = view.snap.progress
        window.case_list.refresh()
        model = window.case_list.model
        (row,) = [n for n, r in enumerate(model.rows) if r.id == case_id]
        cell = str(model.data(model.index(row, 7)))
        return progress_line(p), view.bar.format(), view.summary.counts.text(), cell

    before = view.snap.progress
    line, bar, summary, cell = shown()
    assert line in view.header.text() and bar == line and summary == progress_text(before)
    assert cell == f"{before.settled}/{before.applicable}"
    step = next(i for i in view.snap.doc.items if i.counted and i.status == "pending")
    view.select(step.key)
    view.set_current_status("not_applicable")  # a clerk's 不适用 is settled: the bar moves
    after = view.snap.progress
    assert after.settled == before.settled + 1 and view.bar.value() == after.settled
    line, bar, summary, cell = shown()
    assert line in view.header.text() and bar == line and summary == progress_text(after)
    assert cell == progress_cell(window.case_list.model.rows[0]) == f"{after.settled}/{after.applicable}"
