"""Case-file limits (issue 15): hostile JSON (deep nesting, huge integers, NaN/Infinity, overflowing
floats, lone surrogates, oversize files) is a one-line input error; numbers are finite, in range and
not negative; field lengths, the case-number pattern and dates are checked; the JSON Schema states
the same limits as desktop/core/limits.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from desktop.core import limits
from desktop.core.casefile import CaseFileError, load_case_file, parse_case, parse_json, schema_path
from desktop.core.catalog import Catalog, load_catalog

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(FIXTURES / "checklists", FIXTURES / "sources")


def minimal(**extra: Any) -> dict[str, Any]:
    return {"format": "qingdan-case/1", "checklists": ["fx-kaiban"], "applicant": {"name": "示例张三"},
            "received_on": "2026-11-25", **extra}


def _one_line(exc: pytest.ExceptionInfo[CaseFileError]) -> str:
    text = str(exc.value)
    assert "\n" not in text and text.startswith("case.json: ")
    text.encode("utf-8")  # printable: no lone surrogate reaches the message
    return text


HOSTILE_JSON = {
    "deep-nesting": '{"format": "qingdan-case/1", "x": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "nesting-17": '{"profile": ' + '{"a": ' * 16 + "1" + "}" * 17,
    "int-5000-digits": '{"n": ' + "9" * 5000 + "}",
    "int-10**400": '{"n": 1' + "0" * 400 + "}",
    "nan": '{"n": NaN}',
    "infinity": '{"n": Infinity}',
    "minus-infinity": '{"n": -Infinity}',
    "float-overflow": '{"n": 1e400}',
    "lone-surrogate": '{"applicant": {"name": "\\ud800"}}',
    "lone-surrogate-key": '{"\\udfff": 1}',
    "not-utf8": b'{"a": "\xff\xfe"}',
}


@pytest.mark.parametrize("text", HOSTILE_JSON.values(), ids=HOSTILE_JSON.keys())
def test_hostile_json_is_a_one_line_input_error(text: str | bytes) -> None:
    blob = text if isinstance(text, bytes) else text.encode("utf-8")
    with pytest.raises(CaseFileError) as exc:
        parse_json(blob, "case.json")
    _one_line(exc)


def test_oversize_file_is_refused_before_parsing(tmp_path: Path, catalog: Catalog) -> None:
    path = tmp_path / "case.json"
    path.write_bytes(b" " * (limits.MAX_CASE_FILE_BYTES + 10) + b"{}")
    with pytest.raises(CaseFileError, match="文件过大"):
        load_case_file(path, catalog)


@pytest.mark.parametrize(("answer", "message"), [
    (-3, "不能为负数"), (float("nan"), "不是有限的数"), (float("inf"), "不是有限的数"), (10**400, "过大"),
    (1e13, "过大"),
])
def test_profile_numbers_are_finite_in_range_and_not_negative(catalog: Catalog, answer: object,
                                                              message: str) -> None:
    with pytest.raises(CaseFileError, match=message) as exc:
        parse_case(minimal(profile={"employees": answer}), catalog)
    assert "profile.employees" in _one_line(exc)
    parse_case(minimal(profile={"employees": 12}), catalog)


@pytest.mark.parametrize(("path", "value"), [
    (("applicant", "name"), "名" * 10_000_000),  # 10 MB
    (("applicant", "name"), "名" * 201),
    (("applicant", "phone"), "1" * 41),
    (("applicant", "contact"), "人" * 51),
    (("applicant", "id_number"), "9" * 41),
    (("office",), "窗" * 101),
    (("clerk",), "李" * 51),
])
def test_field_lengths_are_limited(catalog: Catalog, path: tuple[str, ...], value: str) -> None:
    data = minimal()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(CaseFileError, match="过长") as exc:
        parse_case(data, catalog)
    assert ".".join(path) in _one_line(exc)


def test_note_length_and_control_characters(catalog: Catalog) -> None:
    ok = minimal(items={"fx-kaiban/A01": {"status": "done", "note": "第一行\n第二行\t（制表符可以）"}})
    parse_case(ok, catalog)
    with pytest.raises(CaseFileError, match="过长"):
        parse_case(minimal(items={"fx-kaiban/A01": {"note": "注" * 2001}}), catalog)
    with pytest.raises(CaseFileError, match="控制字符"):
        parse_case(minimal(applicant={"name": "示例\t张三"}), catalog)
    with pytest.raises(CaseFileError, match="控制字符"):
        parse_case(minimal(items={"fx-kaiban/A01": {"note": "bell\x07"}}), catalog)


@pytest.mark.parametrize("case_id", ["../../../../tmp/x", "QD-1\tforged", "QD-1\nQD-2\t伪造", "", "a" * 65,
                                     "-leading-dash", "案件一", "QD 1", "x/y", "..\\x"])
def test_case_ids_must_match_the_documented_pattern(catalog: Catalog, case_id: str) -> None:
    with pytest.raises(CaseFileError) as exc:
        parse_case(minimal(id=case_id), catalog)
    assert _one_line(exc).startswith("case.json: id: ")


@pytest.mark.parametrize("case_id", ["QD-20261125-0001", "QD-20261125-A1B2C3", "ZC-20261125-093000", "CASE-7",
                                     "case_7", "a" * 64])
def test_the_app_s_own_case_ids_are_valid(catalog: Catalog, case_id: str) -> None:
    assert parse_case(minimal(id=case_id), catalog).id == case_id


@pytest.mark.parametrize(("extra", "where"), [
    ({"status": "closed", "closed_at": "not-a-date"}, "closed_at"),
    ({"closed_at": "2026-02-30T09:00:00"}, "closed_at"),
    ({"created_at": "yesterday"}, "created_at"),
    ({"received_on": "2026-02-30"}, "received_on"),
    ({"received_on": "1800-01-01"}, "received_on"),
    ({"items": {"fx-kaiban/A01": {"updated_at": "t"}}}, "updated_at"),
    ({"audit": [{"at": "soon", "who": "x", "action": "y"}]}, "audit[0]"),
    ({"profile": {"founded_on": "2026-13-01"}}, "profile.founded_on"),
])
def test_dates_must_be_valid(catalog: Catalog, extra: dict[str, Any], where: str) -> None:
    with pytest.raises(CaseFileError) as exc:
        parse_case(minimal(**extra), catalog)
    assert where in _one_line(exc)


def test_schema_states_the_limits_of_limits_py() -> None:
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    props = schema["properties"]
    applicant = props["applicant"]["properties"]
    for field in ("name", "id_number", "contact", "phone"):
        assert applicant[field]["maxLength"] == limits.TEXT_LIMITS[field]
    for field in ("clerk", "office"):
        assert props[field]["maxLength"] == limits.TEXT_LIMITS[field]
    item = props["items"]["additionalProperties"]["properties"]
    assert item["note"]["maxLength"] == limits.TEXT_LIMITS["note"]
    assert props["id"]["pattern"] == limits.CASE_ID_PATTERN and props["id"]["maxLength"] == limits.CASE_ID_MAX
    assert props["audit"]["maxItems"] == limits.MAX_AUDIT_ENTRIES
    assert props["checklists"]["maxItems"] == limits.MAX_CHECKLISTS
    comment = schema["$comment"]
    assert f"{limits.MAX_CASE_FILE_BYTES // 1048576} MiB" in comment and f"{limits.MAX_JSON_DEPTH} levels" in comment
    assert f"{limits.MAX_INT_DIGITS} digits" in comment
    assert re.fullmatch(props["id"]["pattern"], "QD-20261125-0001")


def test_the_v2_schema_states_the_material_limits() -> None:
    materials = json.loads(schema_path(2).read_text(encoding="utf-8"))["properties"]["materials"]
    per_step = materials["additionalProperties"]
    assert per_step["maxProperties"] == limits.MAX_MATERIALS
    assert per_step["propertyNames"]["maxLength"] == limits.TEXT_LIMITS["material"]
    record = per_step["additionalProperties"]["properties"]
    assert record["note"]["maxLength"] == limits.TEXT_LIMITS["note"]
    assert tuple(record["state"]["enum"]) == limits.MATERIAL_STATES
    assert tuple(record["form"]["enum"]) == limits.MATERIAL_FORMS


def test_the_guide_schema_states_the_limits_of_limits_py() -> None:
    from desktop.core.guide import MAX_GUIDE_FILE_BYTES
    from desktop.core.guide import schema_path as guide_schema

    schema = json.loads(guide_schema().read_text(encoding="utf-8"))
    props = schema["properties"]
    entry = props["entries"]["additionalProperties"]["properties"]
    for key, field in (("place", "guide_place"), ("hours", "guide_hours"), ("phone", "guide_phone"),
                       ("fee", "guide_fee")):
        assert entry[key]["maxLength"] == limits.TEXT_LIMITS[field]
    assert props["office"]["maxLength"] == limits.TEXT_LIMITS["office"]
    assert props["entries"]["maxProperties"] == limits.MAX_GUIDE_ENTRIES
    assert entry["materials"]["maxItems"] == limits.MAX_MATERIALS
    material = entry["materials"]["items"]["properties"]
    assert material["name"]["maxLength"] == limits.TEXT_LIMITS["material"]
    assert material["note"]["maxLength"] == limits.TEXT_LIMITS["guide_note"]
    assert tuple(material["form"]["enum"]) == limits.MATERIAL_FORMS
    assert entry["promise_days"]["maximum"] == entry["defer_days"]["maximum"] == limits.MAX_GUIDE_DAYS
    origin = schema["$defs"]["origin"]["properties"]
    assert origin["title"]["maxLength"] == limits.TEXT_LIMITS["origin_title"]
    assert origin["number"]["maxLength"] == limits.TEXT_LIMITS["origin_number"]
    assert f"{MAX_GUIDE_FILE_BYTES // 1048576} MiB" in schema["$comment"]
