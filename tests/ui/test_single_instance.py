"""One window per data dir: a second start asks the first window to come to the front and quits."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from desktop.store.lock import INSTANCE, lock_dir
from desktop.ui.single import RaiseServer, ask_first_to_raise


def test_a_second_start_raises_the_first_window(qtbot: QtBot, tmp_path: Path) -> None:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    server = RaiseServer(tmp_path, window)
    server.setParent(window)
    assert ask_first_to_raise(tmp_path)
    qtbot.waitUntil(lambda: server.raised == 1, timeout=5000)
    assert not window.isMinimized()
    assert not ask_first_to_raise(tmp_path / "other")  # nobody listens for another data dir


def test_a_second_gui_process_on_the_same_data_dir_quits_and_the_first_keeps_running(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = [sys.executable, "-m", "desktop", "--data-dir", str(tmp_path)]
    (tmp_path).mkdir(exist_ok=True)
    first = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not (lock_dir(tmp_path) / INSTANCE).exists():  # the first start holds the data dir
            assert first.poll() is None, first.communicate()
            assert time.monotonic() < deadline, "the first window did not start"
            time.sleep(0.2)
        time.sleep(2.0)  # up and listening (a new data dir shows the first-start question: it is raised)
        second = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
        assert second.returncode == 0, second.stderr
        assert first.poll() is None  # the first window still runs
    finally:
        first.terminate()
        first.communicate(timeout=30)
