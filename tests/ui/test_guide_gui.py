"""The office's guide and the materials at the counter in the GUI, as the issue's "done when" asks: the
administrator (passphrase set on first use) enters a guide for one 开办 step with three materials; in a clerk
case one is received, one accepted on 容缺 with a 5-working-day 补正 period, one missing; the 一次性告知单
(rendered from the 汇总与打印 tab, read back from the PDF) lists exactly the two outstanding with place and
due date; after a restart everything is there; the audit log shows each change.  Also: the clerk cannot
edit without the passphrase, and a guide contradicting the law is refused in the GUI with the clause."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.core.guide import GuideMaterial
from desktop.core.model import Applicant
from desktop.core.workdays import due_date
from desktop.services.cases import NewCase
from desktop.services.guide import GuideService
from desktop.ui import guard, guide_actions
from desktop.ui import strings as S
from desktop.ui.dialogs.guide_editor import GuideEditor
from desktop.ui.dialogs.passphrase import PassphraseDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.views.case_view import CaseView
from tests.ui.test_accessibility import unnamed
from tests.ui.test_every_action import _mnemonics

GUIDES = Path(__file__).resolve().parents[1] / "fixtures" / "guide"
PASSPHRASE = "示例口令-2026"
KEY = "kaiban-jilin/K05"
ID_CARD, PREMISES, FORM = "经营者身份证明（示例）", "经营场所使用证明（示例）", "个体工商户登记申请书（示例）"
PLACE = "示例市政务服务中心一楼 示例 3 号窗口"


def answer_passphrase(text: str, again: str | None = None, cancel: bool = False) -> list[str]:
    """Fill the next passphrase dialog as a user would (typed, then 确定); returns what it said."""
    said: list[str] = []

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, PassphraseDialog):
            QTimer.singleShot(20, fill)
            return
        if cancel:
            dialog.reject()
            return
        dialog.first.setText(text)
        dialog.again.setText(text if again is None else again)
        if not dialog.try_accept():
            said.append(dialog.error.text())
            dialog.reject()

    QTimer.singleShot(0, fill)
    return said


def _window(qtbot: QtBot, data: Path) -> MainWindow:
    ctx = build_context(data)
    ctx.repo.set_setting("mode", "clerk")
    window = MainWindow(ctx, None)
    qtbot.addWidget(window)
    window.show()
    return window


def show_step(window: MainWindow, case_id: str) -> CaseView:
    """Open the case at the 办理事项 tab with the 开办 step of the 示例 guide selected."""
    window.open_case(case_id)
    view = window.case_view
    assert view is not None
    view.tabs.setCurrentIndex(1)
    view.select(KEY)
    return view


def open_counter_case(qtbot: QtBot, data: Path, received: dt.date = dt.date(2026, 11, 25),
                      ) -> tuple[MainWindow, CaseView, str]:
    """A window with the 示例 guide imported (passphrase set) and a 长春 个体工商户 case open at the step."""
    window = _window(qtbot, data)
    service = window.guide_ui.service
    service.set_passphrase(PASSPHRASE)
    service.import_file(GUIDES / "guide-example.json")
    case_id = window.cases.create(NewCase(Applicant("示例个体工商户"), ["kaiban-jilin"], received))
    window.cases.answer(case_id, "region", "长春市")
    window.cases.answer(case_id, "entity_type", "个体工商户")
    return window, show_step(window, case_id), case_id


def printed(qtbot: QtBot, view: CaseView, kind: str, pdf: Path) -> str:
    """Print ``kind`` from the 汇总与打印 tab as a clerk would (生成PDF) and read its text back, spaces removed."""
    view.tabs.setCurrentIndex(2)
    summary = view.summary
    summary.kind.setCurrentIndex(summary.kind.findData(kind))
    summary.save_to(pdf)
    qtbot.waitUntil(lambda: summary.last_pdf == pdf, timeout=20000)
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(pdf).pages))


@pytest.fixture(autouse=True)
def _silent_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard.report, "silent", True, raising=False)


def test_the_counter_with_the_office_guide_end_to_end(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    window = _window(qtbot, data)
    ctx = window.ctx
    ctx.user = "示例管理员"
    # -- the administrator: passphrase set on first use, then the form for one 开办 step ----------------
    answer_passphrase(PASSPHRASE)
    editor = guide_actions.edit_guide(window)
    assert isinstance(editor, GuideEditor) and window.guide_ui.service.admin
    assert window.guide_ui.admin_label.isVisible()
    qtbot.addWidget(editor)
    editor.select(KEY)
    assert editor.key == KEY
    editor.office.setText("示例市政务服务中心（示例）")
    editor.title.setText("示例市政务服务中心办事指南（示例）")
    editor.number.setText("示例-2026-1")
    editor.date.setText("2026-03-01")
    editor.place.setText(PLACE)
    editor.hours.setText("工作日 9:00—17:00（示例）")
    editor.phone.setText("0000-0000000")
    editor.fee.setText("不收费")
    editor.defer.setValue(5)
    for m in (GuideMaterial(ID_CARD, "原件", 1), GuideMaterial(PREMISES, "复印件", 1, deferrable=True),
              GuideMaterial(FORM, "原件", 1)):
        editor.set_material(editor.add_material(), m)
    assert editor.save(), editor.findings.text()
    assert S.GUIDE_HAS_ENTRY in editor.items.currentItem().text()
    assert editor.history.count() == 1 and "示例管理员" in editor.history.item(0).text()
    editor.close()
    guide_actions.leave_admin(window)
    assert not window.guide_ui.service.admin
    # -- the clerk: a 长春 个体工商户 case, material by material ------------------------------------------
    ctx.user = "示例窗口人员"
    case_id = window.cases.create(NewCase(Applicant("示例个体工商户"), ["kaiban-jilin"], dt.date.today(),
                                          "示例窗口人员", "示例窗口"))
    window.cases.answer(case_id, "region", "长春市")
    window.cases.answer(case_id, "entity_type", "个体工商户")
    window.open_case(case_id)
    view = window.case_view
    assert view is not None
    view.tabs.setCurrentIndex(1)
    view.select(KEY)
    panel = view.detail.materials
    assert panel.isVisible() and panel.names == [ID_CARD, PREMISES, FORM]
    assert "本中心办事指南（示例市政务服务中心办事指南（示例），示例-2026-1，2026-03-01）" in view.detail.browser.toPlainText()
    combo = panel.combos[PREMISES]
    combo.setFocus()
    panel.choose(ID_CARD, "received", "原件")
    panel.choose(PREMISES, "deferred")
    panel.choose(FORM, "missing")
    assert panel.combos[PREMISES] is combo  # updated in place: the keyboard focus stays where it was
    due = due_date(dt.date.today(), 5, "工作日", ctx.calendar).due.isoformat()
    assert panel.dues[PREMISES].text() == S.MATERIAL_DUE.format(due=due)
    assert view.snap.next_due is not None and view.snap.next_due.isoformat() == due
    assert view.steps.row_texts()[KEY].endswith(f"材料：缺 1 项，容缺待补正 1 项（{due} 前）")
    # -- the 一次性告知单 from the 汇总与打印 tab, read back --------------------------------------------------
    text = printed(qtbot, view, "notice", tmp_path / "notice.pdf")
    block = text[text.index("仍需提交材料的事项"):text.index("其他待办事项")]
    assert re.findall(r"\d\.[^\d（]*（示例）", block.split("尚需材料")[1].split("办理方式")[0]) == \
        [f"1.{PREMISES}", f"2.{FORM}"]
    assert f"容缺受理，请于{due}前补正" in block and "——缺" in block and ID_CARD not in text
    assert PLACE.replace(" ", "") in block
    # -- a restart: everything is there ------------------------------------------------------------------
    window.close()
    ctx.close()
    window = _window(qtbot, data)
    window.open_case(case_id)
    view = window.case_view
    assert view is not None
    view.tabs.setCurrentIndex(1)
    view.select(KEY)
    panel = view.detail.materials
    assert [panel.combos[n].currentText() for n in (ID_CARD, PREMISES, FORM)] == ["已收（原件）", "容缺受理", "缺"]
    assert panel.dues[PREMISES].text() == S.MATERIAL_DUE.format(due=due)
    entry = GuideService(window.ctx).entry(KEY)
    assert entry is not None and entry.place == PLACE and entry.defer_days == 5 and len(entry.materials) == 3
    assert next(r for r in window.ctx.repo.list_cases() if r.id == case_id).next_due == due
    # -- the audit log shows each change -----------------------------------------------------------------
    view.tabs.setCurrentIndex(3)
    QApplication.processEvents()
    rows = [(line.who, line.action, line.target, line.new) for line in view.audit.lines if line.action == "材料情况"]
    assert [(who, target.split("：")[-1], new) for who, _a, target, new in rows] == [
        ("示例窗口人员", f"材料“{ID_CARD}”", "已收（原件）"),
        ("示例窗口人员", f"材料“{PREMISES}”", f"容缺受理，补正期限 {due}"),
        ("示例窗口人员", f"材料“{FORM}”", "缺"),
    ]
    history = GuideService(window.ctx).history(KEY)
    assert [(v.version, v.action, v.entered_by) for v in history] == [(1, "save", "示例管理员")]
    window.close()
    window.ctx.close()


def test_the_clerk_cannot_edit_the_guide_without_the_passphrase(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path / "data")
    GuideService(window.ctx).set_passphrase(PASSPHRASE)  # set earlier by the administrator
    said = answer_passphrase("不是这个口令")
    assert guide_actions.edit_guide(window) is None
    assert said == ["管理员口令不正确"] and not window.guide_ui.service.admin
    answer_passphrase("", cancel=True)
    guide_actions.choose_guide(window)  # import asks first too: cancelled, nothing opened
    assert GuideService(window.ctx).current() == {}
    answer_passphrase(PASSPHRASE)
    editor = guide_actions.edit_guide(window)
    assert editor is not None
    qtbot.addWidget(editor)
    editor.close()
    window.close()
    window.ctx.close()


def test_first_use_needs_the_passphrase_twice_and_long_enough(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path / "data")
    said = answer_passphrase("示例口令-1", again="示例口令-2")
    assert not guide_actions.enter_admin(window) and said == [S.ADMIN_MISMATCH]
    said = answer_passphrase("12345")
    assert not guide_actions.enter_admin(window) and said == ["口令至少 6 个字符"]
    assert window.ctx.repo.setting("admin_passphrase") == ""
    window.close()
    window.ctx.close()


def test_the_gui_refuses_what_contradicts_the_law_naming_the_item_and_the_clause(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path / "data")
    answer_passphrase(PASSPHRASE)
    editor = guide_actions.edit_guide(window)
    assert editor is not None
    qtbot.addWidget(editor)
    editor.select("kaiban-jilin/K31")
    editor.title.setText("示例指南")
    editor.date.setText("2026-03-01")
    editor.office.setText("示例中心")
    editor.fee.setText("示例工本费 20 元")
    editor.fee.textEdited.emit(editor.fee.text())  # as typed (setText alone is not an edit)
    assert not editor.save()
    assert ("kaiban-jilin/K31 企业开办全免费办理（吉林省年度实施方案）：收费“示例工本费 20 元”与依据不符——"
            "吉政办发〔2021〕17号 一、2.“鼓励各地区全面推行企业开办全免费服务”") in editor.findings.text()
    assert guard.report.last.startswith("kaiban-jilin/K31 企业开办全免费办理")  # type: ignore[attr-defined]
    asked: list[str] = []
    QTimer.singleShot(0, lambda: (asked.append(QApplication.activeModalWidget().windowTitle()),  # type: ignore[union-attr]
                                  QApplication.activeModalWidget().reject()))  # type: ignore[union-attr]
    editor.reject()  # 关闭 with the refused entry still typed: asked first, and kept on 否
    assert asked == [S.GUIDE_EDITOR_TITLE] and editor.isVisible() and editor.fee.text() == "示例工本费 20 元"
    editor.dirty = False
    editor.close()
    for fixture, words in (("guide-fee.json", "吉政办发〔2021〕17号 一、2."),
                           ("guide-promise.json", "承诺时限 7 个工作日超过法定时限 5个工作日")):
        message = guide_actions.import_guide(window, GUIDES / fixture)
        assert message.startswith("办事指南未导入（未做任何改动），有 1 处") and f"{fixture}: " in message and words in message
    assert GuideService(window.ctx).current() == {}
    assert guide_actions.import_guide(window, GUIDES / "guide-example.json").startswith("已导入 2 项")
    window.close()
    window.ctx.close()


def test_the_new_dialogs_and_the_material_controls_are_named(qtbot: QtBot, tmp_path: Path) -> None:
    window, view, _case_id = open_counter_case(qtbot, tmp_path / "data")
    service = window.guide_ui.service
    for setting in (True, False):
        dialog = PassphraseDialog(setting, lambda _t: None, window)
        qtbot.addWidget(dialog)
        dialog.show()
        assert unnamed(dialog) == []
        keys = _mnemonics(dialog)
        assert len(keys) == len(set(keys)), keys
        dialog.close()
    editor = GuideEditor(service, window.ctx.catalog, window, KEY)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.table.rowCount() == 3
    assert unnamed(editor) == []
    keys = _mnemonics(editor)
    assert len(keys) == len(set(keys)) and len(keys) >= 12, keys
    editor.close()
    QApplication.processEvents()
    assert view.detail.materials.isVisible() and unnamed(window) == []
    window.close()
    window.ctx.close()


def test_the_material_choices_follow_the_step_text_with_tab(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    window, view, _case_id = open_counter_case(qtbot, tmp_path / "data")
    view.detail.browser.setFocus()
    QApplication.processEvents()
    seen = []
    for _ in range(4):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget().accessibleName())
    assert seen == [S.A11Y_MATERIAL.format(name=n) for n in (ID_CARD, PREMISES, FORM)] + [
        S.A11Y_MARK.format(status=S.STATUS_LABELS["done"])]
    window.close()
    window.ctx.close()


def test_the_administrator_changes_the_passphrase_from_the_menu(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot, tmp_path / "data")
    GuideService(window.ctx).set_passphrase(PASSPHRASE)  # set earlier by the administrator
    before = window.ctx.repo.setting("admin_passphrase")
    action = next(a for a in window.guide_ui.menu.actions() if a.text() == S.ADMIN_CHANGE)
    said = answer_passphrase("不是这个口令")  # the mode is entered first: a wrong passphrase changes nothing
    action.trigger()
    assert said == ["管理员口令不正确"] and window.ctx.repo.setting("admin_passphrase") == before
    answer_passphrase(PASSPHRASE)  # now the right one …
    QTimer.singleShot(50, lambda: answer_passphrase("新的示例口令-2027", again="不一致"))  # … a mismatch: nothing
    assert not guide_actions.change_passphrase(window)
    assert window.ctx.repo.setting("admin_passphrase") == before and window.guide_ui.admin
    answer_passphrase("新的示例口令-2027")  # in the mode already: straight to the new one
    assert guide_actions.change_passphrase(window)
    stored = window.ctx.repo.setting("admin_passphrase")
    assert stored != before and "新的示例口令" not in stored
    guide_actions.leave_admin(window)
    said = answer_passphrase(PASSPHRASE)  # the old one no longer opens the mode
    assert not guide_actions.enter_admin(window) and said == ["管理员口令不正确"]
    answer_passphrase("新的示例口令-2027")
    assert guide_actions.enter_admin(window)
    window.close()
    window.ctx.close()
