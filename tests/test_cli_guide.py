"""``qingdan guide import/export/show/passphrase`` and ``qingdan pdf --kind notice`` for a v2 case: a guide that
contradicts the law is refused with one line naming the step and the clause and exit 1, nothing changed; the
passphrase is asked for and never stored in clear; the notice of a v2 case prints its outstanding materials."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop.app import main

GUIDES = Path(__file__).resolve().parent / "fixtures" / "guide"
PASSPHRASE = "示例口令-2026"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err and "内部错误" not in err
    return int(code or 0), out, err


@pytest.fixture
def admin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The passphrase set (as on first use, from standard input) and given to later commands by the
    environment, as a script would."""
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    assert run(capsys, "guide", "passphrase")[0] == 0
    monkeypatch.setenv("QINGDAN_ADMIN_PASSPHRASE", PASSPHRASE)


@pytest.mark.parametrize(("fixture", "words"), [
    ("guide-fee.json", ["kaiban-jilin/K31 企业开办全免费办理", "收费“示例工本费 20 元”与依据不符",
                        "吉政办发〔2021〕17号 一、2."]),
    ("guide-promise.json", ["shuidianqi/B17", "承诺时限 7 个工作日超过法定时限 5个工作日", "吉政办发〔2021〕17号 六、18."]),
])
def test_a_guide_that_contradicts_the_law_is_refused(capsys: pytest.CaptureFixture[str], admin: None,
                                                     fixture: str, words: list[str]) -> None:
    code, out, err = run(capsys, "guide", "import", str(GUIDES / fixture))
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith("错误：办事指南未导入（未做任何改动），有 1 处问题")
    assert len(lines) == 2 and lines[1].startswith(f"{fixture}: ") and all(w in lines[1] for w in words)
    code, out, _ = run(capsys, "guide", "show", "kaiban-jilin/K05", "--json")
    assert code == 0 and json.loads(out)["guide"] is None and json.loads(out)["history"] == []


def test_import_show_export(capsys: pytest.CaptureFixture[str], admin: None, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "guide", "import", str(GUIDES / "guide-example.json"))
    assert code == 0 and "已导入 2 项" in out
    code, out, _ = run(capsys, "guide", "show", "kaiban-jilin/K05", "--json")
    shown = json.loads(out)
    assert shown["guide"]["heading"] == "本中心办事指南（示例市政务服务中心办事指南（示例），示例-2026-1，2026-03-01）"
    assert [m["name"] for m in shown["guide"]["materials"]][1] == "经营场所使用证明（示例）"
    assert shown["history"][0]["version"] == 1 and shown["history"][0]["action"] == "import"
    assert shown["history"][0]["who"] == "命令行" and shown["history"][0]["source"] == "guide-example.json"
    code, out, _ = run(capsys, "guide", "show", "kaiban-jilin/K05")
    assert "办理地点：示例市政务服务中心一楼 示例 3 号窗口" in out
    assert "材料 2. 经营场所使用证明（示例）（复印件，1份，可容缺受理" in out
    target = tmp_path / "out.json"
    code, out, _ = run(capsys, "guide", "export", "-o", str(target))
    assert code == 0 and "已导出 2 项" in out
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "qingdan-guide/1"


def test_import_needs_the_passphrase(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code, _, err = run(capsys, "guide", "import", str(GUIDES / "guide-example.json"))
    assert code == 2 and "尚未设置管理员口令" in err
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    run(capsys, "guide", "passphrase")
    monkeypatch.setenv("QINGDAN_ADMIN_PASSPHRASE", "不对的口令")
    code, _, err = run(capsys, "guide", "import", str(GUIDES / "guide-example.json"))
    assert code == 2 and err.strip() == "错误：管理员口令不正确"
    code, out, _ = run(capsys, "guide", "show", "kaiban-jilin/K05", "--json")
    assert json.loads(out)["guide"] is None


def test_bad_input_is_one_line(capsys: pytest.CaptureFixture[str], admin: None, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "qingdan-guide/1", "office": "示例", "origin": {"title": "示例", "date": "2026-02-30"},'
                   ' "entries": {}}', encoding="utf-8")
    for argv, message in ((["guide", "import", str(tmp_path / "nope.json")], "nope.json: 文件不存在"),
                          (["guide", "import", str(bad)], "bad.json: origin.date: 不是有效的日期"),
                          (["guide", "import"], "二选一"),
                          (["guide", "show", "kaiban-jilin/K99"], "没有事项“kaiban-jilin/K99”"),
                          (["guide", "import", "--pack"], "没有附带办事指南")):
        code, _, err = run(capsys, *argv)
        assert code == 2 and message in err and len(err.strip().splitlines()) == 1, (argv, err)


def test_the_notice_of_a_v2_case_prints_its_outstanding_materials(capsys: pytest.CaptureFixture[str], admin: None,
                                                                  tmp_path: Path) -> None:
    run(capsys, "guide", "import", str(GUIDES / "guide-example.json"))
    case = {"format": "qingdan-case/2", "checklists": ["kaiban-jilin"], "applicant": {"name": "示例个体工商户"},
            "profile": {"region": "长春市", "entity_type": "个体工商户"}, "received_on": "2026-11-25",
            "materials": {"kaiban-jilin/K05": {
                "经营者身份证明（示例）": {"state": "received", "form": "原件"},
                "经营场所使用证明（示例）": {"state": "deferred", "due": "2026-12-02"},
                "个体工商户登记申请书（示例）": {"state": "missing"}}}}
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "notice.pdf"
    code, _, err = run(capsys, "pdf", str(path), "-o", str(out), "--kind", "notice")
    assert code == 0, err
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(out).pages))
    assert "经营场所使用证明（示例）（复印件，1份，可容缺受理，示例：可先容缺受理）——容缺受理，请于2026-12-02前补正" in text
    assert "个体工商户登记申请书（示例）（原件，1份）——缺" in text and "经营者身份证明（示例）" not in text
    assert "示例市政务服务中心一楼示例3号窗口" in text
    code, out_json, _ = run(capsys, "evaluate", str(path), "--json")
    k05 = next(i for i in json.loads(out_json)["items"] if i["id"] == "K05")
    assert [(m["state"], m["outstanding"]) for m in k05["materials"]] == [("received", False), ("deferred", True),
                                                                        ("missing", True)]
    assert json.loads(out_json)["next_due"] == "2026-12-02"


def test_the_passphrase_command_never_stores_it_in_clear(capsys: pytest.CaptureFixture[str], admin: None,
                                                         _isolated_data_dir: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("新的示例口令-2027\n"))
    code, out, _ = run(capsys, "guide", "passphrase")
    assert code == 0 and "scrypt" in out
    for path in _isolated_data_dir.rglob("*"):
        if path.is_file():
            assert "新的示例口令".encode() not in path.read_bytes() and PASSPHRASE.encode() not in path.read_bytes()
    monkeypatch.setenv("QINGDAN_ADMIN_PASSPHRASE", "新的示例口令-2027")
    assert run(capsys, "guide", "import", str(GUIDES / "guide-example.json"))[0] == 0
