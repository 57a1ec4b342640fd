"""Entry point: ``main(argv)`` dispatches headless commands, else starts the GUI (or the
``--startup-check``: full start, first paint, exit 0 and print the time taken).

Without a display the GUI is not attempted (Qt would abort the process): one Chinese line says so.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence

from desktop import cli

NO_DISPLAY = ("错误：没有可用的图形显示，无法打开窗口（未设置 DISPLAY / WAYLAND_DISPLAY）。"
              "命令行功能仍可使用，见 qingdan --help")


def has_display() -> bool:
    """Whether Qt can open a window here; offscreen and other explicit platforms count as one."""
    if sys.platform in ("win32", "darwin"):
        return True
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and not platform.startswith(("xcb", "wayland")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: Sequence[str] | None = None) -> int:
    started = time.perf_counter()
    for name in ("stdout", "stderr"):  # the windowed executable (qingdanw) has no console streams
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115  # lives as long as the process
    args = list(sys.argv[1:] if argv is None else argv)
    code = cli.run(args)
    if code is not None:
        return code
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    try:
        return run_gui(startup_check="--startup-check" in args, started=started)
    except Exception as exc:
        from desktop.logs import log_exception

        where = log_exception(exc, context="GUI start")
        told = f"，详情已写入 {where}" if where else ""
        print(f"错误：无法启动（{type(exc).__name__}）{told}", file=sys.stderr)
        return 70


def run_gui(startup_check: bool, started: float) -> int:
    # The Qt-free modules first: once PySide6 is loaded, its import hook reads the source of every module
    # imported after it (to look for ``from __feature__``), ~0.15 ms a module — the context alone is ~60.
    from desktop.context import build_context
    from desktop.core import privacy  # noqa: F401  # for the case list, Qt-free: before PySide6
    from desktop.core.errors import UserError
    from desktop.ui import strings as S

    from PySide6.QtCore import QEvent, QObject, QTimer  # isort: skip
    from PySide6.QtWidgets import QApplication, QMessageBox, QWidget  # isort: skip

    from desktop.ui import guard, theme
    from desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("qingdan")
    app.setApplicationDisplayName(S.APP_TITLE)
    translators = theme.install_translations(app)
    family = theme.load_cjk_family()
    from desktop import paths
    from desktop.store.lock import AlreadyRunning, hold_instance_lock

    def failed_start(exc: Exception) -> int:
        if startup_check:
            print(f"startup-check: 失败：{exc}", file=sys.stderr)
        else:
            QMessageBox.critical(None, S.APP_TITLE, S.STARTUP_ERROR.format(error=exc))
        return 1

    try:
        directory = paths.data_dir()
        instance = hold_instance_lock(directory)  # one window per data dir, held until the app quits
    except AlreadyRunning as exc:  # a window already runs here: bring it to the front instead
        if startup_check:
            print(f"startup-check: 失败：{exc}", file=sys.stderr)
            return 1
        from desktop.ui.single import ask_first_to_raise

        if not ask_first_to_raise(directory):
            QMessageBox.information(None, S.APP_TITLE, S.ALREADY_RUNNING.format(who=exc))
        return 0
    except UserError as exc:
        return failed_start(exc)
    try:
        ctx = build_context()
    except UserError as exc:
        return failed_start(exc)
    guard.set_data_dir(ctx.data_dir)
    guard.install_excepthook()
    theme.apply_font(app, family, ctx.repo.setting("font_size", "normal"))
    app.setStyleSheet(theme.STYLE)
    listening: list[QObject] = []  # the RaiseServer: a second start on this data dir brings us to the front

    def listen(window: QWidget | None = None) -> None:
        from desktop.ui.single import RaiseServer  # QtNetwork: not needed to show the first window

        if listening:
            listening[0].window = window  # type: ignore[attr-defined]
        else:
            listening.append(RaiseServer(directory, window))

    if not startup_check and not ctx.repo.setting("mode"):
        from desktop.ui.dialogs.mode_choice import choose_mode

        listen()  # the first-start question may stay up a while: a second start raises it
        ctx.repo.set_setting("mode", choose_mode())
    window = MainWindow(ctx, family)
    QTimer.singleShot(200, lambda: listen(window))  # after the first paint

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                window.removeEventFilter(self)
                QTimer.singleShot(0, app.quit)
            return False

    if startup_check:
        watcher = FirstPaint(window)
        window.installEventFilter(watcher)
        QTimer.singleShot(20000, lambda: app.exit(3))
    window.show()
    code = app.exec()
    ctx.close()
    del translators
    listening.clear()
    instance.release()
    if startup_check:
        elapsed = time.perf_counter() - started
        if code == 0:
            source = "已导入" if ctx.content_imported else "缓存"
            print(f"startup-check: ok {elapsed:.3f} s（{len(ctx.catalog.checklists)} 个清单，内容{source}，"
                  f"字体 {family or '系统默认'}）")
        else:
            print("startup-check: 失败：20 秒内未完成首次绘制", file=sys.stderr)
    return int(code)
