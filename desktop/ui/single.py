"""One GUI per data dir: the first window holds the data dir's instance lock (desktop/store/lock.py) and
listens on a local socket named after the data dir; a second start finds the lock taken, asks the first
window to come to the front through that socket, and quits."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QWidget

RAISE = b"raise\n"


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"qingdan-{digest}"


def ask_first_to_raise(data_dir: Path, timeout_ms: int = 1500) -> bool:
    """Tell the running window to come to the front; False when it cannot be reached."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(RAISE)
    ok = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return ok


class RaiseServer(QObject):
    """Listens for a second start and brings the app's window to the front — the main window, or whatever
    top-level window is up before it (the first-start question)."""

    def __init__(self, data_dir: Path, window: QWidget | None = None) -> None:
        super().__init__()
        self.window = window
        self.raised = 0
        self.server = QLocalServer(self)
        name = server_name(data_dir)
        QLocalServer.removeServer(name)  # a socket left by a crashed run (we hold the instance lock)
        self.server.listen(name)
        self.server.newConnection.connect(self._connection)

    def _connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            self.bring_to_front()

    def bring_to_front(self) -> None:
        self.raised += 1
        window = self.window or QApplication.activeModalWidget() or QApplication.activeWindow()
        if window is None:
            tops = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
            if not tops:
                return
            window = tops[0]
        window.setWindowState((window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        window.show()
        window.raise_()
        window.activateWindow()
