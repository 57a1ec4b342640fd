"""The screen fits the work at 1280×720, in 大字号 too: a step title the list cannot show in full carries it
in its tooltip; the splitter width survives a restart; the self-check needs no horizontal scrolling and
does not jump while questions are answered; the help under a question is readable (contrast ≥ 4.5:1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.core.model import Applicant
from desktop.services.cases import CaseService, NewCase
from desktop.ui import theme
from desktop.ui.main_window import MODE_SELF, MainWindow
from tests.ui.gui import choose

ALL = ["kaiban-jilin", "shuidianqi", "xiaowei"]


def _large(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_font(app, theme.load_cjk_family(), "large")
    app.setStyleSheet(theme.STYLE)


def _normal() -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_font(app, theme.load_cjk_family(), "normal")


def test_step_titles_are_whole_or_in_the_tooltip_and_the_splitter_is_remembered(qtbot: QtBot, tmp_path: Path) -> None:
    data = tmp_path / "data"
    ctx = build_context(data)
    service = CaseService(ctx)
    case_id = service.create(NewCase(Applicant("示例：某某有限公司"), ALL, dt.date(2026, 11, 25)))
    service.answer(case_id, "region", "长春市")
    service.answer(case_id, "entity_type", "有限责任公司")
    _large(qtbot)
    try:
        window = MainWindow(ctx, None)
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        window.open_case(case_id)
        view = window.case_view
        assert view is not None
        view.tabs.setCurrentIndex(1)
        QApplication.processEvents()
        tree = view.steps
        cut = 0
        for key, row in tree.rows.items():
            index = tree.indexFromItem(row)
            rect = tree.visualRect(index)
            first = row.text(0).split("\n")[0]
            title = view.snap.items[key].title
            if rect.isValid() and QFontMetrics(tree.font()).horizontalAdvance(first) > rect.width():
                cut += 1
            assert title in row.toolTip(0), key  # whole or not, the full title is on hover
        assert cut > 0, "in 大字号 at 1280×720 some titles wrap or elide — and each carries its tooltip"
        view.split.setSizes([700, 580])
        wide = view.split.sizes()[0]
        window.close()
        ctx.close()

        ctx2 = build_context(data)
        window2 = MainWindow(ctx2, None)
        qtbot.addWidget(window2)
        window2.resize(1280, 720)
        window2.show()
        window2.open_case(case_id)
        assert window2.case_view is not None
        assert abs(window2.case_view.split.sizes()[0] - wide) <= 2
        assert abs(window2.width() - 1280) <= 2 and abs(window2.height() - 720) <= 2  # geometry remembered
        window2.close()
        ctx2.close()
    finally:
        _normal()


def test_the_self_check_fits_1280x720_in_large_type_and_does_not_jump(qtbot: QtBot, tmp_path: Path) -> None:
    ctx = build_context(tmp_path / "data")
    ctx.repo.set_setting("mode", MODE_SELF)
    _large(qtbot)
    try:
        window = MainWindow(ctx, None)
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        view = window.self_view
        assert view is not None and view.profile is not None
        QApplication.processEvents()
        assert not view.profile.questions_area.horizontalScrollBar().isVisible()
        assert not view.report.horizontalScrollBar().isVisible()
        for area in (view.profile.questions_area,):
            inner = area.widget()
            assert inner is not None and inner.width() <= area.viewport().width()
        choose(view.profile.editor("region"), "长春市")
        bar = view.report.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)
        before = bar.value()
        choose(view.profile.editor("entity_type"), "个体工商户")  # answering keeps the reader's place
        assert before > 0 and abs(bar.value() - before) <= bar.pageStep()
        for hint in view.profile.findChildren(QLabel, "helpText"):
            assert _contrast(hint.palette().color(hint.foregroundRole()), QColor("#ffffff")) >= 4.5
        window.close()
    finally:
        _normal()
        ctx.close()


def _contrast(a: QColor, b: QColor) -> float:
    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
