"""The clerk's note on one material at the counter (what was promised, what exactly is missing): typed in
the material's row, saved on Enter, audited, printed on the 补正通知, kept across a change of state and a
restart; no note while the material is 未核对; Tab goes from a material's state to its note."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui import strings as S
from tests.ui.test_guide_gui import (
    ID_CARD,
    KEY,
    PREMISES,
    _silent_errors,
    _window,
    open_counter_case,
    printed,
    show_step,
)

_ = _silent_errors  # autouse: a bug in a write fails the test instead of a message box
NOTE = "示例：申请人承诺补交租赁合同原件"


def test_a_note_on_a_material_is_saved_audited_printed_and_kept(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    window, view, case_id = open_counter_case(qtbot, data, dt.date.today())
    window.resize(1280, 720)
    panel = view.detail.materials
    QApplication.processEvents()
    for n in panel.names:  # each row: the material, its state, its note — side by side, none over another
        cell, box, note = panel.dues[n].parentWidget().geometry(), panel.combos[n].geometry(), panel.notes[n].geometry()
        assert cell.right() < box.left() and box.right() < note.left(), n
        assert box.width() >= panel.combos[n].sizeHint().width() and note.width() >= 120, n
    assert not panel.notes[PREMISES].isEnabled()  # 未核对: nothing to note yet
    assert panel.notes[PREMISES].accessibleName() == S.A11Y_MATERIAL_NOTE.format(name=PREMISES)
    chain = panel.focus_chain()
    assert chain.index(panel.notes[ID_CARD]) == chain.index(panel.combos[ID_CARD]) + 1
    assert panel.combos[PREMISES].nextInFocusChain() is panel.notes[PREMISES]  # Tab: its state, then its note
    panel.choose(PREMISES, "deferred")
    field = panel.notes[PREMISES]
    assert field.isEnabled()
    field.setFocus()
    panel.note(PREMISES, NOTE)  # typed, then Enter
    panel.note(PREMISES, NOTE)  # Enter again, and leaving the field: no second write
    assert view.snap.items[KEY].counter[1].note == NOTE
    assert panel.notes[PREMISES] is field and field.text() == NOTE
    # -- a change of state keeps it ----------------------------------------------------------------------
    panel.choose(PREMISES, "received", "复印件")
    assert window.cases.open(case_id).items[KEY].counter[1].note == NOTE
    panel.choose(PREMISES, "deferred")
    # -- the 补正通知 prints it ----------------------------------------------------------------------------
    text = printed(qtbot, view, "correction", tmp_path / "correction.pdf")
    assert PREMISES in text and NOTE in text
    # -- the audit log: the note is its own entry --------------------------------------------------------
    view.tabs.setCurrentIndex(3)
    QApplication.processEvents()
    news = [line.new for line in view.audit.lines if line.action == "材料情况" and PREMISES in line.target]
    assert [new.split("，")[0].split("；")[0] for new in news] == ["容缺受理", "容缺受理", "已收（复印件）", "容缺受理"]
    assert [new.endswith(f"；备注：{NOTE}") for new in news] == [False, True, True, True]  # the note, then kept
    # -- a restart: the note is there --------------------------------------------------------------------
    window.close()
    window.ctx.close()
    window = _window(qtbot, data)
    view = show_step(window, case_id)
    assert view.detail.materials.notes[PREMISES].text() == NOTE
    window.close()
    window.ctx.close()
