"""Case files (DESIGN §4): load, check and dump.  Format v1 (``"format": "qingdan-case/1"``) and v2
(``"qingdan-case/2"``: v1 plus ``materials``, each material's state at the counter — 已收, 缺, 容缺受理 with
its 补正 due date, 告知承诺).  Both are read; a case is written as v2 only when it has material states, so
every other case file stays readable by versions that know only v1.

The structure is checked with the JSON Schema in ``resources/schema/case-v1.schema.json`` or
``case-v2.schema.json`` (draft 2020-12); the meaning is checked against the loaded catalog (checklist,
item and question ids exist, answers fit their question, dates are real dates).  Every problem becomes one :class:`CaseFileError`
line: ``<file>: <JSON path>: <what is wrong>``, e.g. ``case.json: applicant.name: 缺少必填字段``.

Hostile input is an input error too (desktop/core/limits.py): :func:`parse_json` refuses a file over
8 MiB, nesting deeper than 16, integers over 15 digits, NaN/Infinity, numbers that overflow and lone
surrogates before anything else looks at it; :func:`parse_case` then checks field lengths, control
characters, the case-number pattern, dates and profile numbers.

:func:`dump_case` is the inverse of :func:`parse_case`: ``parse_case(dump_case(c), catalog) == c``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop.core import jsonfile, limits
from desktop.core.catalog import Catalog
from desktop.core.errors import UserError
from desktop.core.limits import MAX_CASE_FILE_BYTES, check_case_id, check_number, safe_text
from desktop.core.model import Applicant, Case, ItemState, MaterialRecord, Question
from desktop.core.vocab import MaterialState

FORMAT = "qingdan-case/1"
FORMAT_V2 = "qingdan-case/2"
FORMATS = (FORMAT, FORMAT_V2)
SCHEMA_FILE = "case-v1.schema.json"
SCHEMA_FILE_V2 = "case-v2.schema.json"

class CaseFileError(UserError, ValueError):
    """A case file that cannot be used; ``str()`` is one line naming the file, the field and the fault."""


def schema_path(version: int = 1) -> Path:
    from desktop import paths  # a leaf module (no Qt); imported late so core stays import-light

    return paths.resource_path("schema", SCHEMA_FILE if version == 1 else SCHEMA_FILE_V2)


class Fail(jsonfile.Fail):
    """Builds :class:`CaseFileError` for one file."""

    def __init__(self, file: str) -> None:
        super().__init__(file, CaseFileError)


_show, _json_type, _join, _text, _date, _timestamp = (jsonfile.show, jsonfile.json_type, jsonfile.join,
                                                      jsonfile.text, jsonfile.date, jsonfile.timestamp)


def _check_answer(q: Question, value: object, where: str, fail: Fail) -> None:
    if q.type == "choice":
        if not isinstance(value, str) or value not in q.options:
            raise fail(where, f"应为 {'/'.join(q.options)} 之一，实际为{_show(value)}")
    elif q.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise fail(where, f"应为数字，实际为{_json_type(value)}")
        problem = check_number(value, q.label or "数值")
        if problem is not None:
            raise fail(where, problem)
    elif q.type == "bool":
        if not isinstance(value, bool):
            raise fail(where, f"应为 true/false，实际为{_show(value)}")
    elif q.type == "date":
        if not isinstance(value, str):
            raise fail(where, f"应为日期 YYYY-MM-DD，实际为{_json_type(value)}")
        _date(value, where, fail, limits.MIN_ANSWER_YEAR)
    elif not isinstance(value, str):
        raise fail(where, f"应为字符串，实际为{_json_type(value)}")
    if isinstance(value, str):
        _text(value, "answer", where, fail)


def default_case_id(applicant: Applicant, received_on: dt.date, office: str, checklists: Sequence[str]) -> str:
    """Deterministic case number for a case file without ``id``: QD-YYYYMMDD-XXXXXX."""
    blob = json.dumps([applicant.name, applicant.id_number, received_on.isoformat(), office, list(checklists)],
                      ensure_ascii=False)
    digest = hashlib.sha256(blob.encode("utf-8")).hexdigest()[:6].upper()
    return f"QD-{received_on:%Y%m%d}-{digest}"


def parse_json(blob: bytes, file: str) -> object:
    """Decode a case file's bytes within the limits of desktop/core/limits.py (size, depth, number of
    values, integer digits, finite numbers, valid UTF-8 strings); one-line :class:`CaseFileError`."""
    return jsonfile.parse_json(blob, Fail(file))


def _check_fields(data: dict[str, Any], fail: Fail) -> None:
    """Limits the schema cannot state: control characters, the case number, real timestamps."""
    if "id" in data:
        problem = check_case_id(data["id"])
        if problem is not None:
            raise fail("id", problem)
    for key in ("name", "id_number", "contact", "phone"):
        if key in data["applicant"]:
            _text(data["applicant"][key], key, f"applicant.{key}", fail)
    for key in ("clerk", "office"):
        if key in data:
            _text(data[key], key, key, fail)
    for n, cid in enumerate(data["checklists"]):
        _text(cid, "checklist_id", f"checklists[{n}]", fail)
    for cid, version in data.get("versions", {}).items():
        _text(version, "version", f"versions.{cid}", fail)
    for key, raw in data.get("items", {}).items():
        where = f"items.{safe_text(key)}"
        _text(key.partition("/")[2], "item_id", where, fail)
        _text(raw.get("note", ""), "note", f"{where}.note", fail)
        _text(raw.get("updated_by", ""), "updated_by", f"{where}.updated_by", fail)
        _timestamp(raw, "updated_at", where, fail)
    for key, records in data.get("materials", {}).items():
        for name, raw in records.items():
            where = f"materials.{safe_text(key)}.{safe_text(name)[:40]}"
            if not name.strip():
                raise fail(f"materials.{safe_text(key)}", "材料名称不能为空")
            _text(name, "material", where, fail)
            _text(raw.get("note", ""), "note", f"{where}.note", fail)
            _text(raw.get("updated_by", ""), "updated_by", f"{where}.updated_by", fail)
            _timestamp(raw, "updated_at", where, fail)
            if "due" in raw:
                _date(raw["due"], f"{where}.due", fail)
            if raw["state"] == MaterialState.DEFERRED and not raw.get("due"):
                raise fail(f"{where}.due", "容缺受理的材料须写明补正期限（YYYY-MM-DD）")
            if raw["state"] != MaterialState.DEFERRED and "due" in raw:
                raise fail(f"{where}.due", "只有容缺受理的材料有补正期限")
            if raw["state"] != MaterialState.RECEIVED and "form" in raw:
                raise fail(f"{where}.form", "只有已收的材料写明收到的形式（原件/复印件）")
    for key in ("created_at", "updated_at", "closed_at"):
        _timestamp(data, key, "（根）", fail)
    for n, entry in enumerate(data.get("audit", [])):
        where = f"audit[{n}]"
        _timestamp(entry, "at", where, fail)
        for key, field in (("who", "audit_who"), ("action", "audit_action"), ("field", "audit_field"),
                           ("old", "audit_value"), ("new", "audit_value")):
            if isinstance(entry.get(key), str):
                _text(entry[key], field, f"{where}.{key}", fail)


def parse_case(data: object, catalog: Catalog, file: str = "case.json", schema: Path | None = None) -> Case:
    """Check a decoded case file against the schema and the catalog and build the :class:`Case`."""
    fail = Fail(file)
    jsonfile.check_shape(data, fail)  # a dict built in memory gets the same limits as a parsed file
    given = data.get("format") if isinstance(data, dict) else None
    if isinstance(given, str) and given not in FORMATS:
        raise fail("format", f"不支持的格式{_show(given)}；本程序读取 {' 和 '.join(FORMATS)}")
    if given == FORMAT and isinstance(data, dict) and "materials" in data:
        raise fail("materials", f"{FORMAT} 没有 materials（材料情况）；请把 format 写为 {FORMAT_V2}")
    jsonfile.check_schema(data, schema or schema_path(2 if given == FORMAT_V2 else 1), fail)
    assert isinstance(data, dict)
    _check_fields(data, fail)
    received_on = _date(data["received_on"], "received_on", fail)
    checklists: list[str] = list(data["checklists"])
    for n, cid in enumerate(checklists):
        if cid not in catalog.checklists:
            known = "、".join(sorted(catalog.checklists)) or "（无）"
            raise fail(f"checklists[{n}]", f"未知的清单编号{_show(cid)}；现有：{known}")
    profile: dict[str, object] = {}
    for qid, value in data.get("profile", {}).items():
        q = catalog.questions.get(qid)
        if q is None:
            raise fail(f"profile.{qid}", "未知的问题编号（见 checklists/questions.toml）")
        if value is not None:
            _check_answer(q, value, f"profile.{qid}", fail)
            profile[qid] = value
    states: dict[str, ItemState] = {}
    for key, raw in data.get("items", {}).items():
        cid, _, iid = key.partition("/")
        if cid not in checklists:
            raise fail(f"items.{key}", f"清单{_show(cid)}不在本办件的 checklists 中")
        cl = catalog.checklists[cid]
        if cl.item(iid) is None:
            raise fail(f"items.{key}", f"清单“{cid}”中没有编号为{_show(iid)}的事项")
        states[key] = ItemState(raw.get("status", "pending"), raw.get("note", ""),
                                raw.get("updated_by", ""), raw.get("updated_at", ""))
    versions: dict[str, str] = dict(data.get("versions", {}))
    for cid in versions:
        if cid not in checklists:
            raise fail(f"versions.{cid}", f"清单{_show(cid)}不在本办件的 checklists 中")
    materials = _materials(data.get("materials", {}), checklists, catalog, fail)
    a = data["applicant"]
    applicant = Applicant(a["name"], a.get("id_number", ""), a.get("contact", ""), a.get("phone", ""),
                          a.get("id_override", False))
    office = data.get("office", "")
    return Case(
        id=data.get("id") or default_case_id(applicant, received_on, office, checklists),
        applicant=applicant,
        checklists=checklists,
        received_on=received_on,
        clerk=data.get("clerk", ""),
        office=office,
        profile=profile,
        states=states,
        versions=versions,
        materials=materials,
        created_at=data.get("created_at", ""),
        updated_at=data.get("updated_at", ""),
    )


def _materials(data: dict[str, Any], checklists: list[str], catalog: Catalog,
               fail: Fail) -> dict[str, dict[str, MaterialRecord]]:
    """v2 ``materials``: each key a step of the case's checklists; names are kept as recorded (a material
    the office's guide no longer lists is still shown and printed)."""
    out: dict[str, dict[str, MaterialRecord]] = {}
    for key, records in data.items():
        cid, _, iid = key.partition("/")
        if cid not in checklists:
            raise fail(f"materials.{key}", f"清单{_show(cid)}不在本办件的 checklists 中")
        if catalog.checklists[cid].item(iid) is None:
            raise fail(f"materials.{key}", f"清单“{cid}”中没有编号为{_show(iid)}的事项")
        out[key] = {name: MaterialRecord(raw["state"], raw.get("form", ""), raw.get("due", ""), raw.get("note", ""),
                                         raw.get("updated_by", ""), raw.get("updated_at", ""))
                    for name, raw in records.items()}
    return out


def load_case_file(path: str | os.PathLike[str], catalog: Catalog) -> Case:
    """Read and check a case file; every failure is a one-line :class:`CaseFileError`."""
    p = Path(path)
    return parse_case(parse_json(read_case_bytes(p), p.name), catalog, p.name)


def read_case_bytes(path: Path) -> bytes:
    """A case file's bytes, read no further than the size limit (+1 byte to tell it is over)."""
    return jsonfile.read_bytes(path, MAX_CASE_FILE_BYTES, CaseFileError, "办件文件")


def dump_case(case: Case) -> dict[str, Any]:
    """The case as a case-file dict (JSON-ready); the inverse of :func:`parse_case`.  Format v2 when the
    case has material states (``materials``), else v1 — readable by every version."""
    applicant: dict[str, Any] = {"name": case.applicant.name, "id_number": case.applicant.id_number,
                                 "contact": case.applicant.contact, "phone": case.applicant.phone}
    if case.applicant.id_override:
        applicant["id_override"] = True
    items: dict[str, Any] = {}
    for key, st in case.states.items():
        entry: dict[str, Any] = {"status": st.status, "note": st.note}
        if st.updated_by:
            entry["updated_by"] = st.updated_by
        if st.updated_at:
            entry["updated_at"] = st.updated_at
        items[key] = entry
    out: dict[str, Any] = {
        "format": FORMAT,
        "id": case.id,
        "checklists": list(case.checklists),
        "applicant": applicant,
        "profile": dict(case.profile),
        "items": items,
        "received_on": case.received_on.isoformat(),
        "clerk": case.clerk,
        "office": case.office,
    }
    if case.versions:
        out["versions"] = dict(case.versions)
    if case.materials:
        out["format"] = FORMAT_V2
        out["materials"] = {key: {name: dump_material(rec) for name, rec in records.items()}
                            for key, records in case.materials.items()}
    for key in ("created_at", "updated_at"):
        if getattr(case, key):
            out[key] = getattr(case, key)
    return out


def dump_material(record: MaterialRecord) -> dict[str, Any]:
    """One material's state as a v2 case file holds it (empty fields left out)."""
    out: dict[str, Any] = {"state": record.state}
    for key in ("form", "due", "note", "updated_by", "updated_at"):
        if getattr(record, key):
            out[key] = getattr(record, key)
    return out


def write_case_file(case: Case, path: str | os.PathLike[str]) -> Path:
    """Write the case file atomically (temp file in the same directory, then rename)."""
    target = Path(path)
    blob = json.dumps(dump_case(case), ensure_ascii=False, indent=2) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".case-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(blob)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target

