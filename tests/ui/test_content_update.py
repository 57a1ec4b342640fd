"""A policy changes: an open case keeps its version until 更新到最新版本, which carries unchanged items'
states and notes over, sends changed items back to 待办, and is logged; 办结 / 重新打开."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from desktop import paths
from desktop.context import build_context
from desktop.core.model import Applicant
from desktop.services.cases import CaseService
from desktop.ui.views.case_view import CaseView


def test_update_to_latest_version(qtbot: QtBot, tmp_path: Path) -> None:
    content = tmp_path / "checklists"
    shutil.copytree(paths.checklist_dir(), content)
    data = tmp_path / "data"
    ctx = build_context(data, content, paths.source_dir())
    old = ctx.catalog.checklists["kaiban-jilin"]
    case_id = ctx.repo.create_case(Applicant("甲"), [("kaiban-jilin", old.version)], dt.date.today(), "", "", "李四")
    ctx.repo.set_item_state(case_id, "kaiban-jilin", "K14", "done", "公章已刻", "李四")
    ctx.repo.set_item_state(case_id, "kaiban-jilin", "K17", "done", "发票已领", "李四")
    ctx.close()

    path = content / "kaiban.toml"
    text = path.read_text(encoding="utf-8")
    assert 'title = "申领发票和税控设备"' in text
    path.write_text(text.replace('title = "申领发票和税控设备"', 'title = "申领发票和税务Ukey"'), encoding="utf-8")
    ctx = build_context(data, content, paths.source_dir())
    view = CaseView(CaseService(ctx), case_id)
    qtbot.addWidget(view)
    view.show()
    # the case still shows the version it started with
    assert view.snap.catalog.checklists["kaiban-jilin"].version == old.version
    assert view.update_button.isVisible()
    (diff,) = view.snap.outdated
    assert diff.lines() == ["变更：申领发票和税务Ukey（名称）"]
    with qtbot.waitSignal(view.reopen_requested):
        view.update_content(confirm=False)
    case = ctx.repo.get_case(case_id)
    assert case is not None and case.versions["kaiban-jilin"] == ctx.catalog.checklists["kaiban-jilin"].version
    assert (case.state("kaiban-jilin", "K14").status, case.state("kaiban-jilin", "K14").note) == ("done", "公章已刻")
    assert (case.state("kaiban-jilin", "K17").status, case.state("kaiban-jilin", "K17").note) == ("pending", "发票已领")
    assert any(e.action == "update_version" for e in ctx.repo.audit_log(case_id))
    fresh = CaseView(CaseService(ctx), case_id)
    qtbot.addWidget(fresh)
    fresh.show()
    assert not fresh.update_button.isVisible()

    fresh.toggle_closed(confirm=False)
    assert ctx.repo.case_status(case_id) == "closed" and fresh.close_button.text().startswith("重新打开")
    fresh.toggle_closed()
    assert ctx.repo.case_status(case_id) == "open"
    ctx.close()
