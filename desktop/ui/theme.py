"""Fonts and look: an explicitly chosen CJK font (the bundled WenQuanYi Micro Hei first, so rendering
never depends on fontconfig's fallback), the 标准/大 字号 setting, and Qt's own Chinese translations."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop import paths

FONT_SIZES = {"normal": 11.0, "large": 15.0}
# Tried in order when the bundled font cannot be loaded.
SYSTEM_FAMILIES = ("Microsoft YaHei", "微软雅黑", "SimSun", "宋体", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                   "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC")


def load_cjk_family() -> str | None:
    """Register the bundled CJK font; return the family to use, or None when none is available."""
    for path in sorted(paths.resource_path("fonts").glob("*.tt[cf]")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            return families[0]
    available = set(QFontDatabase.families())
    return next((f for f in SYSTEM_FAMILIES if f in available), None)


def apply_font(app: QApplication, family: str | None, size_key: str) -> None:
    font = QFont(family) if family else app.font()
    font.setPointSizeF(FONT_SIZES.get(size_key, FONT_SIZES["normal"]))
    app.setFont(font)
    for widget in app.allWidgets():
        widget.setFont(font)


def install_translations(app: QApplication) -> list[QTranslator]:
    """Standard dialogs and buttons in Chinese: Qt's own zh_CN catalogue when the installation has one,
    and the app's translator (:mod:`desktop.ui.qt_zh`) for the words PySide6-Essentials leaves English."""
    from desktop.ui.qt_zh import ChineseQtTranslator

    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    kept: list[QTranslator] = [ChineseQtTranslator(app)]
    app.installTranslator(kept[0])
    directory = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, directory) and not translator.isEmpty():
            app.installTranslator(translator)  # installed last, asked first
            kept.append(translator)
    return kept


STYLE = """
QListWidget::item { padding: 4px; }
QTextBrowser { background: palette(base); }
QLabel#caseHeader { font-weight: bold; }
QLabel#sizeResult { color: #1d4f91; }
QLabel#savedIndicator { color: #2e7d32; }
QLabel#helpText { color: #4d4d4d; }
QLabel#closedBanner { color: #7a4d00; background: #fff4d6; padding: 4px; }
"""
