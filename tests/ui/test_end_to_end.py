"""A whole case through the GUI — new case → answers → steps marked with notes → PDF written — then a
fresh app on the same data dir finds every state and note preserved."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.ui.dialogs.new_case import NewCaseDialog
from desktop.ui.main_window import MainWindow
from tests.ui.gui import choose as _choose
from tests.ui.gui import select as _select


def test_whole_case_through_the_gui_survives_a_restart(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    ctx = build_context(data)
    window = MainWindow(ctx, None)
    qtbot.addWidget(window)
    window.show()

    dialog = NewCaseDialog(ctx.catalog, "", "", window)
    qtbot.addWidget(dialog)
    dialog.name.setText("长春市某某科技有限公司")
    dialog.id_number.setText("91220101MA17XXXX0X")
    assert dialog.id_override.isVisible() or not dialog.id_status.text().startswith("✓")
    dialog.id_number.setText("")  # a valid case may leave the number for later
    dialog.contact.setText("王五")
    dialog.phone.setText("13800000000")
    dialog.clerk.setText("李四")
    dialog.office.setText("长春市政务服务中心 3 号窗口")
    for i in range(dialog.lists.count()):
        row = dialog.lists.item(i)
        row.setCheckState(Qt.CheckState.Checked if row.data(Qt.ItemDataRole.UserRole) == "kaiban-jilin"
                          else Qt.CheckState.Unchecked)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    case_id = window.create_case(dialog)
    view = window.case_view
    assert view is not None and view.case.id == case_id

    # profile answers, saved at once
    _choose(view.profile.editor("entity_type"), "有限责任公司")
    _choose(view.profile.editor("region"), "长春市")
    assert ctx.repo.get_case(case_id).profile["region"] == "长春市"  # type: ignore[union-attr]

    # steps: the applicable ones show their basis; mark two and write notes
    view.tabs.setCurrentIndex(1)
    applicable = [v for v in view.views if v.applies and v.item.kind == "step"]
    assert len(applicable) >= 2
    first, second = applicable[0], applicable[1]
    _select(view, first.key)
    html = view.detail.browser.toPlainText()
    basis = first.item.basis[0]
    src = ctx.catalog.sources[basis.source]
    assert src.wenhao in html and basis.article in html
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    view.steps.setFocus()
    qtbot.keyClick(view.steps, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)  # 已完成
    assert view.detail.buttons["done"].isChecked()
    view.detail.note.setPlainText("材料已核验：营业执照 <原件> & 公章")
    _select(view, second.key)  # switching items saves the note at once
    view.detail.set_status("waived")
    view.detail.note.setPlainText("申请人书面承诺")
    view.detail.flush_note()

    states = ctx.repo.get_case(case_id).states  # type: ignore[union-attr]
    assert states[first.key].status == "done"
    assert states[first.key].note == "材料已核验：营业执照 <原件> & 公章"
    assert states[second.key].status == "waived"
    assert "1/" not in view.bar.format() or view.bar.value() == 2

    # summary: write the PDF, then check its text
    view.tabs.setCurrentIndex(2)
    out = tmp_path / "清单.pdf"
    view.summary.save_to(out)
    qtbot.waitUntil(lambda: out.exists() and view.summary.pdf_button.isEnabled(), timeout=20000)
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "长春市某某科技有限公司" in text
    assert first.item.title[:8] in text
    assert case_id in text

    window.close()
    ctx.close()

    # a fresh app on the same data dir
    ctx2 = build_context(data)
    assert not ctx2.content_imported
    window2 = MainWindow(ctx2, None)
    qtbot.addWidget(window2)
    assert window2.case_list.model.rows[0].id == case_id
    window2.open_case(case_id)
    view2 = window2.case_view
    assert view2 is not None
    assert view2.case.profile == {"entity_type": "有限责任公司", "region": "长春市"}
    by_key = {v.key: v for v in view2.views}
    assert by_key[first.key].state.status == "done"
    assert by_key[first.key].state.note == "材料已核验：营业执照 <原件> & 公章"
    assert by_key[second.key].state.status == "waived"
    assert by_key[second.key].state.note == "申请人书面承诺"
    assert view2.bar.value() == 2
    window2.close()
    ctx2.close()
