"""``qingdan pdf CASE.json -o OUT.pdf``: the PDF for a case file, and one-line errors for bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from desktop import cli, paths

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "content"
NAME = "<b>张三&李四</b> \"测试\" 'x<y'"


@pytest.fixture(autouse=True)
def fixture_content(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "checklist_dir", lambda: FIXTURES / "checklists")
    monkeypatch.setattr(paths, "source_dir", lambda: FIXTURES / "sources")


def case_data(**kw: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": "qingdan-case/1", "checklists": ["fx-kaiban"],
        "applicant": {"name": NAME, "id_number": "91220101MA0000000X", "contact": "李四", "phone": "13800000000"},
        "profile": {"entity_type": "有限责任公司", "region": "长春市"},
        "items": {"fx-kaiban/A01": {"status": "done", "note": "已核验 <i>原件</i>"}},
        "received_on": "2026-11-25", "clerk": "王五", "office": "长春市政务服务中心",
    }
    data.update(kw)
    return data


def write(tmp_path: Path, data: object) -> Path:
    p = tmp_path / "case.json"
    p.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int | None, str, str]:
    code = cli.run(["pdf", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def pdf_text(path: Path) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)


def test_pdf_contains_the_name_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.pdf"
    code, stdout, err = run(capsys, str(write(tmp_path, case_data())), "-o", str(out), "--kind", "summary")
    assert code == 0, err
    assert str(out) in stdout and err == ""
    text = pdf_text(out)
    assert NAME in text
    assert "已核验 <i>原件</i>" in text
    assert "一网通办提交开办申请" in text and "吉政办发〔2021〕17号" in text


def test_the_default_is_the_brief_with_signature_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.pdf"
    code, _, err = run(capsys, str(write(tmp_path, case_data())), "-o", str(out))
    assert code == 0, err
    text = pdf_text(out)
    assert text.startswith("办理清单（简版）") and NAME in text
    assert "申请人（签字）：" in text and "窗口人员（签字）：" in text and "日期：" in text
    assert "吉政办发〔2021〕17号" not in text  # no clause: they are in the 依据附录
    assert len(PdfReader(str(out)).pages) <= 2


def test_help_names_the_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run(["pdf", "--help"]) == 0
    help_text = re.sub(r"\s+", "", capsys.readouterr().out)
    assert "默认brief" in help_text and "办理清单（简版）" in help_text


def test_a_character_no_font_has_is_one_line_and_nothing_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.pdf"
    data = case_data(applicant={"name": "王\U00030EDD面馆", "id_number": "", "contact": "", "phone": ""})
    line = _one_line_error(*run(capsys, str(write(tmp_path, data)), "-o", str(out)))
    assert "申请人" in line and "U+30EDD" in line and "\U00030EDD" in line
    assert not out.exists()


def test_emoji_are_replaced_and_the_user_is_told(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o.pdf"
    data = case_data(applicant={"name": "张三😀👨\u200d👩\u200d👧", "id_number": "", "contact": "", "phone": ""})
    code, stdout, err = run(capsys, str(write(tmp_path, data)), "-o", str(out))
    assert code == 0 and "已生成" in stdout
    assert err.strip() == "提示：申请人中的 2 个表情符号无法打印，已以“[表情]”代替"
    text = pdf_text(out)
    assert "张三[表情][表情]" in text and "已以“[表情]”代替" in re.sub(r"\s+", "", text)


def test_kind_all_and_large(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "all.pdf"
    code, _, err = run(capsys, str(write(tmp_path, case_data())), "-o", str(out), "--kind", "all", "--large")
    assert code == 0, err
    assert NAME in pdf_text(out)


def _one_line_error(code: int | None, stdout: str, err: str) -> str:
    assert code is not None and code != 0
    assert stdout == ""
    assert err.count("\n") == 1 and err.startswith("错误：") and "Traceback" not in err
    return err.strip()


@pytest.mark.parametrize(("data", "expected"), [
    ("{\"format\": ", r"case\.json: 第1行第12列: JSON 语法错误"),
    (case_data(checklists=["nope"]), r"case\.json: checklists\[0\]: 未知的清单编号“nope”"),
    (case_data(applicant={"phone": "1"}), r"case\.json: applicant\.name: 缺少必填字段"),
    (case_data(received_on="2026-02-30"), r"case\.json: received_on: 不是有效的日期"),
    (case_data(items={"fx-kaiban/A01": {"status": "ok"}}), r"case\.json: items\.fx-kaiban/A01\.status: 应为"),
])
def test_bad_case_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], data: object, expected: str) -> None:
    out = tmp_path / "out.pdf"
    line = _one_line_error(*run(capsys, str(write(tmp_path, data)), "-o", str(out)))
    assert re.search(expected, line), line
    assert not out.exists()


def test_missing_case_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = _one_line_error(*run(capsys, str(tmp_path / "nope.json"), "-o", str(tmp_path / "o.pdf")))
    assert line.endswith("nope.json: 文件不存在")


def test_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = str(write(tmp_path, case_data()))
    line = _one_line_error(*run(capsys, case, "-o", str(tmp_path / "no-such-dir" / "o.pdf")))
    assert "目录不存在" in line
    line = _one_line_error(*run(capsys, case, "-o", str(tmp_path)))
    assert "是目录" in line


def test_write_failure_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import desktop.reports.render as render

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(render.tempfile, "mkstemp", refuse)
    line = _one_line_error(*run(capsys, str(write(tmp_path, case_data())), "-o", str(tmp_path / "o.pdf")))
    assert "没有权限写入" in line and "o.pdf" in line  # environment errors in Chinese, naming the path


def test_missing_font_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QINGDAN_PDF_FONT", str(tmp_path / "gone.ttf"))
    out = tmp_path / "o.pdf"
    line = _one_line_error(*run(capsys, str(write(tmp_path, case_data())), "-o", str(out)))
    assert "QINGDAN_PDF_FONT" in line and "gone.ttf" in line
    assert not out.exists()


def test_unknown_kind_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, str(write(tmp_path, case_data())), "-o", str(tmp_path / "o.pdf"), "--kind", "x")
    assert code == 2 and "无效的选项 'x'" in err and "Traceback" not in err and len(err.splitlines()) == 1


def test_real_process_exits_non_zero_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "desktop", "pdf", str(tmp_path / "nope.json"), "-o",
                             str(tmp_path / "o.pdf")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().endswith("nope.json: 文件不存在") and "Traceback" not in result.stderr
