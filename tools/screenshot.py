"""Take the README screenshots: a real window under Xvfb, captured with ImageMagick's `import`.

Usage (needs xvfb and imagemagick):
  xvfb-run -a -s "-screen 0 1280x720x24" .venv/bin/python tools/screenshot.py docs/

Scenes: the case list, a 开办企业 case in 长春 (steps with their legal basis), and a 零售业 个体工商户 in
长春 with 3 employees and 50 万元 revenue (小微企业 benefits, applicable or not, with reasons); then the
administrator's form of the 本中心办事指南 (the 示例 guide of tests/fixtures/guide/) and a 个体工商户 case at the
counter with one material received, one accepted on 容缺 (with the clerk's note) and one missing.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop.context import AppContext, build_context
from desktop.core.model import Applicant
from desktop.services.cases import CaseService, NewCase
from desktop.ui import theme
from desktop.ui.main_window import MainWindow

EXAMPLE_GUIDE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "guide" / "guide-example.json"

CLERK, OFFICE = "李四", "长春市政务服务中心 3 号窗口"


WIDTH, HEIGHT = 1280, 720


def snap(path: Path) -> None:
    subprocess.run(["import", "-window", "root", "-crop", f"{WIDTH}x{HEIGHT}+0+0", str(path)], check=True)


def make_case(ctx: AppContext, name: str, checklist: str, answers: dict[str, object]) -> str:
    service = CaseService(ctx)
    case_id = service.create(NewCase(Applicant(name, "", "王五", "13800000000"), [checklist], dt.date.today(),
                                     CLERK, OFFICE))
    for qid, value in answers.items():
        service.answer(case_id, qid, value)
    return case_id


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    out.mkdir(exist_ok=True)
    app = QApplication(sys.argv[:1])
    theme.install_translations(app)
    family = theme.load_cjk_family()
    ctx = build_context(Path(tempfile.mkdtemp()))
    theme.apply_font(app, family, "normal")
    app.setStyleSheet(theme.STYLE)
    make_case(ctx, "吉林市某某商贸有限公司", "kaiban-jilin", {"region": "吉林市"})
    shop = make_case(ctx, "某某便利店（个体工商户）", "xiaowei",
                     {"region": "长春市", "entity_type": "个体工商户", "industry": "零售业", "employees": 3,
                      "revenue": 50, "has_employees": True})
    firm = make_case(ctx, "长春市某某科技有限公司", "kaiban-jilin",
                     {"entity_type": "有限责任公司", "region": "长春市", "is_new": True, "has_employees": True})
    window = MainWindow(ctx, family)
    window.move(0, 0)
    window.resize(WIDTH, HEIGHT)
    window.show()
    steps: list[Callable[[], None]] = []
    held: list[object] = []

    def select(key_wanted: Callable[[str], bool]) -> None:
        view = window.case_view
        assert view is not None
        view.select(next(k for k in view.steps.rows if key_wanted(k)))

    def firm_case() -> None:
        window.open_case(firm)
        view = window.case_view
        assert view is not None
        applicable = [v for v in view.views if v.applies and v.item.kind == "step"]
        for v in applicable[:2]:
            CaseService(ctx).mark(firm, v.key, "done", "材料已核验")
        window.open_case(firm)
        window.case_view.tabs.setCurrentIndex(1)  # type: ignore[union-attr]
        select(lambda k: k == applicable[2].key)

    def shop_case() -> None:
        window.open_case(shop)
        view = window.case_view
        assert view is not None
        view.tabs.setCurrentIndex(1)
        benefit = next(v for v in view.views if v.applies and v.item.kind == "benefit")
        select(lambda k: k == benefit.key)

    def shop_profile() -> None:
        window.case_view.tabs.setCurrentIndex(0)  # type: ignore[union-attr]

    def shop_summary() -> None:
        window.case_view.tabs.setCurrentIndex(2)  # type: ignore[union-attr]
        window.case_view.summary.preview()  # type: ignore[union-attr]

    def self_mode() -> None:
        from desktop.ui.views.self_check import ensure_self_case

        service = CaseService(ctx)
        own = ensure_self_case(service)
        service.update_applicant(own, Applicant("某某便利店", "", "王五", "13800000000"))
        for qid, value in {"region": "长春市", "entity_type": "个体工商户", "industry": "零售业", "employees": 3,
                           "revenue": 50, "need_power": True, "power_voltage": "低压"}.items():
            service.answer(own, qid, value)
        window.set_mode("self")

    steps += [
        lambda: (window.case_list.refresh(), None)[1],
        lambda: snap(out / "screenshot-list.png"),
        firm_case, lambda: snap(out / "screenshot.png"),
        shop_case, lambda: snap(out / "screenshot-benefits.png"),
        shop_profile, lambda: snap(out / "screenshot-profile.png"),
        shop_summary, lambda: None, lambda: snap(out / "screenshot-summary.png"),
        self_mode, lambda: snap(out / "screenshot-self-check.png"),
        lambda: guide_form(window, ctx, held), lambda: snap(out / "screenshot-guide-form.png"),
        lambda: counter_case(window, ctx, held), lambda: snap(out / "screenshot-materials.png"),
        app.quit,
    ]

    def run_next() -> None:
        steps.pop(0)()
        if steps:
            QTimer.singleShot(500, run_next)

    QTimer.singleShot(600, run_next)
    app.exec()
    ctx.close()


def guide_form(window: MainWindow, ctx: AppContext, held: list[object]) -> None:
    """The administrator's form for one 开办 step of the 示例 guide."""
    from desktop.ui.dialogs.guide_editor import GuideEditor

    window.set_mode("clerk")
    service = window.guide_ui.service
    service.set_passphrase("示例口令-2026")
    service.import_file(EXAMPLE_GUIDE)
    window.guide_ui.admin_label.setVisible(True)
    editor = GuideEditor(service, ctx.catalog, window, "kaiban-jilin/K05")
    editor.move(0, 0)
    editor.resize(WIDTH, HEIGHT)
    editor.show()
    held.append(editor)


def counter_case(window: MainWindow, ctx: AppContext, held: list[object]) -> None:
    """A 个体工商户 in 长春 at the counter: one material received, one accepted on 容缺, one missing."""
    for editor in held:
        editor.close()  # type: ignore[attr-defined]
    service = CaseService(ctx)
    case_id = make_case(ctx, "某某小吃店（个体工商户）", "kaiban-jilin", {"region": "长春市", "entity_type": "个体工商户"})
    key = "kaiban-jilin/K05"
    service.set_material(case_id, key, "经营者身份证明（示例）", "received", "原件")
    service.set_material(case_id, key, "经营场所使用证明（示例）", "deferred", note="承诺补交租赁合同原件")
    service.set_material(case_id, key, "个体工商户登记申请书（示例）", "missing")
    window.guide_ui.admin_label.setVisible(False)  # the clerk's own view
    window.open_case(case_id)
    view = window.case_view
    assert view is not None
    view.tabs.setCurrentIndex(1)
    view.select(key)
    view.detail.browser.scrollToAnchor("guide")


if __name__ == "__main__":
    main()
