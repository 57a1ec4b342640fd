"""Zip import bounded and per member (issue 15): a member whose header under-declares its size (a small
declared size, a huge deflate stream) is that member's error and memory stays bounded (peak RSS
measured in a subprocess); the members before and after it are imported; every member is reported;
unsupported compression and a zip declaring too many entries are refused; progress and cancel."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from desktop.context import AppContext, build_context
from desktop.store import exchange
from desktop.store.exchange import CANCELLED, ERROR, IMPORTED, SKIPPED, ImportProgress, import_path
from tests.store.conftest import ROOT

GOOD = {"format": "qingdan-case/1", "checklists": ["kaiban-jilin"], "applicant": {"name": "示例甲"},
        "received_on": "2026-11-25"}


def _good(n: int) -> bytes:
    return json.dumps({**GOOD, "id": f"QD-20261125-{n:04d}"}, ensure_ascii=False).encode("utf-8")


def lying_zip(path: Path, stream_bytes: int, declared: int) -> Path:
    """a-good.json, then bomb.json (``stream_bytes`` of spaces deflated, header says ``declared``),
    then z-good.json."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a-good.json", _good(1))
        with zf.open("bomb.json", "w") as fh:
            block = b" " * (1 << 20)
            for _ in range(stream_bytes // len(block)):
                fh.write(block)
        zf.writestr("z-good.json", _good(2))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("bomb.json")
    struct.pack_into("<I", data, info.header_offset + 22, declared)  # local header: uncompressed size
    entry = data.find(b"PK\x01\x02", data.find(b"PK\x01\x02") + 1)  # the second central directory entry
    assert data[entry + 46:entry + 46 + len(b"bomb.json")] == b"bomb.json"
    struct.pack_into("<I", data, entry + 24, declared)  # central directory: uncompressed size
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as zf:
        assert zf.getinfo("bomb.json").file_size == declared
    return path


@pytest.fixture
def ctx(tmp_path: Path) -> AppContext:
    c = build_context(tmp_path / "data")
    yield c  # type: ignore[misc]
    c.close()


def test_lying_member_is_that_members_error_and_the_others_go_on(ctx: AppContext, tmp_path: Path) -> None:
    path = lying_zip(tmp_path / "lying.zip", 64 << 20, 1024)
    report = import_path(ctx.repo, ctx.catalog, path, "x")
    results = [(o.source, o.result) for o in report.outcomes]
    assert results == [("a-good.json", IMPORTED), ("bomb.json", ERROR), ("z-good.json", IMPORTED)]
    assert ctx.repo.count_cases() == 2 and not report.ok


def test_an_over_declared_member_is_refused_by_its_header(ctx: AppContext, tmp_path: Path) -> None:
    path = lying_zip(tmp_path / "big.zip", 1 << 20, exchange.MAX_MEMBER + 1)
    outcome = {o.source: o for o in import_path(ctx.repo, ctx.catalog, path, "x").outcomes}["bomb.json"]
    assert outcome.result == ERROR and "文件过大" in outcome.message


def test_unsupported_compression_is_that_members_error(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "bz.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.json", _good(1), compress_type=zipfile.ZIP_BZIP2)
        zf.writestr("b.json", _good(2), compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("notes.txt", "说明")
        zf.writestr("folder/", "")
    outcomes = {o.source: o for o in import_path(ctx.repo, ctx.catalog, path, "x").outcomes}
    assert outcomes["a.json"].result == ERROR and "压缩方式" in outcomes["a.json"].message
    assert outcomes["b.json"].result == IMPORTED
    assert outcomes["notes.txt"].result == SKIPPED and outcomes["folder/"].result == SKIPPED


def test_a_damaged_member_does_not_stop_the_others(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "damaged.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.json", _good(1))
        zf.writestr("b.json", b"x" * 5000)
        zf.writestr("c.json", _good(3))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("b.json")
    start = info.header_offset + 30 + len("b.json")
    data[start:start + 8] = b"\xff" * 8  # garble the deflate stream
    path.write_bytes(bytes(data))
    results = [o.result for o in import_path(ctx.repo, ctx.catalog, path, "x").outcomes]
    assert results == [IMPORTED, ERROR, IMPORTED]


def test_a_zip_declaring_too_many_members_is_refused_before_parsing(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("a.json", _good(1))
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x05\x06")
    struct.pack_into("<HH", data, end + 8, 0xFFFE, 0xFFFE)
    path.write_bytes(bytes(data))
    exchange_max = exchange.MAX_MEMBERS
    try:
        exchange.MAX_MEMBERS = 1000
        with pytest.raises(exchange.ExchangeError, match="文件过多"):
            import_path(ctx.repo, ctx.catalog, path, "x")
    finally:
        exchange.MAX_MEMBERS = exchange_max
    assert ctx.repo.count_cases() == 0


def test_progress_for_every_member_and_cancel_between_members(ctx: AppContext, tmp_path: Path) -> None:
    path = tmp_path / "five.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in range(1, 6):
            zf.writestr(f"{n}.json", _good(n))
    seen: list[ImportProgress] = []
    report = import_path(ctx.repo, ctx.catalog, path, "x", cancel=lambda: len(seen) >= 2, progress=seen.append)
    assert [(p.done, p.total) for p in seen] == [(n, 5) for n in range(1, 6)]
    assert [o.result for o in report.outcomes] == [IMPORTED, IMPORTED, CANCELLED, CANCELLED, CANCELLED]
    assert ctx.repo.count_cases() == 2 and "因取消未导入 3 个" in report.summary()


MEASURE = r"""
import json, sys
from pathlib import Path
from desktop.context import build_context
from desktop.store.exchange import import_path

ctx = build_context(Path(sys.argv[1]))
report = import_path(ctx.repo, ctx.catalog, Path(sys.argv[2]), "x")
ctx.close()
status = Path("/proc/self/status").read_text()
peak_kb = int(status.split("VmHWM:")[1].split()[0])
print(json.dumps({"peak_mb": peak_kb / 1024, "outcomes": [[o.source, o.result] for o in report.outcomes]}))
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="VmHWM from /proc")
def test_lying_zip_member_peak_rss_stays_bounded(tmp_path: Path) -> None:
    """Header: 1 KB; stream: 1 GiB.  Peak RSS of the importing process stays under 300 MB."""
    path = lying_zip(tmp_path / "lying.zip", 1 << 30, 1024)
    assert path.stat().st_size < 16 << 20 and zlib  # a small file
    done = subprocess.run([sys.executable, "-c", MEASURE, str(tmp_path / "data"), str(path)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    print(f"peak RSS {result['peak_mb']:.0f} MB")
    assert result["outcomes"] == [["a-good.json", IMPORTED], ["bomb.json", ERROR], ["z-good.json", IMPORTED]]
    assert result["peak_mb"] < 300


def test_export_never_turns_a_stored_case_id_into_a_path(ctx: AppContext, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A case id stored by an older version (before the id pattern) is exported under a safe name,
    and `qingdan cases` prints it on one line."""
    for cid in ("../../../../tmp/x", "QD-1\tforged\nQD-2"):
        ctx.repo.db.execute("INSERT INTO cases (id, applicant_name, received_on, created_at, updated_at) VALUES"
                            " (?, '示例', '2026-11-25', '2026-11-25T09:00:00', '2026-11-25T09:00:00')", [cid])
    exchange.export_cases(ctx.repo, tmp_path / "all.zip")
    with zipfile.ZipFile(tmp_path / "all.zip") as zf:
        names = zf.namelist()
    assert len(names) == 2 and all(n.startswith("case-") and "/" not in n and "\t" not in n for n in names)
    from desktop.app import main

    assert main(["--data-dir", str(ctx.data_dir), "cases"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == 2
