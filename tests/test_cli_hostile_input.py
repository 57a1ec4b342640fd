"""Hostile case files through the CLI (issue 15): never "内部错误" (exit 70), always one line per file or
zip member and exit 1/2; in a zip a bad member is that member's error and the others go on; a PDF of
a case with an overlong name is refused at once instead of rendering for minutes."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

import pytest

from desktop.app import main
from tests.core.test_limits import HOSTILE_JSON

GOOD = {"format": "qingdan-case/1", "id": "QD-20261125-0001", "checklists": ["kaiban-jilin"],
        "applicant": {"name": "示例甲"}, "received_on": "2026-11-25"}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "内部错误" not in err and "内部错误" not in out
    return code, out, err


def _write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


@pytest.mark.parametrize("text", HOSTILE_JSON.values(), ids=HOSTILE_JSON.keys())
def test_hostile_case_file_import_is_one_line_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                     text: str | bytes) -> None:
    code, out, _ = _run(capsys, "import", str(_write(tmp_path / "case.json", text)))
    assert code == 1 and len(out.strip().splitlines()) == 1 and "错误" in out


@pytest.mark.parametrize("text", HOSTILE_JSON.values(), ids=HOSTILE_JSON.keys())
def test_hostile_case_file_pdf_is_one_line_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  text: str | bytes) -> None:
    code, _, err = _run(capsys, "pdf", str(_write(tmp_path / "case.json", text)), "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and err.startswith("错误：")


def test_hostile_members_in_a_zip_each_get_their_own_error(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mixed.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a-good.json", json.dumps(GOOD, ensure_ascii=False))
        for name, text in HOSTILE_JSON.items():
            zf.writestr(f"{name}.json", text)
        zf.writestr("evil\tname\n.json", "{}")
        zf.writestr("z-good.json", json.dumps({**GOOD, "id": "QD-20261125-0002"}, ensure_ascii=False))
    code, out, err = _run(capsys, "import", str(path))
    lines = out.strip().splitlines()
    assert code == 1 and len(lines) == len(HOSTILE_JSON) + 3  # one line per member, none forged
    assert all(len(line.split("\t")) == 3 for line in lines)
    assert sum("已导入" in line for line in lines) == 2 and sum("错误" in line for line in lines) == len(HOSTILE_JSON) + 1
    assert "导入 2 个" in err
    listed = json.loads(_run(capsys, "cases", "--json")[1])
    assert sorted(r["id"] for r in listed) == ["QD-20261125-0001", "QD-20261125-0002"]


@pytest.mark.parametrize("size", [100_000, 1_000_000])
def test_pdf_of_an_overlong_name_is_refused_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    size: int) -> None:
    case = _write(tmp_path / "case.json", json.dumps({**GOOD, "applicant": {"name": "名" * size}}, ensure_ascii=False))
    started = time.monotonic()
    code, _, err = _run(capsys, "pdf", str(case), "-o", str(tmp_path / "x.pdf"))
    assert code == 2 and "applicant.name" in err and "过长" in err
    assert time.monotonic() - started < 5
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("case_id", ["../../../../tmp/x", "QD-1\tforged", "QD-1\nQD-2"])
def test_a_forged_case_id_never_reaches_the_store_or_the_output(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                case_id: str) -> None:
    case = _write(tmp_path / "case.json", json.dumps({**GOOD, "id": case_id}))
    code, out, _ = _run(capsys, "import", str(case))
    assert code == 1 and len(out.strip().splitlines()) == 1 and out.count("\t") == 2
    assert json.loads(_run(capsys, "cases", "--json")[1]) == []


def test_closed_at_must_be_a_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = _write(tmp_path / "case.json", json.dumps({**GOOD, "status": "closed", "closed_at": "not-a-date"}))
    code, out, _ = _run(capsys, "import", str(case))
    assert code == 1 and "closed_at" in out
