"""The clerk's note on one material at the counter (what was promised, what exactly is missing): typed in
the material's row, saved on Enter, audited, printed on the 补正通知, kept across a change of state and a
restart; no note while the material is 未核对; Tab goes from a material's state to its note."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.core.model import Applicant
from desktop.services.cases import NewCase
from desktop.services.guide import GuideService
from desktop.ui import guard
from desktop.ui import strings as S
from desktop.ui.main_window import MainWindow

GUIDES = Path(__file__).resolve().parents[1] / "fixtures" / "guide"
KEY = "kaiban-jilin/K05"
ID_CARD, PREMISES = "经营者身份证明（示例）", "经营场所使用证明（示例）"
NOTE = "示例：申请人承诺补交租赁合同原件"


@pytest.fixture(autouse=True)
def _silent_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard.report, "silent", True, raising=False)


def _window(qtbot: QtBot, data: Path) -> MainWindow:
    ctx = build_context(data)
    ctx.repo.set_setting("mode", "clerk")
    window = MainWindow(ctx, None)
    qtbot.addWidget(window)
    window.show()
    return window


def _open(window: MainWindow, case_id: str):  # type: ignore[no-untyped-def]
    window.open_case(case_id)
    view = window.case_view
    assert view is not None
    view.tabs.setCurrentIndex(1)
    view.select(KEY)
    return view


def test_a_note_on_a_material_is_saved_audited_printed_and_kept(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    window = _window(qtbot, data)
    guide = GuideService(window.ctx)
    guide.set_passphrase("示例口令-2026")
    guide.import_file(GUIDES / "guide-example.json")
    window.ctx.user = "示例窗口人员"
    case_id = window.cases.create(NewCase(Applicant("示例个体工商户"), ["kaiban-jilin"], dt.date.today(),
                                          "示例窗口人员", "示例窗口"))
    window.cases.answer(case_id, "region", "长春市")
    window.cases.answer(case_id, "entity_type", "个体工商户")
    window.resize(1280, 720)
    view = _open(window, case_id)
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
    view.tabs.setCurrentIndex(2)
    summary = view.summary
    summary.kind.setCurrentIndex(summary.kind.findData("correction"))
    pdf = tmp_path / "correction.pdf"
    summary.save_to(pdf)
    qtbot.waitUntil(lambda: summary.last_pdf == pdf, timeout=20000)
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(pdf).pages))
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
    view = _open(window, case_id)
    assert view.detail.materials.notes[PREMISES].text() == NOTE
    window.close()
    window.ctx.close()
