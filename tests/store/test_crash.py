"""Crash safety: a writer killed with SIGKILL mid-stream loses nothing it acknowledged and leaves an
intact database; two processes writing (and reading) the same data dir at once never see
"database is locked", including when both start on a fresh dir and race to run the migrations."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.store.db import open_database
from desktop.store.repository import Repository

ROOT = Path(__file__).resolve().parents[2]

# One acknowledgement line per iteration, printed only after both transactions have committed.
WRITER = r"""
import datetime as dt, sys
from pathlib import Path
from desktop.core.model import Applicant
from desktop.store.db import open_database
from desktop.store.repository import Repository

data, tag, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
repo = Repository(open_database(data))
cid = repo.create_case(Applicant(f"进程{tag}"), [("kaiban", "v1")], dt.date(2026, 11, 25), "", "", tag)
print(f"case {cid}", flush=True)
for i in range(count):
    repo.set_answer(cid, f"q{i}", i, tag)
    repo.set_item_state(cid, "kaiban", f"A{i}", "done", f"备注 {i}", tag)
    if i % 7 == 0:  # reads between writes must not hold a lock or a stale snapshot
        repo.list_cases("进程")
        repo.get_case(cid)
        repo.count_cases()
    print(f"ack {i}", flush=True)
print("finished", flush=True)
"""

posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL")


def _start(data: Path, tag: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(data), tag, str(count)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def _check(data: Path, cid: str, acked: list[int], tag: str) -> None:
    repo = Repository(open_database(data))
    try:
        assert repo.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        repo.db.execute("INSERT INTO cases_fts (cases_fts) VALUES ('integrity-check')")
        case = repo.get_case(cid)
        assert case is not None
        for i in acked:
            assert case.profile[f"q{i}"] == i
            state = case.state("kaiban", f"A{i}")
            assert (state.status, state.note, state.updated_by) == ("done", f"备注 {i}", tag)
    finally:
        repo.close()


@posix_only
@pytest.mark.parametrize("kill_after", [1, 40, 150])
def test_sigkill_mid_stream_loses_nothing_acknowledged(tmp_path: Path, kill_after: int) -> None:
    data = tmp_path / "data"
    data.mkdir()
    proc = _start(data, "w", 1_000_000)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    assert first.startswith("case "), proc.stderr.read() if proc.stderr else ""
    cid = first.split()[1]
    acked: list[int] = []
    while len(acked) < kill_after:
        line = proc.stdout.readline()
        assert line.startswith("ack "), line
        acked.append(int(line.split()[1]))
    os.kill(proc.pid, signal.SIGKILL)
    rest, _ = proc.communicate(timeout=30)
    acked += [int(line.split()[1]) for line in rest.splitlines() if line.startswith("ack ")]
    assert proc.returncode == -signal.SIGKILL
    _check(data, cid, acked, "w")


def test_two_processes_write_the_same_data_dir_without_lock_errors(tmp_path: Path) -> None:
    data = tmp_path / "fresh"  # fresh: both processes also race to create and migrate the database
    data.mkdir()
    procs = {tag: _start(data, tag, 120) for tag in ("甲", "乙")}
    results = {tag: p.communicate(timeout=300) for tag, p in procs.items()}
    for tag, (out, err) in results.items():
        assert procs[tag].returncode == 0, err
        assert "locked" not in err and "Traceback" not in err
        assert out.splitlines()[-1] == "finished"
    cases = {tag: out.splitlines()[0].split()[1] for tag, (out, _) in results.items()}
    assert len(set(cases.values())) == 2  # sequential numbers were not handed out twice
    for tag, cid in cases.items():
        _check(data, cid, list(range(120)), tag)
