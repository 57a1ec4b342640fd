"""Counter traps, tried as a clerk would: the wheel and arrow keys never write a profile answer on the way,
新建办理 ticks nothing, 办结 with open steps asks first and a closed case is read-only, Alt+digit switches
tabs everywhere, Esc leaves the note, Enter opens a single match, Qt's own dialogs and titles are Chinese,
and the 办理记录 tab is plain Chinese."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.context import AppContext, build_context
from desktop.core.model import Applicant
from desktop.services.cases import CaseService, NewCase
from desktop.ui import strings as S
from desktop.ui.dialogs.files import make_dialog
from desktop.ui.dialogs.new_case import NewCaseDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.views.case_view import CaseView
from desktop.ui.widgets import plain
from tests.ui.gui import choose

ENGLISH = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def ctx(tmp_path: Path) -> AppContext:
    c = build_context(tmp_path / "data")
    yield c  # type: ignore[misc]
    c.close()


def _view(qtbot: QtBot, ctx: AppContext, answered: bool = True) -> CaseView:
    service = CaseService(ctx)
    case_id = service.create(NewCase(Applicant("示例：某某有限公司"), ["kaiban-jilin", "xiaowei"], dt.date(2026, 11, 25)))
    if answered:
        service.answer(case_id, "region", "长春市")
        service.answer(case_id, "entity_type", "有限责任公司")
    view = CaseView(service, case_id)
    qtbot.addWidget(view)
    view.show()
    return view


def _wheel(widget: QWidget) -> None:
    event = QWheelEvent(QPointF(5, 5), QPointF(widget.mapToGlobal(QPoint(5, 5))), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_wheel_and_arrow_keys_never_write_an_answer(qtbot: QtBot, ctx: AppContext) -> None:
    view = _view(qtbot, ctx)
    combo = view.profile.editor("industry")
    assert isinstance(combo, QComboBox)
    entries = len(ctx.repo.audit_log(view.case.id))
    for _ in range(3):
        _wheel(combo)  # unfocused: scrolls the form, never the answer
    combo.setFocus()
    _wheel(combo)  # even focused, an answer combo ignores the wheel
    assert combo.currentIndex() == 0 and len(ctx.repo.audit_log(view.case.id)) == entries
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # opens the list instead of stepping through values
    assert combo.currentIndex() == 0 and len(ctx.repo.audit_log(view.case.id)) == entries
    combo.hidePopup()
    choose(combo, "零售业")  # a choice made: saved once
    assert len(ctx.repo.audit_log(view.case.id)) == entries + 1
    # any other combo or date field without focus ignores the wheel too: the case list's filters
    from desktop.ui.views.case_list import CaseListView

    listing = CaseListView(ctx)
    qtbot.addWidget(listing)
    before = (listing.date_from.date(), listing.status.currentIndex(), listing.checklist.currentIndex())
    for widget in (listing.date_from, listing.status, listing.checklist):
        _wheel(widget)
    assert (listing.date_from.date(), listing.status.currentIndex(), listing.checklist.currentIndex()) == before


def test_new_case_ticks_nothing(qtbot: QtBot, ctx: AppContext) -> None:
    dialog = NewCaseDialog(ctx.catalog, "", "")
    qtbot.addWidget(dialog)
    assert dialog.chosen() == []
    dialog.name.setText("示例：某某有限公司")
    dialog.accept()
    assert dialog.error.text() == S.NEED_CHECKLIST


def test_closing_with_open_steps_asks_and_a_closed_case_is_read_only(qtbot: QtBot, ctx: AppContext,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    view = _view(qtbot, ctx)
    open_steps = view.snap.open_steps()
    assert open_steps
    asked: list[str] = []

    def answer(reply: QMessageBox.StandardButton):  # type: ignore[no-untyped-def]
        def exec_(box: QMessageBox) -> int:
            asked.append(box.text())
            return int(reply.value)
        return exec_

    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.No))
    assert not view.toggle_closed()
    assert ctx.repo.case_status(view.case.id) == "open"
    assert f"还有 {len(open_steps)} 项" in asked[0] and open_steps[0].title in asked[0]
    monkeypatch.setattr(QMessageBox, "exec", answer(QMessageBox.StandardButton.Yes))
    assert view.toggle_closed()
    assert ctx.repo.case_status(view.case.id) == "closed"
    # read-only until 重新打开
    assert view.closed_banner.isVisible() and view.close_button.text() == S.REOPEN_CASE
    view.select(open_steps[0].key)
    assert not any(b.isEnabled() for b in view.detail.buttons.values()) and view.detail.note.isReadOnly()
    assert not view.profile.editor("region").isEnabled()
    view.detail.set_status("done")
    assert ctx.repo.get_case(view.case.id).state(*open_steps[0].key.split("/")).status == "pending"  # type: ignore[union-attr]
    assert view.toggle_closed() and ctx.repo.case_status(view.case.id) == "open"
    assert all(b.isEnabled() for b in view.detail.buttons.values())


def test_alt_digit_switches_tabs_from_the_profile_and_esc_leaves_the_note(qtbot: QtBot, ctx: AppContext) -> None:
    view = _view(qtbot, ctx, answered=False)
    assert view.tabs.currentIndex() == 0  # unanswered: 基本情况 first
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.profile.editor("region").setFocus()
    qtbot.keyClick(view.profile.editor("region"), Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert view.tabs.currentIndex() == 1
    for label in view.profile.findChildren(QLabel):  # no question label takes an Alt+digit mnemonic
        assert not re.search(r"&\d", label.text()), label.text()
    view.detail.note.setFocus()
    qtbot.keyClick(view.detail.note, Qt.Key.Key_Escape)
    assert view.steps.hasFocus()


def test_enter_in_the_filter_opens_a_single_match(qtbot: QtBot, ctx: AppContext) -> None:
    service = CaseService(ctx)
    for name in ("示例：甲餐饮有限公司", "示例：乙商店", "示例：乙超市"):
        service.create(NewCase(Applicant(name), ["kaiban-jilin"], dt.date(2026, 11, 25)))
    window = MainWindow(ctx, None)
    qtbot.addWidget(window)
    window.case_list.filter.setText("甲餐饮")
    qtbot.keyClick(window.case_list.filter, Qt.Key.Key_Return)
    assert window.case_view is not None and window.case_view.case.applicant.name == "示例：甲餐饮有限公司"
    window.show_list()
    window.case_list.filter.setText("示例：乙")
    qtbot.keyClick(window.case_list.filter, Qt.Key.Key_Return)  # two matches: to the list, first selected
    assert window.case_view is None and len(window.case_list.model.rows) == 2
    assert window.case_list.table.currentIndex().row() == 0


def test_qt_dialogs_and_titles_speak_chinese(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.ui.theme import install_translations

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translations(app)
    try:
        for save in (False, True):
            dialog = make_dialog(None, S.EXPORT_ONE, tmp_path, S.CASE_FILE_FILTER, save)
            qtbot.addWidget(dialog)
            dialog.show()
            assert "&" not in dialog.windowTitle() and "(" not in dialog.windowTitle()
            shown = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton)
                     if w.isVisible() and w.text()]
            shown += [c.itemText(i) for c in dialog.findChildren(QComboBox) for i in range(c.count())]
            words = [t for t in shown if not t.startswith(("/", str(Path.home())))]  # folder paths are data
            english = [t for t in words if ENGLISH.search(t.replace("PDF", "").replace("json", ""))]
            assert not english, english
            assert any("文件名" in t for t in shown) and any("文件类型" in t for t in shown)
            dialog.close()
        box = QMessageBox(QMessageBox.Icon.Question, "t", "x",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel)
        qtbot.addWidget(box)
        box.show()
        assert sorted(b.text() for b in box.buttons()) == sorted(["是(&Y)", "否(&N)", "取消"])
    finally:
        for t in translators:
            app.removeTranslator(t)
    for title in (S.EXPORT_ONE, S.MAKE_PDF, S.IMPORT_CASES, S.SELF_EXPORT):
        assert "&" not in plain(title)


def test_the_audit_tab_is_plain_chinese(qtbot: QtBot, ctx: AppContext) -> None:
    view = _view(qtbot, ctx)
    key = view.snap.open_steps()[0].key
    view.select(key)
    view.set_current_status("done")
    view.service.answer(view.case.id, "has_employees", True)
    view.tabs.setCurrentWidget(view.audit)
    table = view.audit.table
    cells = [table.item(r, c).text() for r in range(table.rowCount()) for c in range(1, table.columnCount())]
    assert cells
    for text in cells:  # no codes: checklists, true, kaiban-jilin/K14, item_status …
        assert not re.search(r"[a-z]{3,}|/[A-Z]\d", text), text
    title = view.snap.items[key].title
    assert any(title in t for t in cells) and "是" in cells and "已完成" in cells
