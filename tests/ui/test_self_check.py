"""企业自查: a 零售业 个体工商户 in 长春 (3 employees, 50 万元) sees its next steps and which benefits
apply, with reasons for the others; the export carries the profile to the clerk unchanged."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.ui.main_window import MainWindow
from desktop.ui.views.self_check import SelfCheckView

ANSWERS = {"region": "长春市", "entity_type": "个体工商户", "industry": "零售业"}


def _fill(qtbot: QtBot, view: SelfCheckView) -> None:
    assert view.profile is not None
    for qid, text in ANSWERS.items():
        combo = view.profile.editor(qid)
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findText(text))
    for qid, text in (("employees", "3"), ("revenue", "50")):
        edit = view.profile.editor(qid)
        assert isinstance(edit, QLineEdit)
        qtbot.keyClicks(edit, text)


def test_self_check_for_a_retail_household_in_changchun(qtbot: QtBot, tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    ctx.repo.set_setting("mode", "self")
    window = MainWindow(ctx, None)
    qtbot.addWidget(window)
    view = window.self_view
    assert view is not None and window.stack.currentWidget() is view
    assert not window.new_action.isVisible()  # clerk actions are hidden
    view.name.setText("某某便利店")
    view.name.editingFinished.emit()
    _fill(qtbot, view)
    check = view.check
    assert check.next_steps, "steps to do"
    assert check.benefits, "benefits that apply"
    assert check.benefits_not and all(v.reasons for v in check.benefits_not)
    titles = [v.item.title for v in check.benefits]
    assert any("不动产登记费" in t for t in titles)
    # a 长春-only benefit for 小微企业 with 书面承诺 does not apply to a 个体工商户: reason given
    text = view.report.toPlainText()
    assert "您需要办理的事项" in text and "您可以享受的政策" in text
    for v in check.benefits[:5] + check.next_steps[:5]:
        assert v.item.title in text
    for v in check.benefits_not[:5]:
        assert v.reasons[0] in text
    # nothing the owner typed is lost: a fresh app shows the same profile
    window.close()
    ctx.close()
    ctx2 = build_context(tmp_path / "data")
    window2 = MainWindow(ctx2, None)
    qtbot.addWidget(window2)
    view2 = window2.self_view
    assert view2 is not None
    assert view2.case.applicant.name == "某某便利店"
    assert view2.case.profile == {**ANSWERS, "employees": 3, "revenue": 50}
    ctx2.close()


def test_choosing_matters_changes_the_questions(qtbot: QtBot, tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    view = SelfCheckView(ctx)
    qtbot.addWidget(view)
    assert view.profile is not None and "industry" in view.profile.questions
    for i in range(view.lists.count()):
        row = view.lists.item(i)
        row.setCheckState(Qt.CheckState.Checked if row.data(Qt.ItemDataRole.UserRole) == "kaiban-jilin"
                          else Qt.CheckState.Unchecked)
    assert view.case.checklists == ["kaiban-jilin"]
    assert view.profile is not None and "industry" not in view.profile.questions
    assert ctx.repo.get_case(view.case_id).checklists == ["kaiban-jilin"]  # type: ignore[union-attr]
    ctx.close()
