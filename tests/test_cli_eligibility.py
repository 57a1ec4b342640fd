"""CLI contract of ``classify``, ``check-id`` and ``due`` (DESIGN §4): JSON keys, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import main

ROOT = Path(__file__).resolve().parent.parent


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, object]]:
    code, out, _ = _run(capsys, *argv, "--json")
    return code, json.loads(out)


def _one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("错误：")
    return lines[0]


# -- classify ------------------------------------------------------------------------------------------


def test_classify_json_keys_and_values(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, "classify", "--industry", "工业", "--employees", "25", "--revenue", "500")
    assert code == 0
    assert {"size", "rule", "group", "missing", "advisory"} <= set(data)
    assert data["size"] == "小型"
    assert data["group"] == "工业"
    assert data["missing"] == []
    assert str(data["rule"]).endswith("→ 小型")
    assert data["advisory"] == "依据统计数据由统计部门认定，本结果仅供参考"


@pytest.mark.parametrize(
    ("argv", "size"),
    [
        (["--industry", "工业", "--employees", "300", "--revenue", "2000"], "中型"),
        (["--industry", "工业", "--employees", "1000", "--revenue", "40000"], "大型"),
        (["--industry", "零售业", "--employees", "9", "--revenue", "1000"], "微型"),
        (["--industry", "其他未列明行业", "--employees", "100"], "中型"),
        (["--industry", "建筑业", "--revenue", "300", "--assets", "299.99"], "微型"),
        (["--industry", "制造业", "--employees", "25", "--revenue", "1,500"], "小型"),
    ],
)
def test_classify_sizes(capsys: pytest.CaptureFixture[str], argv: list[str], size: str) -> None:
    code, data = _json(capsys, "classify", *argv)
    assert (code, data["size"]) == (0, size)


def test_classify_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "classify", "--industry", "制造业", "--employees", "25", "--revenue", "500")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "小型"
    assert "工信部联企业〔2011〕300号" in out and "仅供参考" in out


def test_classify_missing_number_exits_1_with_the_missing_indicator(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, "classify", "--industry", "工业", "--employees", "25")
    assert code == 1
    assert data["size"] is None
    assert data["missing"] == ["营业收入"]


def test_classify_unknown_industry_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "classify", "--industry", "火星采矿业", "--employees", "5")
    assert code == 2 and out == ""
    assert "未知行业" in _one_line_error(err)


def test_classify_non_number_is_rejected_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "classify", "--industry", "工业", "--employees", "很多")
    assert code == 2
    assert "“很多”不是数字" in err and "Traceback" not in err


def test_classify_negative_number_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "classify", "--industry", "工业", "--employees=-5", "--revenue", "1")
    assert code == 2
    assert "不能为负数" in _one_line_error(err)


# -- check-id ------------------------------------------------------------------------------------------


def test_check_id_valid_uscc(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, "check-id", "91110000600037341L")
    assert code == 0
    assert {"valid", "kind", "reason"} <= set(data)
    assert (data["valid"], data["kind"]) == (True, "统一社会信用代码")


def test_check_id_valid_ric_lowercase_x(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, "check-id", "11010519491231002x")
    assert code == 0
    assert (data["valid"], data["kind"]) == (True, "居民身份证号码")


def test_check_id_invalid_exits_1_with_the_reason(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, "check-id", "110105194912310023")
    assert code == 1
    assert data == {**data, "valid": False, "kind": "居民身份证号码", "reason": "校验位错误：应为 X，实际为 3"}
    code, out, _ = _run(capsys, "check-id", "9111000060003734IL")
    assert code == 1
    assert out.strip().startswith("统一社会信用代码：非法字符：第 17 位")


def test_check_id_kind_option(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, "check-id", "91110000600037341L", "--kind", "居民身份证号码")
    assert code == 1 and data["kind"] == "居民身份证号码"


# -- due -----------------------------------------------------------------------------------------------


def test_due_json_across_2026_spring_festival(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, "due", "--from", "2026-02-12", "--days", "5")
    assert code == 0
    assert data["due"] == "2026-02-26"
    assert data["warning"] is None
    assert data["counted"] == ["2026-02-13", "2026-02-14", "2026-02-24", "2026-02-25", "2026-02-26"]
    assert data["unit"] == "工作日"


def test_due_json_across_2025_national_day(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, "due", "--from", "2025-09-30", "--days", "3", "--unit", "工作日")
    assert (code, data["due"]) == (0, "2025-10-11")


def test_due_year_without_data_warns(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, "due", "--from", "2028-03-03", "--days", "1")
    assert (code, data["due"]) == (0, "2028-03-06")
    assert data["warning"] == "2028 年无节假日数据，仅按周末计算"
    code, out, _ = _run(capsys, "due", "--from", "2028-03-03", "--days", "1")
    assert "警告：2028 年无节假日数据，仅按周末计算" in out


def test_due_hours_and_immediate(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = _json(capsys, "due", "--from", "2026-02-13 15:30", "--days", "24", "--unit", "小时")
    assert (code, data["due"], data["due_at"]) == (0, "2026-02-14", "2026-02-14T15:30")
    code, data = _json(capsys, "due", "--from", "2026-02-15", "--days", "0", "--unit", "即办")
    assert (code, data["due"]) == (0, "2026-02-15")


def test_due_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "due", "--from", "2026-02-12", "--days", "5")
    assert code == 0
    assert out.splitlines()[0] == "到期：2026-02-26（2026-02-12 受理，5 个工作日）"
    assert "春节" in out


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--from", "2026-13-01", "--days", "5"], "不是有效日期"),
        (["--from", "明天", "--days", "5"], "不是有效日期"),
        (["--from", "2026-02-12", "--days", "5", "--unit", "周"], "时限单位"),
        (["--from", "2026-02-12", "--days", "-1"], "负数"),
    ],
)
def test_due_bad_input_is_one_line(capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str) -> None:
    code, out, err = _run(capsys, "due", *argv)
    assert code == 2 and out == ""
    assert fragment in _one_line_error(err)


def test_due_non_integer_days(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "due", "--from", "2026-02-12", "--days", "五")
    assert code == 2
    assert "“五”不是整数" in err and "Traceback" not in err


def test_installed_command_runs_in_a_subprocess() -> None:
    exe = Path(sys.executable).with_name("qingdan")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "desktop"]
    done = subprocess.run([*cmd, "due", "--from", "2026-09-30", "--days", "3", "--json"], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", check=False, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["due"] == "2026-10-10"
