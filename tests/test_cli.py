"""The command-line contract (DESIGN §4): --version, list, show, --startup-check, bad input."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import __version__
from desktop.app import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"qingdan {__version__}"


def test_list_json_has_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["id"] for r in rows} >= {"kaiban-jilin"}
    for r in rows:
        assert set(r) >= {"id", "title", "family", "region", "version", "items"}
        assert isinstance(r["items"], int) and r["items"] > 0


def test_show_json_has_items_with_basis(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "kaiban-jilin", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == "kaiban-jilin" and data["family"] == "开办企业"
    assert data["questions"] and data["items"]
    for item in data["items"]:
        assert item["basis"]
        for b in item["basis"]:
            assert set(b) == {"source", "article", "quote"} and b["quote"]


def test_unknown_checklist_is_one_line_and_nonzero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "no-such-list"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no-such-list" in err[0]


def test_unknown_command_is_a_usage_error_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_startup_check_in_a_subprocess(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    imported: list[str] = []
    for expected in ("内容已导入", "内容缓存"):  # second start reuses the imported content
        proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "desktop", "--data-dir", str(tmp_path),
                               "--startup-check"], capture_output=True, text=True, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith("startup-check: ok")
        assert expected in proc.stdout
        imported = [line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")]
    # what the start-up figure rests on (docs/performance.md): an unchanged start with a data dir given imports
    # no restore machinery, TOML reader, released-ids lock, passphrase hashing or platformdirs, and the Qt-free
    # context before PySide6 (whose import hook reads the source of every module imported after it)
    for module in ("desktop.store.restore", "tomllib", "desktop.core.released", "desktop.core.passphrase",
                   "platformdirs", "desktop.core.content_rules", "sqlite_utils"):
        assert module not in imported, module
    assert imported.index("desktop.context") < imported.index("PySide6.QtCore")


@pytest.mark.parametrize(("argv", "data_dir", "check"), [
    ([], None, False),
    (["--startup-check"], None, True),
    (["--data-dir", "/d"], "/d", False),
    (["--data-dir=/d", "--startup-check"], "/d", True),
    (["--startup-check", "--data-dir", "数据 目录"], "数据 目录", True),
])
def test_the_gui_options_are_read_without_the_full_parser(argv: list[str], data_dir: str | None, check: bool) -> None:
    from desktop.cli import _gui_options

    options = _gui_options(argv)
    assert options is not None
    assert (options.data_dir, options.startup_check) == (data_dir, check)


@pytest.mark.parametrize("argv", [
    ["list"], ["--help"], ["--version"], ["--data"], ["--data", "/d"], ["--data-dir"], ["--data-dir", "--startup-check"],
    ["--data-dir", "/a", "--data-dir", "/b"], ["--startup-check", "--startup-check"], ["--", "list"], ["-x"],
])
def test_anything_else_goes_to_the_full_parser(argv: list[str]) -> None:
    from desktop.cli import _gui_options

    assert _gui_options(argv) is None


def test_an_abbreviated_option_still_reaches_the_gui_through_the_full_parser(monkeypatch: pytest.MonkeyPatch,
                                                                             tmp_path: Path) -> None:
    from desktop import cli

    monkeypatch.delenv("QINGDAN_DATA_DIR", raising=False)
    assert cli.run(["--data", str(tmp_path)]) is None  # None: start the GUI
    assert os.environ["QINGDAN_DATA_DIR"] == str(tmp_path)
