"""Start-up housekeeping and file modes (issue 15): leftovers of interrupted operations (.part backups,
scratch dirs, print-preview PDFs) are removed at start; unusable settings fall back to their
defaults with a notice; everything the app writes in the data dir is owner-only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from desktop.context import build_context
from desktop.logs import log_exception
from desktop.services.documents import render_case_pdf
from desktop.store import settings
from desktop.store.backup import make_backup
from desktop.store.housekeeping import temp_pdf_path
from desktop.store.purge import purge
from desktop.store.restore import restore_database
from tests.store.conftest import worked_case


def test_leftovers_are_removed_at_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ctx = build_context(data)
    worked_case(ctx)
    make_backup(data, ctx.repo.db)
    preview = temp_pdf_path(data)
    ctx.close()
    leftovers = [data / "backups" / "qingdan-20250101-000000-000000-manual.db.part", data / "qingdan.db.restore-tmp",
                 data / "restore-20250101-000000-000000.tmp" / "candidate.db", preview,
                 data / "tmp" / ".summary-abc.pdf.tmp"]
    for path in leftovers:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"personal data")
    ctx = build_context(data)
    ctx.close()
    assert not any(p.exists() for p in leftovers)
    assert not (data / "restore-20250101-000000-000000.tmp").exists()
    assert len(list((data / "backups").glob("*.db"))) == 1  # real backups stay


def test_leftovers_stay_while_another_process_uses_the_data_dir(tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = build_context(data)
    part = data / "backups" / "x.db.part"
    part.parent.mkdir(exist_ok=True)
    part.write_bytes(b"being written by the other process")
    build_context(data).close()
    assert part.exists()
    first.close()


@pytest.mark.parametrize(("key", "value", "default"), [
    ("mode", "bogus", "clerk"), ("font_size", "huge", "normal"), ("retention_days", "abc", "365"),
    ("retention_days", "-5", "365"), ("pdf_mask", "yes", "0"), ("clerk_name", "李" * 500, ""),
])
def test_unusable_settings_fall_back_to_defaults_with_a_notice(tmp_path: Path, key: str, value: str,
                                                               default: str) -> None:
    ctx = build_context(tmp_path / "data")
    ctx.repo.set_setting(key, value[:4000])
    assert settings.get(ctx.repo, key) == default
    ctx.close()
    ctx = build_context(tmp_path / "data")
    try:
        assert any(settings.SETTINGS[key].label in n and "默认值" in n for n in ctx.notices)
        assert ctx.repo.setting(key, "") == default
        assert not build_context(tmp_path / "data").notices  # once
    finally:
        ctx.close()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_everything_written_in_the_data_dir_is_owner_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old = os.umask(0o022)  # a usual desktop umask: files 0644 unless the app says otherwise
    try:
        data = tmp_path / "data"
        ctx = build_context(data)
        cid = worked_case(ctx)
        ctx.repo.close_case(cid, "李四")
        saved = make_backup(data, ctx.repo.db)
        case = ctx.repo.get_case(cid)
        assert case is not None
        preview = temp_pdf_path(data)
        render_case_pdf(ctx.catalog, case, preview)
        assert _mode(preview) == 0o600 and _mode(preview.parent) == 0o700
        ctx.close()
        try:
            raise RuntimeError("示例")
        except RuntimeError as exc:
            log_exception(exc, data)
        assert _mode(data / "logs" / "qingdan.log") == 0o600
        restore_database(data, saved)
        purge(data, 0, "管理员")
        build_context(data).close()
        loose = [(str(p.relative_to(data)), oct(_mode(p))) for p in [data, *data.rglob("*")]
                 if _mode(p) & 0o077]
        assert loose == []
        assert (data / "logs" / "qingdan.log").exists()
    finally:
        os.umask(old)
