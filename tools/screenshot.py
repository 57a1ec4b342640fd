"""Take the README screenshots: a real window under Xvfb, captured with ImageMagick's `import`.

Usage (needs xvfb, imagemagick; see the README):
  xvfb-run -a -s "-screen 0 1280x860x24" .venv/bin/python tools/screenshot.py docs/
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.context import build_context
from desktop.core.model import Applicant
from desktop.ui import theme
from desktop.ui.main_window import MainWindow


def snap(path: Path) -> None:
    subprocess.run(["import", "-window", "root", "-crop", "1200x820+0+0", str(path)], check=True)


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(exist_ok=True)
    app = QApplication(sys.argv[:1])
    theme.install_translations(app)
    family = theme.load_cjk_family()
    ctx = build_context(Path(tempfile.mkdtemp()))
    theme.apply_font(app, family, "normal")
    app.setStyleSheet(theme.STYLE)
    repo = ctx.repo
    kaiban = ctx.catalog.checklists["kaiban-jilin"]
    other = repo.create_case(Applicant("吉林市某某商贸有限公司", "", "赵六", "13900000000"),
                             [("kaiban-jilin", kaiban.version)], dt.date.today(), "李四", "政务服务中心 3 号窗口", "李四")
    repo.set_answer(other, "region", "吉林市", "李四")
    case_id = repo.create_case(Applicant("长春市某某科技有限公司", "11010519491231002X", "王五", "13800000000"),
                               [("kaiban-jilin", kaiban.version)], dt.date.today(), "李四", "政务服务中心 3 号窗口", "李四")
    for qid, value in (("entity_type", "有限责任公司"), ("region", "长春市"), ("is_new", True), ("has_employees", True)):
        repo.set_answer(case_id, qid, value, "李四")
    window = MainWindow(ctx, family)
    window.move(0, 0)
    window.resize(1200, 820)
    window.show()

    def list_shot() -> None:
        window.case_list.refresh()
        QTimer.singleShot(400, lambda: (snap(out / "screenshot-list.png"), open_case()))

    def open_case() -> None:
        window.open_case(case_id)
        view = window.case_view
        assert view is not None
        view.tabs.setCurrentIndex(1)
        applicable = [v for v in view.views if v.applies and v.item.kind == "step"]
        for v in applicable[:2]:
            repo.set_item_state(case_id, v.checklist_id, v.item.id, "done", "材料已核验", "李四")
        window.open_case(case_id)
        view = window.case_view
        assert view is not None
        view.tabs.setCurrentIndex(1)
        for i in range(view.steps.count()):
            if view.steps.item(i).data(0x0100) == applicable[2].key:
                view.steps.setCurrentRow(i)
        QTimer.singleShot(600, lambda: (snap(out / "screenshot.png"), app.quit()))

    QTimer.singleShot(600, list_shot)
    app.exec()
    ctx.close()


if __name__ == "__main__":
    main()
