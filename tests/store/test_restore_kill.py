"""Kill-safety of restore (issue 15): the restore process is killed (os._exit, no clean-up) at each step;
the next start sees either the database from before the restore or the restored one — never an
empty or half-swapped one — and says what happened when it had to finish or undo the swap."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.context import build_context
from desktop.store.backup import make_backup
from desktop.store.db import DB_NAME
from desktop.store.restore import KILL_ENV, MARKER
from tests.store.conftest import ROOT, worked_case

STEPS = ["copied", "verified", "marked", "folded", "kept", "swapped"]
AFTER_SWAP = {"swapped"}


def _cli(data: Path, *argv: str, kill_at: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "QINGDAN_DATA_DIR": str(data)}
    env.pop(KILL_ENV, None)
    if kill_at:
        env[KILL_ENV] = kill_at
    return subprocess.run([sys.executable, "-m", "desktop", *argv], cwd=ROOT, env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


@pytest.mark.parametrize("step", STEPS)
def test_restore_killed_at_each_step_never_leaves_an_empty_database(tmp_path: Path, step: str) -> None:
    data = tmp_path / "data"
    ctx = build_context(data)
    worked_case(ctx, "示例备份中")
    saved = make_backup(data, ctx.repo.db)
    worked_case(ctx, "示例备份后")
    ctx.close()

    killed = _cli(data, "restore", str(saved), kill_at=step)
    assert killed.returncode == 137, killed.stderr

    after = _cli(data, "cases", "--json")
    assert after.returncode == 0, after.stderr
    names = sorted(r["name"] for r in json.loads(after.stdout))
    if step in AFTER_SWAP:
        assert names == ["示例备份中"]
        assert list(data.glob(f"{DB_NAME}.before-restore-*")), "the old database is kept"
    else:
        assert names == ["示例备份中", "示例备份后"]  # untouched
        assert not list(data.glob(f"{DB_NAME}.before-restore-*")), "no stray second name of the live file"
    if step in ("marked", "folded", "kept", "swapped"):
        assert "上次恢复数据库时程序被中断" in after.stderr and ("已经完成" in after.stderr) == (step in AFTER_SWAP)
    assert not (data / MARKER).exists() and not list(data.glob("restore-*.tmp"))

    again = _cli(data, "restore", str(saved))  # and the restore can simply be done again
    assert again.returncode == 0, again.stderr
    assert sorted(r["name"] for r in json.loads(_cli(data, "cases", "--json").stdout)) == ["示例备份中"]
