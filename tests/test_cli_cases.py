"""The saved-case commands: cases, export, import, backup, restore — contract keys, one-line errors,
idempotent import, personal-data warnings, recovery of a damaged database."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from desktop.app import main
from desktop.context import build_context
from desktop.core.model import Applicant
from desktop.services.cases import CaseService
from desktop.store.db import DB_NAME


@pytest.fixture
def data(_isolated_data_dir: Path) -> Path:
    return _isolated_data_dir


def _make_cases(data: Path, *names: str) -> list[str]:
    ctx = build_context(data)
    try:
        kaiban = ctx.catalog.checklists["kaiban-jilin"]
        ids = [ctx.repo.create_case(Applicant(n, "", "", "13800000000"), [(kaiban.id, kaiban.version)],
                                    dt.date(2026, 11, 25), "李四", "", "李四") for n in names]
        for cid in ids:
            ctx.repo.set_answer(cid, "region", "长春市", "李四")
            ctx.repo.set_answer(cid, "entity_type", "有限责任公司", "李四")
        first = next(v for v in CaseService(ctx).open(ids[0]).views if v.counted)
        ctx.repo.set_item_state(ids[0], kaiban.id, first.item.id, "done", "齐", "李四")
        return ids
    finally:
        ctx.close()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _one_line_error(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 2) -> str:
    got, _, err = _run(capsys, *argv)
    assert got == code
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：")
    return lines[0]


def test_cases_json_has_id_and_name_and_search(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert json.loads(_run(capsys, "cases", "--json")[1]) == []
    a, b = _make_cases(data, "长春市甲餐饮有限公司", "乙商店")
    code, out, _ = _run(capsys, "cases", "--json")
    rows = json.loads(out)
    assert code == 0 and [(r["id"], r["name"]) for r in rows] == [(b, "乙商店"), (a, "长春市甲餐饮有限公司")]
    assert rows[1]["checklists"] == ["kaiban-jilin"] and rows[1]["status"] == "open"
    ctx = build_context(data)
    expected = CaseService(ctx).open(a).progress  # the one evaluation: the list shows its numbers
    ctx.close()
    assert rows[1]["done"] == rows[1]["progress"]["settled"] == expected.settled == 1
    assert rows[1]["progress"]["applicable"] == expected.applicable > 0
    for query, expect in (("乙", [b]), ("甲餐饮", [a]), ("不存在的", [])):
        assert [r["id"] for r in json.loads(_run(capsys, "cases", "--search", query, "--json")[1])] == expect
    assert _run(capsys, "cases", "--limit", "1")[1].splitlines() == [
        f"{b}\t乙商店\t2026-11-25\t办理中\t已办结 0/{expected.applicable}\tkaiban-jilin"]
    assert json.loads(_run(capsys, "cases", "--status", "closed", "--json")[1]) == []


def test_export_import_round_trip_through_the_cli(data: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    a, b = _make_cases(data, "甲", "乙")
    code, out, err = _run(capsys, "export", a, "-o", str(tmp_path / "a.json"))
    assert code == 0 and "1 个办件" in out and "个人信息" in err
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["id"] == a
    assert _run(capsys, "export", "--all", "-o", str(tmp_path / "all.zip"))[0] == 0
    with zipfile.ZipFile(tmp_path / "all.zip") as zf:
        assert sorted(zf.namelist()) == sorted([f"{a}.json", f"{b}.json"])
    other = tmp_path / "other"
    code, out, _ = _run(capsys, "--data-dir", str(other), "import", str(tmp_path / "all.zip"))
    assert code == 0 and {line.split("\t")[0] for line in out.splitlines()} == {a, b}
    assert all("已导入" in line for line in out.splitlines())
    code, out, _ = _run(capsys, "--data-dir", str(other), "import", str(tmp_path / "a.json"))
    assert code == 0 and out.startswith(f"{a}\t未变化")
    rows = json.loads(_run(capsys, "--data-dir", str(other), "cases", "--json")[1])
    assert sorted(r["id"] for r in rows) == sorted([a, b])


def test_import_reports_a_conflict_with_exit_1(data: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    (a,) = _make_cases(data, "甲")
    _run(capsys, "export", a, "-o", str(tmp_path / "a.json"))
    doc = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    doc["applicant"]["name"] = "甲（改）"
    (tmp_path / "changed.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, _ = _run(capsys, "import", str(tmp_path / "changed.json"))
    assert code == 1 and out.startswith(f"{a}\t冲突")
    assert json.loads(_run(capsys, "cases", "--json")[1])[0]["name"] == "甲"


def test_csv_export(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _make_cases(data, "甲", "乙")
    assert _run(capsys, "export", "--csv", "-o", str(tmp_path / "list.csv"))[0] == 0
    text = (tmp_path / "list.csv").read_bytes()
    assert text.startswith(b"\xef\xbb\xbf") and len(text.decode("utf-8-sig").splitlines()) == 3


def test_bad_input_is_one_line_and_nonzero(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (a,) = _make_cases(data, "甲")
    assert "QD-NOPE" in _one_line_error(capsys, "export", "QD-NOPE", "-o", str(tmp_path / "x.json"))
    assert ".json 或 .zip" in _one_line_error(capsys, "export", a, "-o", str(tmp_path / "x.txt"))
    assert "三者选一" in _one_line_error(capsys, "export", "-o", str(tmp_path / "x.json"))
    assert "三者选一" in _one_line_error(capsys, "export", a, "--all", "-o", str(tmp_path / "x.zip"))
    assert "目录不存在" in _one_line_error(capsys, "export", a, "-o", str(tmp_path / "no" / "x.json"))
    assert "文件不存在" in _one_line_error(capsys, "import", str(tmp_path / "missing.json"))
    assert "文件不存在" in _one_line_error(capsys, "restore", str(tmp_path / "missing.db"))
    (tmp_path / "junk.db").write_bytes(b"junk" * 1000)
    assert "不是有效的数据库" in _one_line_error(capsys, "restore", str(tmp_path / "junk.db"))
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    code, out, _ = _run(capsys, "import", str(tmp_path / "bad.json"))
    assert code == 1 and "JSON 语法错误" in out and len(out.strip().splitlines()) == 1
    assert [r["id"] for r in json.loads(_run(capsys, "cases", "--json")[1])] == [a]  # nothing changed


def test_backup_and_restore(data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (a,) = _make_cases(data, "甲")
    code, out, err = _run(capsys, "backup")
    assert code == 0 and "backups" in out and "个人信息" in err
    assert _run(capsys, "backup", "-o", str(tmp_path / "saved.db"))[0] == 0
    _make_cases(data, "乙")
    code, out, _ = _run(capsys, "restore", str(tmp_path / "saved.db"))
    assert code == 0 and "before-restore" in out
    assert [r["id"] for r in json.loads(_run(capsys, "cases", "--json")[1])] == [a]


def test_a_damaged_database_is_recovered_with_a_notice(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (a,) = _make_cases(data, "甲")
    assert _run(capsys, "backup")[0] == 0
    with (data / DB_NAME).open("r+b") as fh:
        fh.write(b"garbage!" * 32)
    code, out, err = _run(capsys, "cases", "--json")
    assert code == 0 and [r["id"] for r in json.loads(out)] == [a]
    assert err.startswith("提示：数据库文件已损坏") and len(err.strip().splitlines()) == 1
    assert list(data.glob(f"{DB_NAME}.corrupt-*"))
