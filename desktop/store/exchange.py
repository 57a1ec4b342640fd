"""Export and import of cases: case files (format v1), zips of case files, CSV of the case list.

An exported case file is :func:`desktop.core.casefile.dump_case` plus the optional keys ``status``,
``closed_at`` and ``audit`` (the case's audit trail).  Import is idempotent, matching on the case id:
a case not in the database is inserted as the file describes it (timestamps, item states, audit
trail) plus one audit entry for the import; the same content again is ``unchanged``; different
content is a ``conflict`` and is never overwritten.  Every exported file holds personal data:
written owner-only, and every export returns :data:`PERSONAL_DATA_WARNING` for the user.

Zip import is bounded whatever the zip claims: members are read in chunks and never more than
:data:`MAX_MEMBER` + one chunk is held (a member whose header under-declares its size cannot blow up
memory); only stored and deflated members are read (bzip2/lzma decompress without an output bound);
a zip declaring more than :data:`MAX_MEMBERS` entries is refused before its directory is parsed.  A
bad member is that member's error and the others go on; the report has one outcome per member
(skipped, cancelled and failed ones included).  :func:`iter_import` yields per-member progress and
honours a cancel flag between members (each member is its own transaction).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import sqlite3
import struct
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.casefile import CaseFileError, dump_case, parse_case, parse_json, read_case_bytes
from desktop.core.catalog import Catalog
from desktop.core.errors import UserError
from desktop.core.limits import MAX_CASE_FILE_BYTES, InputError, check_case_id, safe_text
from desktop.core.model import Case
from desktop.store.errors import StoreError, environment_message
from desktop.store.repository import AuditEntry, Repository

PERSONAL_DATA_WARNING = "注意：导出的文件含有申请人的个人信息（姓名、证件号码、电话），请妥善保管，不再需要时及时删除。"
IMPORTED, UNCHANGED, CONFLICT, ERROR = "imported", "unchanged", "conflict", "error"
SKIPPED, CANCELLED = "skipped", "cancelled"
RESULT_TEXT = {IMPORTED: "已导入", UNCHANGED: "未变化（已存在相同办件）", CONFLICT: "冲突：已存在内容不同的同号办件，未覆盖",
               ERROR: "错误", SKIPPED: "已跳过", CANCELLED: "未导入（已取消）"}
MAX_MEMBER = MAX_CASE_FILE_BYTES  # the case-file limit; refuse zip bombs
MAX_MEMBERS = 200_000  # an export of 100k cases fits twice
CHUNK = 64 * 1024
_READABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
CSV_HEADER = ["办件编号", "申请人", "证件号码", "联系电话", "受理日期", "清单", "状态", "已办结事项", "适用事项", "最后修改"]
_CSV_STATUS = {"open": "办理中", "closed": "已办结"}
_AUDIT_KEYS = ("at", "who", "action", "field", "old", "new")


class ExchangeError(UserError):
    """An export or import that cannot be done at all; the message is one line for the user."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    cases: int
    warning: str = PERSONAL_DATA_WARNING


@dataclass(frozen=True)
class ImportOutcome:
    case_id: str | None  # None when the file could not be read as a case
    source: str  # file name (or zip member)
    result: str  # IMPORTED | UNCHANGED | CONFLICT | ERROR
    message: str = ""

    def line(self) -> str:
        """One line, tab-separated: case id, outcome, source (control characters never pass)."""
        text = RESULT_TEXT[self.result] + (f"：{self.message}" if self.message else "")
        return "\t".join(one_line(part) for part in (self.case_id or "-", text, self.source))


def one_line(text: str) -> str:
    """``text`` as one line: control characters and lone surrogates become spaces."""
    return " ".join(safe_text(text).replace("�", " ").split()) or "-"


@dataclass(frozen=True)
class ImportProgress:
    """One member done: ``done`` of ``total`` (members of the zip; 1 for a single file)."""

    done: int
    total: int
    outcome: ImportOutcome


@dataclass
class ImportReport:
    outcomes: list[ImportOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(o.result in (IMPORTED, UNCHANGED, SKIPPED) for o in self.outcomes)

    def counts(self) -> dict[str, int]:
        return {r: sum(o.result == r for o in self.outcomes) for r in RESULT_TEXT}

    def summary(self) -> str:
        c = self.counts()
        text = (f"导入 {c[IMPORTED]} 个，未变化 {c[UNCHANGED]} 个，冲突 {c[CONFLICT]} 个，错误 {c[ERROR]} 个，"
                f"跳过 {c[SKIPPED]} 个")
        return text + (f"，因取消未导入 {c[CANCELLED]} 个" if c[CANCELLED] else "")


# ---------------------------------------------------------------- export


def case_document(repo: Repository, case_id: str) -> dict[str, Any]:
    """The case file dict for one stored case, with its status and audit trail."""
    case = repo.get_case(case_id)
    if case is None:
        raise ExchangeError(f"没有编号为“{one_line(case_id)}”的办件")
    doc = dump_case(case)
    doc["status"] = repo.case_status(case_id) or "open"
    closed = repo.closed_at(case_id)
    if closed:
        doc["closed_at"] = closed
    doc["audit"] = [{k: getattr(e, k) for k in _AUDIT_KEYS} for e in repo.audit_log(case_id)]
    return doc


def _encode(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _write_error(path: Path, exc: OSError) -> ExchangeError:
    return ExchangeError(environment_message(exc, path) or f"{path}：无法写入：{exc.strerror}")


def _write_private(path: Path, write: Callable[[io.BufferedWriter], None]) -> Path:
    """Write ``path`` atomically (temp file beside it, then rename), mode 0600.  A failing or
    cancelled ``write`` leaves no temp file behind."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".qingdan-", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _write_error(path, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def export_case(repo: Repository, case_id: str, path: Path) -> ExportResult:
    blob = _encode(case_document(repo, case_id))
    return ExportResult(_write_private(path, _bytes(blob)), 1)


class ExportCancelled(ExchangeError):
    """The user cancelled an export; nothing was written."""


def member_name(case_id: str, taken: set[str]) -> str:
    """``<case id>.json``; a case id outside the documented pattern (stored by an older version)
    never becomes a path: it is replaced by a digest."""
    base = case_id if check_case_id(case_id) is None else "case-" + hashlib.sha256(case_id.encode()).hexdigest()[:16]
    name, n = f"{base}.json", 1
    while name.lower() in taken:
        n += 1
        name = f"{base}-{n}.json"
    taken.add(name.lower())
    return name


def export_cases(repo: Repository, path: Path, case_ids: list[str] | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 cancel: Callable[[], bool] | None = None) -> ExportResult:
    """Many cases (default: all) into a zip of ``<case id>.json`` files, one case in memory at a time.

    ``progress(done, total)`` after each case; ``cancel()`` is asked between cases — a cancelled
    export raises :class:`ExportCancelled` and leaves nothing behind.
    """
    ids = repo.case_ids() if case_ids is None else case_ids
    for cid in ids:  # unknown ids fail before writing
        if repo.case_status(cid) is None:
            raise ExchangeError(f"没有编号为“{one_line(cid)}”的办件")
    taken: set[str] = set()

    def write(fh: io.BufferedWriter) -> None:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            for n, cid in enumerate(ids, 1):
                if cancel is not None and cancel():
                    raise ExportCancelled("已取消导出，未写入文件")
                zf.writestr(member_name(cid, taken), _encode(case_document(repo, cid)))
                if progress is not None:
                    progress(n, len(ids))

    return ExportResult(_write_private(path, write), len(ids))


def _bytes(blob: bytes) -> Callable[[io.BufferedWriter], None]:
    def write(fh: io.BufferedWriter) -> None:
        fh.write(blob)

    return write


def csv_rows(repo: Repository, text: str = "", page: int = 2000, **filters: Any) -> Iterator[list[str]]:
    offset = 0
    while rows := repo.list_cases(text, page, offset, **filters):
        for r in rows:
            yield [r.id, r.name, r.id_number, r.phone, r.received_on, r.checklists.replace(",", "、"),
                   _CSV_STATUS.get(r.status, r.status), _count(r.settled), _count(r.applicable), r.updated_at]
        offset += page


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def export_csv(repo: Repository, path: Path, text: str = "", **filters: Any) -> ExportResult:
    """The case list (same filters as :meth:`Repository.list_cases`) as CSV, UTF-8 with BOM for Excel."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(CSV_HEADER)
    count = 0
    for row in csv_rows(repo, text=text, **filters):
        writer.writerow(row)
        count += 1
    blob = buf.getvalue().encode("utf-8-sig")
    return ExportResult(_write_private(path, _bytes(blob)), count)


# ---------------------------------------------------------------- import


def _history(data: dict[str, Any]) -> list[AuditEntry]:
    return [AuditEntry(0, "", str(e["at"]), str(e["who"]), str(e["action"]), str(e.get("field", "")),
                       e.get("old"), e.get("new")) for e in data.get("audit", [])]


def _comparable(case: Case, status: str) -> dict[str, Any]:
    doc = dump_case(case)
    for key in ("created_at", "updated_at"):
        doc.pop(key, None)
    doc["status"] = status
    return doc


def _existing(repo: Repository, case: Case, status: str, source: str) -> ImportOutcome | None:
    existing = repo.get_case(case.id)
    if existing is None:
        return None
    same = _comparable(existing, repo.case_status(case.id) or "open") == _comparable(case, status)
    return ImportOutcome(case.id, source, UNCHANGED if same else CONFLICT)


OnImported = Callable[[str], object] | None


def import_document(repo: Repository, catalog: Catalog, data: object, source: str, who: str,
                    on_imported: OnImported = None) -> ImportOutcome:
    """Import one decoded case file; ``on_imported(case_id)`` runs inside the import's transaction (the
    application layer records the case's derived data there)."""
    try:
        case = parse_case(data, catalog, source)
    except CaseFileError as exc:
        return ImportOutcome(None, source, ERROR, str(exc))
    assert isinstance(data, dict)
    for cid in case.checklists:  # a hand-written file without versions gets today's content
        case.versions.setdefault(cid, catalog.checklists[cid].version)
    status = str(data.get("status", "open"))
    known = _existing(repo, case, status, source)
    if known is not None:
        return known
    try:
        with repo.transaction():
            repo.import_case(case, status, data.get("closed_at") if status == "closed" else None, _history(data),
                             who, source)
            if on_imported is not None:
                on_imported(case.id)
    except InputError as exc:
        return ImportOutcome(case.id, source, ERROR, str(exc))
    except sqlite3.IntegrityError:  # another process imported the same id a moment ago
        return _existing(repo, case, status, source) or ImportOutcome(case.id, source, ERROR, "无法写入")
    except StoreError as exc:  # disk full, read-only …: this member's outcome; the report goes on
        return ImportOutcome(case.id, source, ERROR, str(exc))
    return ImportOutcome(case.id, source, IMPORTED)


def declared_members(path: Path) -> int | None:
    """The number of entries a zip's end record declares (ZIP64 too), read without parsing the
    central directory; None when it cannot be read (zipfile then decides)."""
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 65_557))
            tail = fh.read()
            at = tail.rfind(b"PK\x05\x06")
            if at < 0 or len(tail) - at < 22:
                return None
            entries = struct.unpack("<H", tail[at + 10:at + 12])[0]
            if entries != 0xFFFF or at < 20 or tail[at - 20:at - 16] != b"PK\x06\x07":
                return int(entries)
            fh.seek(struct.unpack("<Q", tail[at - 12:at - 4])[0])
            record = fh.read(56)
            if record[:4] != b"PK\x06\x06" or len(record) < 40:
                return None
            return int(struct.unpack("<Q", record[32:40])[0])
    except (OSError, struct.error, ValueError, OverflowError):
        return None


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, never holding more than MAX_MEMBER + 1 bytes whatever its header says."""
    chunks: list[bytes] = []
    size = 0
    with zf.open(info) as fh:
        while chunk := fh.read(min(CHUNK, MAX_MEMBER + 1 - size)):
            size += len(chunk)
            chunks.append(chunk)
            if size > MAX_MEMBER:
                raise CaseFileError(f"{info.filename}: 文件过大（超过 {MAX_MEMBER // 1048576} MB）")
    return b"".join(chunks)


def _zip_member(repo: Repository, catalog: Catalog, zf: zipfile.ZipFile, info: zipfile.ZipInfo,
                who: str, on_imported: OnImported) -> ImportOutcome:
    name = info.filename
    if info.is_dir():
        return ImportOutcome(None, name, SKIPPED, "目录")
    if not name.lower().endswith(".json"):
        return ImportOutcome(None, name, SKIPPED, "不是 .json 办件文件")
    if info.compress_type not in _READABLE:
        return ImportOutcome(None, name, ERROR, "不支持的压缩方式（只读取未压缩或 deflate 压缩的文件）")
    if info.file_size > MAX_MEMBER:
        return ImportOutcome(None, name, ERROR, f"文件过大（{info.file_size / 1048576:.0f} MB，最多 "
                                                f"{MAX_MEMBER // 1048576} MB）")
    try:
        data = parse_json(_read_member(zf, info), name)
    except CaseFileError as exc:
        return ImportOutcome(None, name, ERROR, str(exc))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        return ImportOutcome(None, name, ERROR, f"无法解压：{exc}")
    return import_document(repo, catalog, data, name, who, on_imported)


def _iter_zip(repo: Repository, catalog: Catalog, path: Path, who: str,
              cancel: Callable[[], bool] | None, on_imported: OnImported) -> Iterator[ImportProgress]:
    count = declared_members(path)
    if count is not None and count > MAX_MEMBERS:
        raise ExchangeError(f"{path}：zip 中的文件过多（{count} 个，最多 {MAX_MEMBERS} 个）")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise ExchangeError(f"{path}：不是有效的 zip 文件（{exc}）") from None
    with zf:
        infos = zf.infolist()
        if not any(not i.is_dir() and i.filename.lower().endswith(".json") for i in infos):
            raise ExchangeError(f"{path}：zip 中没有 .json 办件文件")
        total = len(infos)
        for n, info in enumerate(infos, 1):
            if cancel is not None and cancel():
                for rest, later in enumerate(infos[n - 1:], n):
                    yield ImportProgress(rest, total, ImportOutcome(None, later.filename, CANCELLED))
                return
            yield ImportProgress(n, total, _zip_member(repo, catalog, zf, info, who, on_imported))


def iter_import(repo: Repository, catalog: Catalog, path: Path, who: str,
                cancel: Callable[[], bool] | None = None, on_imported: OnImported = None) -> Iterator[ImportProgress]:
    """Import a case file (.json) or a zip of case files, one :class:`ImportProgress` per member.

    Raises :class:`ExchangeError` only when the file as a whole cannot be read (missing, not a zip,
    no case file in it) — before anything is imported.  ``cancel()`` is asked before each member;
    once it says yes the remaining members are reported as cancelled.  ``on_imported``: as for
    :func:`import_document`.
    """
    if not path.is_file():
        raise ExchangeError(f"{path}：文件不存在")
    if zipfile.is_zipfile(path):
        yield from _iter_zip(repo, catalog, path, who, cancel, on_imported)
        return
    try:
        data = parse_json(read_case_bytes(path), path.name)
    except CaseFileError as exc:
        yield ImportProgress(1, 1, ImportOutcome(None, path.name, ERROR, str(exc)))
        return
    yield ImportProgress(1, 1, import_document(repo, catalog, data, path.name, who, on_imported))


def import_path(repo: Repository, catalog: Catalog, path: Path, who: str, on_imported: OnImported = None,
                cancel: Callable[[], bool] | None = None,
                progress: Callable[[ImportProgress], None] | None = None) -> ImportReport:
    """Import a case file (.json) or a zip of case files; every member gets one outcome."""
    report = ImportReport()
    for step in iter_import(repo, catalog, path, who, cancel, on_imported):
        report.outcomes.append(step.outcome)
        if progress is not None:
            progress(step)
    return report
