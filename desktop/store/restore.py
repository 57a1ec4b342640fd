"""Replacing the live database with another file: check → copy → migrate → verify → swap.

1. **Copy**: the file is copied with the SQLite backup API from a read-only connection, so a live
   database's committed ``-wal`` content comes along and the user's file is never written.  The copy
   lives in a scratch dir inside the data dir (``restore-<time>.tmp``; same disk, so the swap is a
   rename).
2. **Check and migrate the copy**: ``integrity_check``; a schema version this program knows; the schema
   exactly as the app builds it for that version (desktop/store/schema.py: an extra trigger, view,
   index or column, or a missing audit trigger, refuses the file); ``foreign_key_check``; then the
   copy is migrated to the current version and checked against the current schema again; its data
   within the input limits (desktop/core/limits.py).  The restored content cache (meta ``content`` /
   ``content_digest``) is dropped: the next start re-imports and re-validates the shipped content.
3. **Swap**, safe against a kill at any point: a marker file records the step; the live database's
   WAL is folded into it (which also fails while any other connection is open); the live file gets a
   second name ``qingdan.db.before-restore-<time>`` (a hard link, or a copy); then one atomic rename puts
   the checked copy in its place.  There is never a moment without a database, and never a foreign
   ``-wal`` beside the new one.  :func:`finish_interrupted` (run at start-up) completes or undoes an
   interrupted swap and says which.

Any failure before the swap leaves the live database untouched, and the message says so.  The
data dir must be held alone (desktop/store/lock.py): a restore under a running instance is refused,
naming it.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desktop.core import limits
from desktop.store import migrations, schema
from desktop.store.connection import Database, is_busy
from desktop.store.db import DB_NAME, RESTORE_MARKER, SCRATCH_SUFFIX, is_corruption, make_private, private_dir
from desktop.store.errors import BackupError, EnvironmentProblem, StoreError, environment_message
from desktop.store.lock import DataDirBusy, UseLock, exclusive_data_dir

MARKER = RESTORE_MARKER
SCRATCH_PREFIX = "restore-"
CANDIDATE = "candidate.db"
KILL_ENV = "QINGDAN_TEST_KILL_AT"  # tests: os._exit() at the named step (see tests/store/test_restore_kill.py)
CACHE_KEYS = ("content", "content_digest")
SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Candidate:
    """A checked, migrated copy in its scratch dir, ready to be swapped in."""

    path: Path
    scratch: Path
    source: Path
    from_version: int


@dataclass(frozen=True)
class RestoreReport:
    source: Path
    aside: Path | None  # where the database that was live before went
    from_version: int
    to_version: int

    @property
    def lines(self) -> list[str]:
        out = [f"已从 {self.source} 恢复数据库。"]
        if self.from_version < self.to_version:
            out.append(f"备份的数据库结构为第 {self.from_version} 版，已升级到第 {self.to_version} 版。")
        if self.aside is not None:
            out.append(f"原数据库已保留为 {self.aside}（含个人信息，不再需要时请删除）。")
        out.append("备份中的内容缓存不被采用：下次启动时从程序自带的清单文件重新导入并校验。")
        return out

    @property
    def message(self) -> str:
        return "\n".join(self.lines)


def _step(name: str) -> None:
    """Kill-safety tests end the process here when ``QINGDAN_TEST_KILL_AT`` names this step."""
    if os.environ.get(KILL_ENV) == name:
        os._exit(137)


def fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with path.open("rb+") as fh:
        os.fsync(fh.fileno())


def new_scratch(data_dir: Path, prefix: str = SCRATCH_PREFIX) -> Path:
    """A private scratch dir inside the data dir (removed by the caller; leftovers at start-up)."""
    path = data_dir / f"{prefix}{dt.datetime.now():%Y%m%d-%H%M%S-%f}{SCRATCH_SUFFIX}"
    try:
        return private_dir(path)
    except OSError as exc:
        message = environment_message(exc, data_dir)
        raise (EnvironmentProblem(message) if message else BackupError(f"无法写入数据目录 {data_dir}：{exc}")) from None


# ---------------------------------------------------------------- copy and verify


def _copy(source: Path, target: Path, scratch: Path) -> None:
    """Backup-API copy of ``source`` (its -wal included) without writing to it."""
    make_private(target)
    try:
        _backup(sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True), target)
        return
    except sqlite3.DatabaseError as exc:
        if is_corruption(exc):
            raise BackupError(f"{source.name}：不是有效的数据库文件（{exc}）") from None
    # cannot be read in place (e.g. a -wal in a read-only folder needs a -shm): copy the bytes first
    raw = scratch / "source.db"
    try:
        for suffix in ("", "-wal", "-journal"):
            if Path(f"{source}{suffix}").exists():
                shutil.copyfile(f"{source}{suffix}", f"{raw}{suffix}")
        _backup(sqlite3.connect(str(raw)), target)
    except OSError as exc:
        raise BackupError(f"{source}：无法读取：{exc.strerror}") from None
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source.name}：不是有效的数据库文件（{exc}）") from None


def _backup(src: sqlite3.Connection, target: Path) -> None:
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            dst.close()
    finally:
        src.close()


def _intact(conn: sqlite3.Connection, name: str) -> None:
    rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)")]
    if rows != ["ok"]:
        raise BackupError(f"{name}：文件已损坏（{rows[0]}）")


# (table, column, SQL condition for a bad row, what is wrong); the row is named by ``key``
_DATA_CHECKS: list[tuple[str, str, str, str]] = [
    *[("cases", "id", f"length({col}) > {limits.TEXT_LIMITS[field]}", f"{limits.FIELD_LABELS[field]}过长")
      for col, field in (("applicant_name", "name"), ("id_number", "id_number"), ("contact", "contact"),
                         ("phone", "phone"), ("clerk", "clerk"), ("office", "office"))],
    ("cases", "id", f"length(id) > {limits.CASE_ID_MAX} OR id GLOB :controls", "办件编号含有控制字符或过长"),
    ("cases", "id", "date(received_on) IS NOT received_on", "受理日期无效"),
    ("cases", "id", "closed_at IS NOT NULL AND julianday(closed_at) IS NULL", "办结时间无效"),
    ("answers", "case_id", f"NOT json_valid(value) OR length(value) > {limits.TEXT_LIMITS['answer'] + 2}",
     "回答无效或过长"),
    ("answers", "case_id", "json_type(value) IN ('integer', 'real') AND (json_extract(value, '$') < 0"
                           f" OR json_extract(value, '$') > {limits.MAX_NUMBER:.0f})", "数值回答超出范围"),
    ("item_states", "case_id", f"length(note) > {limits.TEXT_LIMITS['note']}"
                               f" OR length(updated_by) > {limits.TEXT_LIMITS['updated_by']}", "事项备注过长"),
    ("audit", "case_id", f"length(old) > {limits.TEXT_LIMITS['audit_value']}"
                         f" OR length(new) > {limits.TEXT_LIMITS['audit_value']}", "办理记录过长"),
    ("settings", "key", f"length(value) > {limits.TEXT_LIMITS['setting']}", "设置值过长"),
    ("material_states", "case_id", f"length(name) > {limits.TEXT_LIMITS['material']}"
                                   f" OR length(note) > {limits.TEXT_LIMITS['note']} OR name GLOB :controls"
                                   " OR (due != '' AND date(due) IS NOT due)", "材料情况无效或过长"),
    ("guide_entries", "key", "(data IS NOT NULL AND NOT json_valid(data)) OR date(origin_date) IS NOT origin_date"
                             f" OR length(data) > {limits.MAX_MATERIALS * 1000 + 2000}", "本中心办事指南记录无效"),
]
_CONTROLS = "*[" + "".join(chr(c) for c in range(1, 32)) + chr(127) + "]*"


# text columns the app reads as str (nullable ones may also be NULL)
_TEXT_COLUMNS: dict[str, tuple[str, ...]] = {
    "cases": ("id", "applicant_name", "id_number", "contact", "phone", "clerk", "office", "received_on",
              "status", "created_at", "updated_at", "?closed_at", "?next_due"),
    "case_checklists": ("case_id", "checklist_id", "version"),
    "answers": ("case_id", "question_id", "value", "updated_at"),
    "item_states": ("case_id", "checklist_id", "item_id", "status", "note", "updated_by", "updated_at"),
    "audit": ("case_id", "at", "who", "action", "field", "?old", "?new"),
    "settings": ("key", "value"),
    "material_states": ("case_id", "checklist_id", "item_id", "name", "state", "form", "due", "note", "updated_by",
                        "updated_at"),
    "guide_entries": ("key", "action", "?data", "office", "origin_title", "origin_number", "origin_date", "source",
                      "who", "at"),
}


def _not_text(column: str) -> str:
    allowed = "'text', 'null'" if column.startswith("?") else "'text'"
    return f"typeof({column.lstrip('?')}) NOT IN ({allowed})"


def _text_problems(conn: sqlite3.Connection) -> list[str]:
    """Values the app could not read back as text: another type, or bytes that are not UTF-8."""
    for table, columns in _TEXT_COLUMNS.items():
        names = [c.lstrip("?") for c in columns]
        bad = " OR ".join(_not_text(c) for c in columns)
        if conn.execute(f"SELECT 1 FROM {table} WHERE {bad} LIMIT 1").fetchone() is not None:
            return [f"表 {table} 中有不是文字的值"]
        conn.text_factory = bytes
        try:
            for row in conn.execute(f"SELECT {', '.join(names)} FROM {table}"):
                for value in row:
                    if isinstance(value, bytes):
                        value.decode("utf-8")
        except UnicodeDecodeError:
            return [f"表 {table} 中有无效的文字编码"]
        finally:
            conn.text_factory = str
    return []


def data_problems(conn: sqlite3.Connection) -> list[str]:
    """Rows outside the input limits in a current-schema database (first of each kind)."""
    out = _text_problems(conn)
    if out:
        return out
    for table, key, condition, what in _DATA_CHECKS:
        sql = f"SELECT {key} FROM {table} WHERE {condition} LIMIT 1"
        row = conn.execute(sql, {"controls": _CONTROLS} if ":controls" in condition else {}).fetchone()
        if row is not None:
            out.append(f"{what}（{limits.safe_text(str(row[0]))[:40]}）")
    return out


def verify_and_migrate(path: Path, name: str) -> int:
    """Check the copy at ``path`` (see the module docstring), migrate it to the current schema and
    drop its content cache; returns the version it had.  Raises :class:`BackupError`."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error as exc:
        raise BackupError(f"{name}：无法打开：{exc}") from None
    try:
        _intact(conn, name)
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version < 1 or not {"cases", "audit", "meta"} <= tables:
            raise BackupError(f"{name}：不是营商办事清单的数据库")
        if version > len(migrations.MIGRATIONS):
            raise BackupError(f"{name}：来自更新版本的程序（结构版本 {version}），请升级程序")
        _same_schema(conn, version, name)
        if conn.execute("PRAGMA foreign_key_check").fetchone() is not None:
            raise BackupError(f"{name}：数据不一致（有不属于任何办件的记录）")
        conn.execute("PRAGMA foreign_keys = ON")
        try:
            for number in range(version + 1, len(migrations.MIGRATIONS) + 1):
                migrations.apply(Database(conn), number)
        except sqlite3.Error as exc:
            raise BackupError(f"{name}：无法升级到本程序的数据库结构（{exc}）") from None
        _same_schema(conn, len(migrations.MIGRATIONS), name)
        conn.execute(f"DELETE FROM meta WHERE key IN ({', '.join('?' * len(CACHE_KEYS))})", CACHE_KEYS)
        problems = data_problems(conn)
        if problems:
            raise BackupError(f"{name}：数据超出本程序的限制：{'；'.join(problems[:3])}")
        _intact(conn, name)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{name}：不是有效的数据库文件（{exc}）") from None
    finally:
        conn.close()
    fsync_file(path)
    return version


def _same_schema(conn: sqlite3.Connection, version: int, name: str) -> None:
    found = schema.differences(conn, version)
    if found:
        more = f"等 {len(found)} 处" if len(found) > 3 else ""
        raise BackupError(f"{name}：数据库结构与本程序第 {version} 版不符（{'；'.join(found[:3])}{more}），拒绝使用")


def prepare_candidate(source: Path, data_dir: Path) -> Candidate:
    """Copy, check and migrate ``source`` in a new scratch dir (removed again on failure)."""
    scratch = new_scratch(data_dir)
    try:
        target = scratch / CANDIDATE
        _copy(source, target, scratch)
        _step("copied")
        version = verify_and_migrate(target, source.name)
        _step("verified")
        return Candidate(target, scratch, source, version)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise


# ---------------------------------------------------------------- swap


def _aside_name(data_dir: Path, label: str) -> Path:
    stamp = f"{dt.datetime.now():%Y%m%d-%H%M%S}"
    aside, n = data_dir / f"{DB_NAME}.{label}-{stamp}", 1
    while any(Path(f"{aside}{s}").exists() for s in ("", *SIDE_FILES)):
        n += 1
        aside = data_dir / f"{DB_NAME}.{label}-{stamp}-{n}"
    return aside


def _write_marker(data_dir: Path, info: dict[str, str | None]) -> None:
    marker = data_dir / MARKER
    part = data_dir / f"{MARKER}.part"
    make_private(part)
    part.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
    fsync_file(part)
    os.replace(part, marker)
    fsync_dir(data_dir)


def _fold(live: Path) -> bool:
    """Fold the live database's WAL into its main file (rollback-journal mode); False when the file is
    too damaged for SQLite to do it.  Raises :class:`DataDirBusy` while another connection has it open."""
    try:
        conn = sqlite3.connect(str(live), timeout=0, isolation_level=None)
        try:
            mode = str(conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.OperationalError as exc:
        if is_busy(exc):
            raise DataDirBusy(f"数据库 {live} 仍被另一个程序打开（它没有登记在数据目录的锁中），请关闭它后再试") from None
        return False
    except sqlite3.DatabaseError:
        return False
    return mode.lower() == "delete" and not Path(f"{live}-wal").exists()


def _keep_aside(live: Path, aside: Path, folded: bool) -> None:
    """Give the live database its second name (a hard link; a synced copy where links fail).  An
    unfolded (damaged) database keeps its -wal beside its new name, and none stays beside ``live``."""
    try:
        if not folded:
            raise OSError("copy")
        os.link(live, aside)
    except OSError:
        shutil.copyfile(live, aside)
        os.chmod(aside, 0o600)
        fsync_file(aside)
        wal = Path(f"{live}-wal")
        if wal.exists():
            shutil.copyfile(wal, f"{aside}-wal")
            os.chmod(f"{aside}-wal", 0o600)
            fsync_file(Path(f"{aside}-wal"))
            wal.unlink()
    fsync_dir(live.parent)


def swap_in(data_dir: Path, candidate: Candidate, label: str) -> Path | None:
    """Put ``candidate`` in place of the live database; returns the live one's new name (None when
    there was none).  Call with the data dir held alone (:func:`exclusive_data_dir`).  An OSError
    means the rename did not happen: :func:`finish_interrupted` then undoes the preparations."""
    live = data_dir / DB_NAME
    aside = _aside_name(data_dir, label) if live.exists() else None
    _write_marker(data_dir, {"scratch": candidate.scratch.name, "aside": aside.name if aside else None})
    _step("marked")
    folded = _fold(live) if live.exists() else True
    _step("folded")
    if aside is not None:
        _keep_aside(live, aside, folded)
    _step("kept")
    for suffix in SIDE_FILES:  # none may be left for SQLite to apply to the new file
        Path(f"{live}{suffix}").unlink(missing_ok=True)
    os.replace(candidate.path, live)
    try:  # done: nothing after the rename may fail the swap (start-up finishes any leftover)
        fsync_dir(data_dir)
        _step("swapped")
        shutil.rmtree(candidate.scratch, ignore_errors=True)
        (data_dir / MARKER).unlink(missing_ok=True)
        fsync_dir(data_dir)
    except OSError:
        pass
    return aside


def finish_interrupted(data_dir: Path) -> str | None:
    """Complete or undo a swap a kill interrupted (see :func:`swap_in`); a sentence for the user, or
    None when there was nothing to do.  Call with the data dir held alone."""
    marker = data_dir / MARKER
    if not marker.exists():
        return None
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
        scratch = data_dir / Path(str(info["scratch"])).name
        aside = data_dir / Path(str(info["aside"])).name if info.get("aside") else None
    except (OSError, ValueError, KeyError, TypeError):
        marker.unlink(missing_ok=True)
        return None
    live = data_dir / DB_NAME
    if (scratch / CANDIDATE).exists():  # the rename never happened: the live database is unchanged
        if aside is not None and aside.exists():
            if live.exists():
                aside.unlink()
            else:
                os.replace(aside, live)
            if Path(f"{aside}-wal").exists() and not Path(f"{live}-wal").exists():
                os.replace(f"{aside}-wal", f"{live}-wal")
        message = "上次恢复数据库时程序被中断，恢复未完成；数据库保持恢复前的状态。"
    else:
        kept = f"，原数据库保留为 {aside}" if aside is not None else ""
        message = f"上次恢复数据库时程序被中断；恢复已经完成{kept}。"
    shutil.rmtree(scratch, ignore_errors=True)
    marker.unlink(missing_ok=True)
    fsync_dir(data_dir)
    return message


# ---------------------------------------------------------------- the operation


def _untouched(exc: StoreError) -> StoreError:
    text = f"未恢复：{exc}；当前数据库未改动。"
    if isinstance(exc, DataDirBusy):
        return DataDirBusy(text, exc.holder)
    return EnvironmentProblem(text) if isinstance(exc, EnvironmentProblem) else BackupError(text)


def restore_database(data_dir: Path, file: str | os.PathLike[str], own: UseLock | None = None,
                     holder: str = "命令行 restore") -> RestoreReport:
    """Restore ``file`` into ``data_dir`` (the whole pipeline of the module docstring).

    ``own``: the caller's use slot, if it holds one (its own database connection must be closed).
    Raises :class:`StoreError` (one line ending "当前数据库未改动") and then nothing has changed.
    """
    source = Path(file)
    live = data_dir / DB_NAME
    try:
        if not source.is_file():
            raise BackupError(f"{source}：文件不存在")
        if live.exists() and os.path.samefile(source, live):
            raise BackupError(f"{source} 就是正在使用的数据库")
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        with exclusive_data_dir(data_dir, holder, "恢复数据库", own):
            finish_interrupted(data_dir)
            candidate = prepare_candidate(source, data_dir)
            try:
                aside = swap_in(data_dir, candidate, "before-restore")
            except BaseException:
                finish_interrupted(data_dir)  # the candidate is still in its scratch dir: undo
                shutil.rmtree(candidate.scratch, ignore_errors=True)
                raise
    except StoreError as exc:
        raise _untouched(exc) from None
    except OSError as exc:
        message = environment_message(exc, data_dir) or f"无法恢复：{exc.strerror or exc}"
        raise _untouched(BackupError(message)) from None
    return RestoreReport(source, aside, candidate.from_version, len(migrations.MIGRATIONS))
