"""Case file format v1: schema + catalog checks, one-line errors, lossless round trip."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from desktop.core.casefile import (
    FORMAT,
    FORMAT_V2,
    CaseFileError,
    default_case_id,
    dump_case,
    load_case_file,
    parse_case,
    schema_path,
    write_case_file,
)
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.model import Applicant, Case, ItemState, MaterialRecord

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    cat = load_catalog(FIXTURES / "checklists", FIXTURES / "sources")
    assert cat.problems == []
    return cat


def minimal() -> dict[str, Any]:
    return {"format": FORMAT, "checklists": ["fx-kaiban"], "applicant": {"name": "张三"},
            "received_on": "2026-11-25"}


def full() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "id": "CASE-7",
        "checklists": ["fx-kaiban", "fx-commit"],
        "applicant": {"name": "吉林某某有限公司", "id_number": "91220101MA0000000X", "contact": "李四",
                      "phone": "0431-88888888", "id_override": True},
        "profile": {"entity_type": "有限责任公司", "region": "长春市", "has_employees": True, "employees": 12,
                    "founded_on": "2026-01-02", "remark": "无"},
        "items": {"fx-kaiban/A01": {"status": "done", "note": "已现场核验", "updated_by": "王",
                                    "updated_at": "2026-11-25T09:10:00"},
                  "fx-commit/C01": {"status": "waived", "note": ""}},
        "received_on": "2026-11-25",
        "clerk": "王五",
        "office": "长春市政务服务中心 3号窗口",
        "versions": {"fx-kaiban": "abc"},
        "created_at": "2026-11-25T09:00:00",
        "updated_at": "2026-11-25T09:30:00",
    }


def write(tmp_path: Path, data: object, name: str = "case.json") -> Path:
    p = tmp_path / name
    p.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return p


def test_schema_is_valid_draft_2020_12() -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    assert schema["$schema"].endswith("2020-12/schema")
    Draft202012Validator.check_schema(schema)


def test_minimal_case_takes_defaults(tmp_path: Path, catalog: Catalog) -> None:
    case = load_case_file(write(tmp_path, minimal()), catalog)
    assert case.applicant == Applicant("张三")
    assert case.received_on == dt.date(2026, 11, 25)
    assert case.states == {} and case.profile == {} and case.clerk == "" and case.office == ""
    assert case.state("fx-kaiban", "A01") == ItemState("pending", "")
    assert case.id == default_case_id(case.applicant, case.received_on, "", ["fx-kaiban"])
    assert case.id.startswith("QD-20261125-") and len(case.id) == len("QD-20261125-") + 6


def test_default_case_id_is_deterministic_and_distinguishes_applicants() -> None:
    on = dt.date(2026, 11, 25)
    a = default_case_id(Applicant("张三"), on, "", ["x"])
    assert a == default_case_id(Applicant("张三"), on, "", ["x"])
    assert a != default_case_id(Applicant("李四"), on, "", ["x"])


def test_full_case_round_trip_is_lossless(tmp_path: Path, catalog: Catalog) -> None:
    case = load_case_file(write(tmp_path, full()), catalog)
    assert case.id == "CASE-7"
    assert case.state("fx-kaiban", "A01") == ItemState("done", "已现场核验", "王", "2026-11-25T09:10:00")
    assert case.profile["employees"] == 12 and case.profile["has_employees"] is True
    dumped = dump_case(case)
    assert dumped == full()
    assert parse_case(dumped, catalog) == case
    again = load_case_file(write_case_file(case, tmp_path / "again.json"), catalog)
    assert again == case


def test_dump_of_a_built_case_round_trips(catalog: Catalog) -> None:
    case = Case(id="X-1", applicant=Applicant("<b>张三&李四</b>", "110", "c", "p"), checklists=["fx-kaiban"],
                received_on=dt.date(2026, 1, 31), profile={"region": "吉林市", "employees": 2.5},
                states={"fx-kaiban/A02": ItemState("not_applicable", "多行\n备注")})
    assert parse_case(json.loads(json.dumps(dump_case(case))), catalog) == case


def test_null_answer_means_unanswered(catalog: Catalog) -> None:
    data = minimal() | {"profile": {"region": None}}
    assert parse_case(data, catalog).profile == {}


def test_bom_is_tolerated(tmp_path: Path, catalog: Catalog) -> None:
    p = tmp_path / "case.json"
    p.write_bytes(b"\xef\xbb\xbf" + json.dumps(minimal()).encode())
    assert load_case_file(p, catalog).applicant.name == "张三"


def _set(data: dict[str, Any], dotted: str, value: object) -> dict[str, Any]:
    *head, last = dotted.split(".")
    node = data
    for k in head:
        node = node[k]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value
    return data


_DELETE = object()

ERRORS = [
    ("applicant.name", _DELETE, "case.json: applicant.name: 缺少必填字段"),
    ("applicant.name", "", "case.json: applicant.name: 不能为空"),
    ("applicant", _DELETE, "case.json: applicant: 缺少必填字段"),
    ("received_on", _DELETE, "case.json: received_on: 缺少必填字段"),
    ("format", "qingdan-case/3",
     "case.json: format: 不支持的格式“qingdan-case/3”；本程序读取 qingdan-case/1 和 qingdan-case/2"),
    ("format", 2, 'case.json: format: 应为 "qingdan-case/1"，实际为 “2”'),
    ("colour", "red", "case.json: colour: 未知字段（拼写错误？）"),
    ("applicant.fax", "1", "case.json: applicant.fax: 未知字段（拼写错误？）"),
    ("applicant.phone", 431, "case.json: applicant.phone: 应为字符串，实际为数字"),
    ("checklists", [], "case.json: checklists: 至少需要一项"),
    ("checklists", ["fx-kaiban", "fx-kaiban"], "case.json: checklists: 有重复的值"),
    ("checklists", ["fx-kaiban", "nope"], "case.json: checklists[1]: 未知的清单编号“nope”；现有：fx-commit、fx-kaiban"),
    ("received_on", "25.11.2026", "case.json: received_on: 应为日期 YYYY-MM-DD，实际为“25.11.2026”"),
    ("received_on", "2026-02-30", "case.json: received_on: 不是有效的日期（YYYY-MM-DD）：“2026-02-30”"),
    ("items", {"fx-kaiban/A01": {"status": "finished"}},
     "case.json: items.fx-kaiban/A01.status: 应为 pending/done/not_applicable/waived 之一，实际为“finished”"),
    ("items", {"fx-kaiban/A01": {"status": "done", "who": "x"}},
     "case.json: items.fx-kaiban/A01.who: 未知字段（拼写错误？）"),
    ("items", {"fx-kaiban/Z99": {"status": "done"}},
     "case.json: items.fx-kaiban/Z99: 清单“fx-kaiban”中没有编号为“Z99”的事项"),
    ("items", {"fx-commit/C01": {}}, "case.json: items.fx-commit/C01: 清单“fx-commit”不在本办件的 checklists 中"),
    ("items", {"A01": {}}, "case.json: items: 键“A01”应为“<清单编号>/<事项编号>”形式"),
    ("items", {"fx-kaiban/A01": {"note": 5}}, "case.json: items.fx-kaiban/A01.note: 应为字符串，实际为数字"),
    ("profile", {"colour": "red"}, "case.json: profile.colour: 未知的问题编号（见 checklists/questions.toml）"),
    ("profile", {"region": "上海市"}, "case.json: profile.region: 应为 长春市/吉林市/吉林省外 之一，实际为“上海市”"),
    ("profile", {"employees": "12"}, "case.json: profile.employees: 应为数字，实际为字符串"),
    ("profile", {"has_employees": "是"}, "case.json: profile.has_employees: 应为 true/false，实际为“是”"),
    ("profile", {"founded_on": "2026-13-01"},
     "case.json: profile.founded_on: 不是有效的日期（YYYY-MM-DD）：“2026-13-01”"),
    ("profile", {"remark": ["a"]}, "case.json: profile.remark: 应为字符串或数字或true/false或null，实际为数组"),
    ("versions", {"fx-commit": "v"}, "case.json: versions.fx-commit: 清单“fx-commit”不在本办件的 checklists 中"),
]


@pytest.mark.parametrize(("field", "value", "message"), ERRORS, ids=[f"{e[0]}={e[1]!r}"[:40] for e in ERRORS])
def test_each_error_is_one_precise_line(tmp_path: Path, catalog: Catalog, field: str, value: object,
                                        message: str) -> None:
    path = write(tmp_path, _set(minimal(), field, value))
    with pytest.raises(CaseFileError) as exc:
        load_case_file(path, catalog)
    assert str(exc.value) == message
    assert "\n" not in str(exc.value)


def test_invalid_json_names_line_and_column(tmp_path: Path, catalog: Catalog) -> None:
    path = write(tmp_path, '{\n  "format": "qingdan-case/1",\n  "checklists": ["fx-kaiban"]\n  "x": 1\n}')
    with pytest.raises(CaseFileError, match=r"^case\.json: 第4行第3列: JSON 语法错误：Expecting ',' delimiter$"):
        load_case_file(path, catalog)


def test_top_level_must_be_an_object(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(CaseFileError, match=r"^case\.json: （根）: 应为对象，实际为数组$"):
        load_case_file(write(tmp_path, "[]"), catalog)


def test_missing_file_and_bad_encoding(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(CaseFileError, match=r"nope\.json: 文件不存在$"):
        load_case_file(tmp_path / "nope.json", catalog)
    bad = tmp_path / "gbk.json"
    bad.write_bytes('{"x": "张三"}'.encode("gbk"))
    with pytest.raises(CaseFileError, match=r"^gbk\.json: -: 文件不是 UTF-8 编码$"):
        load_case_file(bad, catalog)


def test_long_values_in_messages_are_cut_to_one_line(catalog: Catalog) -> None:
    data = minimal() | {"checklists": ["x\n" * 100]}
    with pytest.raises(CaseFileError) as exc:
        parse_case(data, catalog)
    assert "\n" not in str(exc.value) and len(str(exc.value)) < 200


# -- format v2: the materials at the counter --------------------------------------------------------------


def v2(**materials: Any) -> dict[str, Any]:
    return full() | {"format": FORMAT_V2, "materials": materials or {
        "fx-kaiban/A01": {"营业执照（示例）": {"state": "received", "form": "原件", "updated_by": "王",
                                                "updated_at": "2026-11-25T09:20:00"},
                          "住所证明（示例）": {"state": "deferred", "due": "2026-12-02", "note": "申请人承诺 5 个工作日内补交"},
                          "章程（示例）": {"state": "missing"}},
        "fx-commit/C01": {"承诺书（示例）": {"state": "committed"}}}}


def test_v2_round_trip_is_lossless(tmp_path: Path, catalog: Catalog) -> None:
    case = load_case_file(write(tmp_path, v2()), catalog)
    assert case.materials["fx-kaiban/A01"]["住所证明（示例）"] == MaterialRecord("deferred", "", "2026-12-02",
                                                                          "申请人承诺 5 个工作日内补交")
    assert list(case.materials["fx-kaiban/A01"]) == ["营业执照（示例）", "住所证明（示例）", "章程（示例）"]
    assert dump_case(case) == v2()
    assert load_case_file(write_case_file(case, tmp_path / "again.json"), catalog) == case


def test_a_case_without_material_states_is_still_written_as_v1(catalog: Catalog) -> None:
    case = parse_case(full(), catalog)
    assert case.materials == {} and dump_case(case)["format"] == FORMAT and "materials" not in dump_case(case)


def test_the_v2_schema_is_v1_plus_materials() -> None:
    one = json.loads(schema_path(1).read_text(encoding="utf-8"))
    two = json.loads(schema_path(2).read_text(encoding="utf-8"))
    assert set(two["properties"]) - set(one["properties"]) == {"materials"}
    assert all(two["properties"][k] == one["properties"][k] for k in one["properties"] if k != "format")
    assert two["properties"]["format"] == {"const": FORMAT_V2, "description": two["properties"]["format"]["description"]}


V2_ERRORS = [
    ({"fx-kaiban/A01": {"甲": {"state": "deferred"}}}, "materials.fx-kaiban/A01.甲.due: 容缺受理的材料须写明补正期限"),
    ({"fx-kaiban/A01": {"甲": {"state": "missing", "due": "2026-12-02"}}}, "甲.due: 只有容缺受理的材料有补正期限"),
    ({"fx-kaiban/A01": {"甲": {"state": "missing", "form": "原件"}}}, "甲.form: 只有已收的材料写明收到的形式"),
    ({"fx-kaiban/A01": {"甲": {"state": "deferred", "due": "2026-02-30"}}}, "甲.due: 不是有效的日期"),
    ({"fx-kaiban/A01": {"甲": {"state": "lost"}}}, "应为 received/missing/deferred/committed 之一"),
    ({"fx-kaiban/A01": {"甲": {"state": "received", "form": "扫描件"}}}, "应为 原件/复印件/原件及复印件 之一"),
    ({"fx-kaiban/A99": {"甲": {"state": "missing"}}}, "materials.fx-kaiban/A99: 清单“fx-kaiban”中没有编号为“A99”的事项"),
    ({"fx-other/A01": {"甲": {"state": "missing"}}}, "清单“fx-other”不在本办件的 checklists 中"),
    ({"fx-kaiban/A01": {" ": {"state": "missing"}}}, "材料名称不能为空"),
    ({"fx-kaiban/A01": {"甲\n乙": {"state": "missing"}}}, "材料名称含有控制字符"),
    ({"fx-kaiban/A01": {"甲" * 101: {"state": "missing"}}}, "过长"),
    ({"fx-kaiban/A01": {"甲": {"state": "missing", "extra": 1}}}, "extra: 未知字段"),
]


@pytest.mark.parametrize(("materials", "message"), V2_ERRORS, ids=[m[:24] for _x, m in V2_ERRORS])
def test_each_v2_error_is_one_line(catalog: Catalog, materials: dict[str, Any], message: str) -> None:
    with pytest.raises(CaseFileError) as exc:
        parse_case(v2(**materials), catalog)
    assert message in str(exc.value) and "\n" not in str(exc.value) and str(exc.value).startswith("case.json: ")


def test_a_v1_file_with_materials_is_told_to_say_v2(catalog: Catalog) -> None:
    with pytest.raises(CaseFileError, match="请把 format 写为 qingdan-case/2"):
        parse_case(v2() | {"format": FORMAT}, catalog)
