"""Export and import of cases: case files (format v1), zips of case files, CSV of the case list.

An exported case file is :func:`desktop.core.casefile.dump_case` plus the optional keys ``status``,
``closed_at`` and ``audit`` (the case's audit trail).  Import is idempotent, matching on the case id:
a case not in the database is inserted as the file describes it (timestamps, item states, audit
trail) plus one audit entry for the import; the same content again is ``unchanged``; different
content is a ``conflict`` and is never overwritten.  Every exported file holds personal data:
written owner-only, and every export returns :data:`PERSONAL_DATA_WARNING` for the user.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core.casefile import CaseFileError, dump_case, load_case_file, parse_case
from desktop.core.catalog import Catalog
from desktop.core.errors import UserError
from desktop.core.model import Case
from desktop.store.repository import AuditEntry, Repository

PERSONAL_DATA_WARNING = "注意：导出的文件含有申请人的个人信息（姓名、证件号码、电话），请妥善保管，不再需要时及时删除。"
IMPORTED, UNCHANGED, CONFLICT, ERROR = "imported", "unchanged", "conflict", "error"
RESULT_TEXT = {IMPORTED: "已导入", UNCHANGED: "未变化（已存在相同办件）", CONFLICT: "冲突：已存在内容不同的同号办件，未覆盖",
               ERROR: "错误"}
MAX_MEMBER = 20 * 1024 * 1024  # a case file is a few kB; refuse zip bombs
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
        text = RESULT_TEXT[self.result] + (f"：{self.message}" if self.message else "")
        return f"{self.case_id or '-'}\t{text}\t{self.source}"


@dataclass
class ImportReport:
    outcomes: list[ImportOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(o.result in (IMPORTED, UNCHANGED) for o in self.outcomes)


# ---------------------------------------------------------------- export


def case_document(repo: Repository, case_id: str) -> dict[str, Any]:
    """The case file dict for one stored case, with its status and audit trail."""
    case = repo.get_case(case_id)
    if case is None:
        raise ExchangeError(f"没有编号为“{case_id}”的办件")
    doc = dump_case(case)
    doc["status"] = repo.case_status(case_id) or "open"
    closed = repo.closed_at(case_id)
    if closed:
        doc["closed_at"] = closed
    doc["audit"] = [{k: getattr(e, k) for k in _AUDIT_KEYS} for e in repo.audit_log(case_id)]
    return doc


def _encode(doc: dict[str, Any]) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _write_private(path: Path, write: Callable[[io.BufferedWriter], None]) -> Path:
    """Write ``path`` atomically (temp file beside it, then rename), mode 0600."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=".qingdan-", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExchangeError(f"{path}：无法写入：{exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ExchangeError(f"{path}：无法写入：{exc.strerror}") from None
    return path


def export_case(repo: Repository, case_id: str, path: Path) -> ExportResult:
    blob = _encode(case_document(repo, case_id))
    return ExportResult(_write_private(path, _bytes(blob)), 1)


def export_cases(repo: Repository, path: Path, case_ids: list[str] | None = None) -> ExportResult:
    """Many cases (default: all) into a zip of ``<case id>.json`` files."""
    ids = repo.case_ids() if case_ids is None else case_ids
    docs = [(cid, _encode(case_document(repo, cid))) for cid in ids]  # unknown ids fail before writing

    def write(fh: io.BufferedWriter) -> None:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as zf:
            for cid, blob in docs:
                zf.writestr(f"{cid}.json", blob)

    return ExportResult(_write_private(path, write), len(docs))


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


def import_document(repo: Repository, catalog: Catalog, data: object, source: str, who: str,
                    on_imported: Callable[[str], object] | None = None) -> ImportOutcome:
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
    existing = repo.get_case(case.id)
    if existing is not None:
        same = _comparable(existing, repo.case_status(case.id) or "open") == _comparable(case, status)
        return ImportOutcome(case.id, source, UNCHANGED if same else CONFLICT)
    with repo.transaction():
        repo.import_case(case, status, data.get("closed_at") if status == "closed" else None, _history(data),
                         who, source)
        if on_imported is not None:
            on_imported(case.id)
    return ImportOutcome(case.id, source, IMPORTED)


def _zip_members(path: Path) -> Iterator[tuple[str, object]]:
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.is_dir() or not info.filename.lower().endswith(".json"):
                    continue
                if info.file_size > MAX_MEMBER:
                    yield info.filename, CaseFileError(f"{info.filename}: 文件过大")
                    continue
                try:
                    yield info.filename, json.loads(zf.read(info).decode("utf-8-sig"))
                except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                    yield info.filename, CaseFileError(f"{info.filename}: 不是有效的 JSON 办件文件（{exc}）")
    except (zipfile.BadZipFile, OSError) as exc:
        raise ExchangeError(f"{path}：不是有效的 zip 文件（{exc}）") from None


def import_path(repo: Repository, catalog: Catalog, path: Path, who: str,
                on_imported: Callable[[str], object] | None = None) -> ImportReport:
    """Import a case file (.json) or a zip of case files; every case gets one outcome."""
    if not path.is_file():
        raise ExchangeError(f"{path}：文件不存在")
    report = ImportReport()
    if zipfile.is_zipfile(path):
        for name, data in _zip_members(path):
            if isinstance(data, CaseFileError):
                report.outcomes.append(ImportOutcome(None, name, ERROR, str(data)))
            else:
                report.outcomes.append(import_document(repo, catalog, data, name, who, on_imported))
        if not report.outcomes:
            raise ExchangeError(f"{path}：zip 中没有 .json 办件文件")
        return report
    try:
        load_case_file(path, catalog)  # the file's own one-line errors (encoding, JSON syntax, schema)
    except CaseFileError as exc:
        report.outcomes.append(ImportOutcome(None, path.name, ERROR, str(exc)))
        return report
    data = json.loads(path.read_text(encoding="utf-8-sig"))
    report.outcomes.append(import_document(repo, catalog, data, path.name, who, on_imported))
    return report
