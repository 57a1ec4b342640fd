"""The CLI speaks Chinese and ends cleanly: every command's --help (argparse's own words included) with every
option described; a usage error is one line; no display → one line instead of Qt's abort; output piped into
``head`` ends quietly; ``qingdan evaluate`` gives the snapshot."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import main
from desktop.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "resources" / "examples" / "case-kaiban.json"
CJK = re.compile(r"[\u4e00-\u9fff]")
ARGPARSE_ENGLISH = ("usage:", "positional arguments", "options:", "show this help message", "optional arguments",
                    "show program's version")


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def test_every_help_is_chinese_and_every_option_described(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    commands = _subparsers(parser)
    assert {"list", "show", "validate", "evaluate", "pdf", "classify", "check-id", "due", "cases", "export",
            "import", "backup", "restore"} <= set(commands)
    for name, sub in [("", parser), *commands.items()]:
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help and CJK.search(action.help), (name, action.dest)
        assert main([*([name] if name else []), "--help"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("用法："), (name, out[:40])
        for english in ARGPARSE_ENGLISH:
            assert english not in out, (name, english)


def test_a_usage_error_is_one_chinese_line(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["nope"], ["pdf"], ["due", "--from", "2026-01-01", "--days", "x"], ["cases", "--bogus"]):
        code = main(argv)
        err = capsys.readouterr().err
        assert code == 2 and len(err.splitlines()) == 1 and err.startswith("错误："), (argv, err)
        assert "usage" not in err and "error:" not in err


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


@pytest.mark.skipif(sys.platform != "linux", reason="display detection is for X11/Wayland")
def test_no_display_is_one_chinese_line(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "desktop", "--data-dir", str(tmp_path)], capture_output=True,
                         text=True, env=_env(), timeout=60)
    assert run.returncode == 1 and run.stdout == ""
    assert len(run.stderr.splitlines()) == 1 and "没有可用的图形显示" in run.stderr


def test_output_piped_into_head_ends_quietly(tmp_path: Path) -> None:
    cmd = f"'{sys.executable}' -m desktop --data-dir '{tmp_path}' show kaiban-jilin | head -n 1"
    run = subprocess.run(["sh", "-c", cmd], capture_output=True, text=True, env=_env(), timeout=120)
    assert run.stdout.strip() and run.stderr == "", run.stderr


def test_evaluate_gives_the_snapshot(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["--data-dir", str(tmp_path), "evaluate", str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    progress = data["progress"]
    assert {"applicable", "done", "waived", "pending", "not_applicable", "unknown", "settled"} <= set(progress)
    assert progress["settled"] + progress["pending"] == progress["applicable"] > 0
    items = data["items"]
    assert {"checklist", "id", "title", "applicability", "status", "due", "reasons"} <= set(items[0])
    k14 = next(i for i in items if (i["checklist"], i["id"]) == ("kaiban-jilin", "K14"))
    assert k14["status"] == "done"
    assert {i["applicability"] for i in items} <= {"适用", "时效未明", "不适用", "待确认", "已到期", "未生效", "另有适用规定"}
    # --on moves the evaluation date
    assert main(["--data-dir", str(tmp_path), "evaluate", str(EXAMPLE), "--on", "2020-01-02", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["on"] == "2020-01-02"
    assert main(["--data-dir", str(tmp_path), "evaluate", str(tmp_path / "missing.json")]) == 2
    assert "文件不存在" in capsys.readouterr().err
