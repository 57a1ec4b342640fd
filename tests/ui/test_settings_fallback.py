"""An unknown stored ``mode`` (or font size) no longer stops the window from starting (issue 15): the
context replaces it with the default and tells the user."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.ui.main_window import MainWindow


def test_unknown_mode_falls_back_and_the_window_starts(qtbot: QtBot, tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    ctx.repo.set_setting("mode", "bogus")
    ctx.repo.set_setting("font_size", "enormous")
    ctx.close()
    ctx = build_context(tmp_path / "data")
    window = MainWindow(ctx, None)
    qtbot.addWidget(window)
    assert window.mode == "clerk"
    assert any("使用方式" in n and "bogus" in n for n in ctx.notices)
    assert "默认值" in window.statusBar().currentMessage()
    ctx.close()
