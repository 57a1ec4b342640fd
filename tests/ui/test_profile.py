"""The profile tab: the advisory 划型 result follows the numbers as they are typed, and a 零售业
个体工商户 in 长春 sees which 小微企业 benefits apply and why the others do not."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop.context import AppContext, build_context
from desktop.core.evaluate import APPLIES, NOT_APPLICABLE, UNKNOWN
from desktop.core.model import Applicant
from desktop.services.cases import CaseService
from desktop.ui.views.case_view import CaseView
from tests.ui.gui import choose


def _open(ctx: AppContext, qtbot: QtBot, checklist: str) -> CaseView:
    version = ctx.catalog.checklists[checklist].version
    case_id = ctx.repo.create_case(Applicant("某某便利店"), [(checklist, version)], dt.date.today(), "", "", "t")
    view = CaseView(CaseService(ctx), case_id)
    qtbot.addWidget(view)
    view.show()
    return view


def _choose(view: CaseView, qid: str, text: str) -> None:
    choose(view.profile.editor(qid), text)


def _type(qtbot: QtBot, view: CaseView, qid: str, text: str) -> None:
    edit = view.profile.editor(qid)
    assert isinstance(edit, QLineEdit)
    edit.clear()
    qtbot.keyClicks(edit, text)  # ASCII digits only: keyClicks with CJK aborts the process
    # saved (and the 划型 shown) when the typing pauses: one answer per number, not one per digit
    qtbot.waitUntil(lambda: not view.profile._pending, timeout=3000)


def test_size_result_updates_while_numbers_are_typed(qtbot: QtBot, tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    view = _open(ctx, qtbot, "xiaowei")
    label = view.profile.size_label
    assert "请先选择行业" in label.text()
    _choose(view, "industry", "工业")
    _type(qtbot, view, "employees", "25")
    assert "还需填写" in label.text() and "营业收入" in label.text()
    _type(qtbot, view, "revenue", "500")
    assert "→ 小型" in label.text()
    assert "25" in label.text() and "500" in label.text()
    assert "仅供参考" in label.text()
    _type(qtbot, view, "employees", "1")  # typed one key at a time: "1" → 微型 already
    assert "→ 微型" in label.text()
    _type(qtbot, view, "employees", "300")
    _type(qtbot, view, "revenue", "2000")
    assert "→ 中型" in label.text()
    assert ctx.repo.get_case(view.case.id).profile["employees"] == 300  # type: ignore[union-attr]
    ctx.close()


def test_retail_household_in_changchun_sees_benefits_with_reasons(qtbot: QtBot, tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    view = _open(ctx, qtbot, "xiaowei")
    _choose(view, "region", "长春市")
    _choose(view, "entity_type", "个体工商户")
    _choose(view, "industry", "零售业")
    _type(qtbot, view, "employees", "3")
    _type(qtbot, view, "revenue", "50")
    assert "→ 微型" in view.profile.size_label.text()
    by_state: dict[str, list[str]] = {}
    for v in view.views:
        by_state.setdefault(v.applicability, []).append(v.item.title)
    assert by_state.get(APPLIES), "some benefits apply"
    assert by_state.get(NOT_APPLICABLE), "some do not"
    for v in view.views:
        if v.applicability == NOT_APPLICABLE:
            assert v.reasons and all(r for r in v.reasons), v.item.id
        if v.applicability == UNKNOWN:  # a question to answer, or an open boundary with its reason
            assert v.missing or (v.reasons and all(v.reasons)), v.item.id
    # the reason is on the list row itself, not only in the detail pane
    rows = list(view.steps.row_texts().values())
    na = next(v for v in view.views if v.applicability == NOT_APPLICABLE)
    assert any(na.item.title in r and na.reasons[0] in r for r in rows)
    # 长春-only 免交不动产登记费 applies to a 个体工商户 in 长春
    keys = {v.item.title: v.applies for v in view.views}  # 时效未明 (2021 annual plan) still applies
    assert any("不动产登记费" in t and a for t, a in keys.items()), keys
    view.select(next(iter(view.steps.rows)))
    assert view.detail.browser.toPlainText()
    ctx.close()


def test_a_bundle_asks_each_shared_question_once(qtbot: QtBot, tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    chosen = ["kaiban-jilin", "shuidianqi", "xiaowei"]
    case_id = ctx.repo.create_case(Applicant("一件事一次办"), [(c, ctx.catalog.checklists[c].version) for c in chosen],
                                   dt.date.today(), "", "", "t")
    view = CaseView(CaseService(ctx), case_id)
    qtbot.addWidget(view)
    asked = list(view.profile.questions)
    assert len(asked) == len(set(asked))
    for shared in ("region", "entity_type", "industry", "employees"):
        assert asked.count(shared) == 1
    assert {v.checklist_id for v in view.views} == set(chosen)
    _choose(view, "region", "长春市")
    assert all(v.missing.count("region") == 0 for v in view.views)  # one answer serves all three lists
    ctx.close()
