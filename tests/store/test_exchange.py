"""Export/import: case file v1 with status and audit trail, zips, idempotent import with conflicts,
CSV for Excel, personal-data warning and owner-only files; retention purge keeps the audit log."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest

from desktop.context import AppContext, build_context
from desktop.core.casefile import load_case_file
from desktop.core.model import Applicant
from desktop.store import exchange
from desktop.store.exchange import (
    CONFLICT,
    ERROR,
    IMPORTED,
    PERSONAL_DATA_WARNING,
    UNCHANGED,
    ExchangeError,
    case_document,
    export_case,
    export_cases,
    export_csv,
    import_path,
)


@pytest.fixture
def ctx(tmp_path: Path) -> AppContext:
    c = build_context(tmp_path / "a")
    yield c  # type: ignore[misc]
    c.close()


@pytest.fixture
def other(tmp_path: Path) -> AppContext:
    c = build_context(tmp_path / "b")
    yield c  # type: ignore[misc]
    c.close()


def _worked_case(ctx: AppContext, name: str = "长春市张记餐饮有限公司") -> str:
    kaiban = ctx.catalog.checklists["kaiban-jilin"]
    cid = ctx.repo.create_case(Applicant(name, "91220101MA0000001X", "张三", "13812345678"),
                               [(kaiban.id, kaiban.version)], dt.date(2026, 11, 25), "李四", "一号窗口", "李四")
    ctx.repo.set_answer(cid, "region", "长春市", "李四")
    first, second = kaiban.items[0].id, kaiban.items[1].id
    ctx.repo.set_item_state(cid, kaiban.id, first, "done", "材料齐全 <b>&</b> \"引号\"", "李四")
    ctx.repo.set_item_state(cid, kaiban.id, second, "waived", "告知承诺", "王五")
    return cid


def test_export_import_round_trip_is_lossless_and_idempotent(ctx: AppContext, other: AppContext,
                                                             tmp_path: Path) -> None:
    cid = _worked_case(ctx)
    ctx.repo.close_case(cid, "李四")
    result = export_case(ctx.repo, cid, tmp_path / "case.json")
    assert result.cases == 1 and result.warning == PERSONAL_DATA_WARNING
    doc = json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))
    assert doc["id"] == cid and doc["status"] == "closed" and doc["closed_at"]
    assert [e["action"] for e in doc["audit"]][:2] == ["create", "answer"]
    load_case_file(tmp_path / "case.json", ctx.catalog)  # still a valid v1 case file

    report = import_path(other.repo, other.catalog, tmp_path / "case.json", "赵六")
    assert [(o.case_id, o.result) for o in report.outcomes] == [(cid, IMPORTED)] and report.ok
    again = case_document(other.repo, cid)
    assert {k: v for k, v in again.items() if k != "audit"} == {k: v for k, v in doc.items() if k != "audit"}
    assert again["audit"][:-1] == doc["audit"]  # the history, then one entry for the import
    assert again["audit"][-1]["action"] == "import" and again["audit"][-1]["who"] == "赵六"

    report = import_path(other.repo, other.catalog, tmp_path / "case.json", "赵六")
    assert [(o.case_id, o.result) for o in report.outcomes] == [(cid, UNCHANGED)]
    assert other.repo.count_cases() == 1 and len(other.repo.audit_log(cid)) == len(doc["audit"]) + 1


def test_different_content_under_the_same_id_is_a_conflict_not_overwritten(ctx: AppContext, other: AppContext,
                                                                           tmp_path: Path) -> None:
    cid = _worked_case(ctx)
    export_case(ctx.repo, cid, tmp_path / "v1.json")
    import_path(other.repo, other.catalog, tmp_path / "v1.json", "x")
    ctx.repo.set_answer(cid, "region", "吉林市", "李四")
    export_case(ctx.repo, cid, tmp_path / "v2.json")
    report = import_path(other.repo, other.catalog, tmp_path / "v2.json", "x")
    assert [(o.case_id, o.result) for o in report.outcomes] == [(cid, CONFLICT)] and not report.ok
    case = other.repo.get_case(cid)
    assert case is not None and case.profile["region"] == "长春市"


def test_zip_of_many_cases_round_trip(ctx: AppContext, other: AppContext, tmp_path: Path) -> None:
    ids = [_worked_case(ctx, f"企业{n}") for n in range(3)]
    result = export_cases(ctx.repo, tmp_path / "all.zip")
    assert result.cases == 3
    with zipfile.ZipFile(tmp_path / "all.zip") as zf:
        assert sorted(zf.namelist()) == sorted(f"{i}.json" for i in ids)
    report = import_path(other.repo, other.catalog, tmp_path / "all.zip", "x")
    assert sorted(o.case_id or "" for o in report.outcomes) == sorted(ids)
    assert {o.result for o in report.outcomes} == {IMPORTED}
    report = import_path(other.repo, other.catalog, tmp_path / "all.zip", "x")
    assert {o.result for o in report.outcomes} == {UNCHANGED} and other.repo.count_cases() == 3
    for cid in ids:
        mine, theirs = case_document(ctx.repo, cid), case_document(other.repo, cid)
        assert mine | {"audit": []} == theirs | {"audit": []}


def test_bad_members_and_files_are_reported_one_line_each(ctx: AppContext, tmp_path: Path) -> None:
    cid = _worked_case(ctx)
    good = json.dumps(case_document(ctx.repo, cid), ensure_ascii=False)
    with zipfile.ZipFile(tmp_path / "mixed.zip", "w") as zf:
        zf.writestr("good.json", good)
        zf.writestr("broken.json", "{not json")
        zf.writestr("unknown.json", json.dumps({"format": "qingdan-case/1", "checklists": ["nope"],
                                                "applicant": {"name": "甲"}, "received_on": "2026-11-25"}))
        zf.writestr("readme.txt", "ignored")
    report = import_path(ctx.repo, ctx.catalog, tmp_path / "mixed.zip", "x")
    results = {o.source: o.result for o in report.outcomes}
    assert results == {"good.json": UNCHANGED, "broken.json": ERROR, "unknown.json": ERROR,
                       "readme.txt": exchange.SKIPPED}  # every member is reported
    assert not report.ok
    assert all("\n" not in o.line() for o in report.outcomes)
    (tmp_path / "bad.json").write_text('{"format": "qingdan-case/1"}', encoding="utf-8")
    (outcome,) = import_path(ctx.repo, ctx.catalog, tmp_path / "bad.json", "x").outcomes
    assert outcome.result == ERROR and "缺少必填字段" in outcome.message
    with pytest.raises(ExchangeError, match="文件不存在"):
        import_path(ctx.repo, ctx.catalog, tmp_path / "missing.json", "x")
    with pytest.raises(ExchangeError, match="没有编号"):
        export_case(ctx.repo, "QD-NOPE", tmp_path / "x.json")


def test_a_hand_written_case_file_imports_once(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "hand.json"
    path.write_text(json.dumps({"format": "qingdan-case/1", "checklists": ["kaiban-jilin"],
                                "applicant": {"name": "手写个体户"}, "received_on": "2026-11-25"},
                               ensure_ascii=False), encoding="utf-8-sig")
    (first,) = import_path(ctx.repo, ctx.catalog, path, "x").outcomes
    (second,) = import_path(ctx.repo, ctx.catalog, path, "x").outcomes
    assert first.result == IMPORTED and first.case_id and first.case_id.startswith("QD-20261125-")
    assert second.result == UNCHANGED and second.case_id == first.case_id
    case = ctx.repo.get_case(first.case_id)
    assert case is not None and case.versions == {"kaiban-jilin": ctx.catalog.checklists["kaiban-jilin"].version}


def test_csv_has_bom_header_and_every_case(ctx: AppContext, tmp_path: Path) -> None:
    ids = [_worked_case(ctx, f"企业,{n}\"") for n in range(3)]
    result = export_csv(ctx.repo, tmp_path / "cases.csv")
    raw = (tmp_path / "cases.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and result.cases == 3 and result.warning == PERSONAL_DATA_WARNING
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == exchange.CSV_HEADER
    assert [r[0] for r in rows[1:]] == list(reversed(ids))
    # progress columns are derived data: empty for cases written past the application layer
    assert rows[1][1] == '企业,2"' and rows[1][7] == "" and rows[1][6] == "办理中"
    from desktop.services.cases import CaseService

    CaseService(ctx).refresh_stale()
    export_csv(ctx.repo, tmp_path / "cases.csv")
    rows = list(csv.reader((tmp_path / "cases.csv").read_bytes().decode("utf-8-sig").splitlines()))
    applicable = CaseService(ctx).open(ids[2]).progress
    assert rows[1][7:9] == [str(applicable.settled), str(applicable.applicable)]
    assert export_csv(ctx.repo, tmp_path / "none.csv", "不存在的").cases == 0


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_exported_files_are_owner_only(ctx: AppContext, tmp_path: Path) -> None:
    cid = _worked_case(ctx)
    for path in (export_case(ctx.repo, cid, tmp_path / "c.json").path, export_cases(ctx.repo, tmp_path / "c.zip").path,
                 export_csv(ctx.repo, tmp_path / "c.csv").path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_purge_deletes_old_closed_cases_and_keeps_the_audit_log(ctx: AppContext) -> None:
    old, recent, still_open = (_worked_case(ctx, n) for n in ("旧案", "新案", "在办"))
    for cid in (old, recent):
        assert ctx.repo.close_case(cid, "李四")
    assert not ctx.repo.close_case(old, "李四")  # already closed: no entry
    ctx.repo.db.execute("UPDATE cases SET closed_at = '2020-01-01T09:00:00' WHERE id = ?", [old])
    assert ctx.repo.purge_closed_cases(365, "管理员") == [old]
    assert ctx.repo.get_case(old) is None and ctx.repo.get_case(recent) is not None
    assert ctx.repo.get_case(still_open) is not None
    assert ctx.repo.db.execute("SELECT count(*) FROM item_states WHERE case_id = ?", [old]).fetchone()[0] == 0
    log = ctx.repo.audit_log(old)
    assert log[0].action == "create" and log[-1].action == "purge" and log[-1].who == "管理员"
    assert ctx.repo.reopen_case(recent, "李四") and ctx.repo.case_status(recent) == "open"
    assert [e.action for e in ctx.repo.audit_log(recent)][-2:] == ["close", "reopen"]
    assert ctx.repo.purge_closed_cases(0, "管理员") == []
    with pytest.raises(KeyError):
        ctx.repo.close_case("QD-NOPE", "x")
