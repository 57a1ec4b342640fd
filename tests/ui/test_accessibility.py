"""Screen readers (NVDA / 争渡 through Qt's accessibility bridge, Orca through AT-SPI) announce every focusable
control by what it is for: walking every window and dialog of both modes finds no focusable widget whose
accessible name (as Qt's bridge computes it: explicit name, buddy label, button text …) is empty, and no
combo box, spin box or date field named only by its current value."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.core.model import Applicant
from desktop.core.versions import diff_checklists
from desktop.services.cases import CaseService, NewCase
from desktop.ui.dialogs.new_case import NewCaseDialog
from desktop.ui.dialogs.update_content import UpdateContentDialog
from desktop.ui.main_window import MODE_SELF, MainWindow
from tests.ui.gui import unnamed


def test_every_focusable_control_has_a_name(qtbot: QtBot, tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    service = CaseService(ctx)
    case_id = service.create(NewCase(Applicant("示例：某某有限公司"), ["kaiban-jilin", "xiaowei"], dt.date(2026, 11, 25)))
    service.answer(case_id, "region", "长春市")
    window = MainWindow(ctx, None)
    qtbot.addWidget(window)
    window.show()
    problems = {"case list": unnamed(window)}
    window.open_case(case_id)
    view = window.case_view
    assert view is not None
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        problems[view.tabs.tabText(index)] = unnamed(window)
    dialog = NewCaseDialog(ctx.catalog, "", "", window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.id_number.setText("123")  # the override check box shows
    problems["新建办理"] = unnamed(dialog)
    kaiban = ctx.catalog.checklists["kaiban-jilin"]
    update = UpdateContentDialog([diff_checklists(kaiban, kaiban)], {kaiban.id: kaiban.title}, window)
    qtbot.addWidget(update)
    update.show()
    problems["更新到最新版本"] = unnamed(update)
    dialog.close()
    update.close()
    window.set_mode(MODE_SELF)
    QApplication.processEvents()
    problems["企业自查"] = unnamed(window)
    assert {k: v for k, v in problems.items() if v} == {}
    ctx.close()
