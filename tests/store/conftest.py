"""Store test helpers: cases with personal data, a read-only folder, a small disk."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.context import AppContext
from desktop.core.model import Applicant

ROOT = Path(__file__).resolve().parents[2]


def worked_case(ctx: AppContext, name: str = "示例长春市甲餐饮有限公司", id_number: str = "91220101MA0000001X",
                phone: str = "13812345678") -> str:
    """A case with answers, item states and notes (示例 data)."""
    kaiban = ctx.catalog.checklists["kaiban-jilin"]
    cid = ctx.repo.create_case(Applicant(name, id_number, "示例联系人", phone), [(kaiban.id, kaiban.version)],
                               dt.date(2026, 11, 25), "李四", "一号窗口", "李四")
    ctx.repo.set_answer(cid, "region", "长春市", "李四")
    ctx.repo.set_item_state(cid, kaiban.id, kaiban.items[0].id, "done", f"已核验 {name}", "李四")
    return cid


def _run(*argv: str) -> bool:
    return subprocess.run(argv, capture_output=True).returncode == 0


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` really read-only for this process: a read-only bind mount as root (chmod does
    not stop root), chmod a-w otherwise.  Skips the test when neither is possible."""
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    if os.geteuid() != 0:
        mode = folder.stat().st_mode
        os.chmod(folder, 0o555)
        try:
            yield
        finally:
            os.chmod(folder, mode)
        return
    if not (_run("mount", "--bind", str(folder), str(folder))
            and _run("mount", "-o", "remount,ro,bind", str(folder))):
        _run("umount", str(folder))
        pytest.skip("cannot make a read-only bind mount here")
    try:
        yield
    finally:
        _run("umount", str(folder))


@contextlib.contextmanager
def small_disk(folder: Path, size: str = "3m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder`` (root only; skips otherwise)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name != "posix" or os.geteuid() != 0 or not _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                                                           str(folder)):
        pytest.skip("needs root to mount a small tmpfs")
    try:
        yield folder
    finally:
        _run("umount", "-l", str(folder))
