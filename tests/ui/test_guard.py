"""Errors a user can act on are told as they are; anything else is a bug: logged (traceback, owner-only,
rotating) and told in one short Chinese line — from the clerk's and the owner's views alike."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.context import build_context
from desktop.core.errors import UserError
from desktop.core.model import Applicant
from desktop.logs import log_path
from desktop.services.cases import CaseService, NewCase
from desktop.ui import guard
from desktop.ui.views.case_view import CaseView
from desktop.ui.views.self_check import SelfCheckView


@pytest.fixture(autouse=True)
def _silent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard.report, "silent", True, raising=False)


def test_a_bug_in_a_write_is_logged_and_told_briefly(qtbot: QtBot, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = build_context(tmp_path / "data")
    guard.set_data_dir(ctx.data_dir)
    service = CaseService(ctx)
    case_id = service.create(NewCase(Applicant("示例：甲公司"), ["kaiban-jilin"], dt.date(2026, 11, 25)))
    view = CaseView(service, case_id)
    qtbot.addWidget(view)

    def broken(*_a: object, **_k: object) -> None:
        raise ZeroDivisionError("示例故障 42")

    monkeypatch.setattr(service, "answer", broken)
    view.on_answer("region", "长春市")
    told = guard.report.last  # type: ignore[attr-defined]
    assert "程序内部错误（ZeroDivisionError）" in told and str(log_path(ctx.data_dir)) in told
    logged = log_path(ctx.data_dir).read_text(encoding="utf-8")
    assert "Traceback" in logged and "示例故障 42" in logged
    if os.name == "posix":
        assert stat.S_IMODE(log_path(ctx.data_dir).stat().st_mode) == 0o600

    def refused(*_a: object, **_k: object) -> None:
        raise UserError("示例：这一项不能修改")

    monkeypatch.setattr(service, "answer", refused)
    view.on_answer("region", "长春市")
    assert guard.report.last == "示例：这一项不能修改"  # type: ignore[attr-defined]
    assert ctx.repo.get_case(case_id).profile == {}  # type: ignore[union-attr]  # nothing half-written
    ctx.close()


def test_the_owners_view_writes_through_the_same_guard(qtbot: QtBot, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = build_context(tmp_path / "data")
    guard.set_data_dir(ctx.data_dir)
    service = CaseService(ctx)
    view = SelfCheckView(service)
    qtbot.addWidget(view)
    monkeypatch.setattr(service, "answer", lambda *a, **k: (_ for _ in ()).throw(KeyError("示例")))
    view.on_answer("region", "长春市")
    assert "程序内部错误（KeyError）" in guard.report.last  # type: ignore[attr-defined]
    assert "KeyError" in log_path(ctx.data_dir).read_text(encoding="utf-8")
    ctx.close()
