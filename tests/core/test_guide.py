"""本中心办事指南 in core: the guide file (schema, limits, one-line errors, round trip), the checks against the
cited clauses, how a stored entry is shown, and the passphrase hash.  Real content, 示例 office data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop import paths
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.counter import counter_materials, guide_doc, outstanding
from desktop.core.guide import (
    FORMAT,
    GuideEntry,
    GuideFileError,
    GuideMaterial,
    GuideOrigin,
    dump_guide,
    entry_problem,
    parse_guide,
    read_guide,
)
from desktop.core.guide_checks import charges, check_entry, errors, warnings
from desktop.core.model import Item, LegalBasis, MaterialRecord, TimeLimit
from desktop.core.passphrase import hash_passphrase, is_hash, passphrase_problem, verify_passphrase

GUIDES = Path(__file__).resolve().parents[1] / "fixtures" / "guide"
ORIGIN = GuideOrigin("示例市政务服务中心办事指南（示例）", "示例-2026-1", "2026-03-01")
OFFICE = "示例市政务服务中心（示例）"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(paths.checklist_dir(), paths.source_dir())


def entry(key: str, **kw: Any) -> GuideEntry:
    return GuideEntry(key, OFFICE, ORIGIN, **kw)


def minimal(**entries: Any) -> dict[str, Any]:
    return {"format": FORMAT, "office": OFFICE, "origin": ORIGIN.as_dict(),
            "entries": entries or {"kaiban-jilin/K05": {"place": "示例窗口"}}}


# -- the file -----------------------------------------------------------------------------------------


def test_the_example_guide_reads_and_round_trips() -> None:
    guide = read_guide(GUIDES / "guide-example.json")
    assert guide.office.endswith("（示例，非真实单位）")
    k05 = guide.entries["kaiban-jilin/K05"]
    assert [m.name for m in k05.materials] == ["经营者身份证明（示例）", "经营场所使用证明（示例）",
                                               "个体工商户登记申请书（示例）"]
    assert k05.defer_days == 5 and k05.materials[1].deferrable and k05.origin == guide.origin
    again = parse_guide(json.loads(json.dumps(dump_guide(list(guide.entries.values())), ensure_ascii=False)))
    assert {k: e.content() for k, e in again.entries.items()} == {k: e.content() for k, e in guide.entries.items()}
    assert again.origin == guide.origin and again.office == guide.office


def test_an_entry_of_another_origin_carries_its_own() -> None:
    other = GuideOrigin("另一份示例指南", "", "2026-05-01")
    data = dump_guide([entry("a/1"), entry("a/2"), GuideEntry("a/3", OFFICE, other)])
    assert data["origin"] == ORIGIN.as_dict() and data["entries"]["a/3"]["origin"] == other.as_dict()
    assert "origin" not in data["entries"]["a/1"]
    assert parse_guide(data).entries["a/3"].origin == other


ERRORS = [
    (lambda d: d.update(format="qingdan-guide/2"), 'guide.json: format: 应为 "qingdan-guide/1"'),
    (lambda d: d.pop("origin"), "guide.json: origin: 缺少必填字段"),
    (lambda d: d["origin"].update(date="2026-02-30"), "guide.json: origin.date: 不是有效的日期"),
    (lambda d: d.update(extra=1), "guide.json: extra: 未知字段"),
    (lambda d: d["entries"].update({"K05": {}}), "guide.json: entries: 键“K05”应为“<清单编号>/<事项编号>”形式"),
    (lambda d: d["entries"]["kaiban-jilin/K05"].update(place="第一行\n第二行"),
     "entries.kaiban-jilin/K05.place: 办理地点含有控制字符"),
    (lambda d: d["entries"]["kaiban-jilin/K05"].update(promise_days=400), "promise_days: 应在范围内"),
    (lambda d: d["entries"]["kaiban-jilin/K05"].update(promise_days="3"), "promise_days: 应为整数，实际为字符串"),
    (lambda d: d["entries"]["kaiban-jilin/K05"].update(materials=[{"name": "甲"}, {"name": "甲"}]),
     "materials[1].name: 材料“甲”重复"),
    (lambda d: d["entries"]["kaiban-jilin/K05"].update(materials=[{"name": "甲", "deferrable": True}]),
     "须填写补正期限"),
    (lambda d: d["entries"]["kaiban-jilin/K05"].update(materials=[{"name": "甲", "form": "扫描件"}]),
     "form: 应为 原件/复印件/原件及复印件 之一"),
    (lambda d: d["entries"]["kaiban-jilin/K05"].update(fee="x" * 201), "fee: 过长"),
]


@pytest.mark.parametrize(("edit", "message"), ERRORS, ids=[m[:30] for _e, m in ERRORS])
def test_each_problem_is_one_line(edit: Any, message: str) -> None:
    data = minimal()
    edit(data)
    with pytest.raises(GuideFileError) as exc:
        parse_guide(data)
    assert message in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize(("blob", "message"), [
    (b"\xff\xfe", "不是 UTF-8 编码"), (b"{", "JSON 语法错误"), (b"[" * 40 + b"]" * 40, "嵌套层数过多"),
    (b'{"format": NaN}', "不允许 NaN"), (b" " * (4 * 1024 * 1024 + 1), "文件过大"),
])
def test_hostile_files_are_one_line(tmp_path: Path, blob: bytes, message: str) -> None:
    path = tmp_path / "guide.json"
    path.write_bytes(blob)
    with pytest.raises(GuideFileError) as exc:
        read_guide(path)
    assert message in str(exc.value) and str(exc.value).startswith("guide.json: ")


def test_the_form_and_the_file_share_the_entry_limits() -> None:
    assert entry_problem(entry("a/1")) is None
    assert entry_problem(GuideEntry("a/1", OFFICE, GuideOrigin(""))) == "请填写指南名称（办事指南的来源）"
    assert "指南日期" in (entry_problem(GuideEntry("a/1", OFFICE, GuideOrigin("t", "", "2026-13-01"))) or "")
    assert "份数" in (entry_problem(entry("a/1", materials=(GuideMaterial("甲", copies=0),))) or "")
    assert "补正期限" in (entry_problem(entry("a/1", materials=(GuideMaterial("甲", deferrable=True),))) or "")


# -- the law checks -----------------------------------------------------------------------------------


def test_a_fee_where_the_clause_says_free_is_refused_naming_the_item_and_the_clause(catalog: Catalog) -> None:
    found = check_entry(entry("kaiban-jilin/K31", fee="示例工本费 20 元"), catalog)
    assert len(errors(found)) == 1
    line = errors(found)[0].line()
    assert line.startswith("kaiban-jilin/K31 企业开办全免费办理")
    assert "收费“示例工本费 20 元”与依据不符" in line and "吉政办发〔2021〕17号 一、2." in line and "免费" in line
    assert "\n" not in line and errors(found)[0].field == "fee"


@pytest.mark.parametrize("fee", ["不收费", "免费", "无", "0元", "", "免费（示例）"])
def test_a_fee_that_charges_nothing_is_accepted(catalog: Catalog, fee: str) -> None:
    assert not charges(fee)
    assert errors(check_entry(entry("kaiban-jilin/K31", fee=fee), catalog)) == []


def test_a_fee_on_an_item_whose_cost_alone_says_free_is_refused(catalog: Catalog) -> None:
    item = Item("X1", "示例事项", "step", "做某事", (LegalBasis("jzbf-2021-17", "一、（责任分工）", "省市场监管厅牵头"),),
                cost="免费")
    cat = _with_item(catalog, item)
    line = errors(check_entry(entry("kaiban-jilin/X1", fee="10元"), cat))[0].line()
    assert "本事项费用为“免费”" in line and "吉政办发〔2021〕17号 一、（责任分工）" in line


def test_a_fee_on_an_item_without_a_free_clause_is_accepted(catalog: Catalog) -> None:
    assert errors(check_entry(entry("kaiban-jilin/K14", fee="示例 20 元"), catalog)) == []


def test_a_promise_over_the_legal_limit_is_refused(catalog: Catalog) -> None:
    found = errors(check_entry(entry("shuidianqi/B17", promise_days=7), catalog))
    assert len(found) == 1 and found[0].field == "promise_days"
    line = found[0].line()
    assert line.startswith("shuidianqi/B17 ") and "承诺时限 7 个工作日超过法定时限 5个工作日" in line
    assert "吉政办发〔2021〕17号 六、18." in line and "5个工作日" in line
    assert check_entry(entry("shuidianqi/B17", promise_days=5), catalog) == []


def test_即办_allows_only_the_same_day(catalog: Catalog) -> None:
    assert "超过法定时限（即办）" in errors(check_entry(entry("chengnuo/C08", promise_days=1), catalog))[0].message
    assert check_entry(entry("chengnuo/C08", promise_days=0), catalog) == []


def test_natural_days_and_hours_refuse_what_cannot_fit_and_warn_about_the_rest(catalog: Catalog) -> None:
    basis = (LegalBasis("jzbf-2021-17", "一、2.", "鼓励各地区全面推行企业开办全免费服务"),)
    natural = _with_item(catalog, Item("N1", "示例", "step", "", basis, time_limit=TimeLimit(10, "自然日")))
    assert errors(check_entry(entry("kaiban-jilin/N1", promise_days=11), natural))
    assert warnings(check_entry(entry("kaiban-jilin/N1", promise_days=8), natural))[0].field == "promise_days"
    hours = _with_item(catalog, Item("H1", "示例", "step", "", basis, time_limit=TimeLimit(48, "小时")))
    assert errors(check_entry(entry("kaiban-jilin/H1", promise_days=3), hours))
    assert not errors(check_entry(entry("kaiban-jilin/H1", promise_days=2), hours))


def test_commitment_without_basis_is_a_warning_and_with_basis_is_not(catalog: Catalog) -> None:
    marked = (GuideMaterial("示例证明", commitment=True),)
    found = check_entry(entry("kaiban-jilin/K05", materials=marked), catalog)
    assert errors(found) == [] and len(warnings(found)) == 1
    assert "未规定告知承诺" in warnings(found)[0].message and "吉政办发〔2023〕2号" in warnings(found)[0].message
    assert check_entry(entry("chengnuo/C08", materials=marked), catalog) == []  # its clause is 告知承诺制


def test_a_material_the_law_lists_but_the_guide_leaves_out_is_a_warning(catalog: Catalog) -> None:
    cid, item = next((c.id, i) for c in catalog.checklists.values() for i in c.items if i.materials)
    found = check_entry(entry(f"{cid}/{item.id}", materials=(GuideMaterial("示例其他材料"),)), catalog)
    assert any(item.materials[0].name in f.message and not f.error for f in found)


def test_unknown_steps_are_errors_naming_them(catalog: Catalog) -> None:
    assert errors(check_entry(entry("kaiban-jilin/K99"), catalog))[0].message == \
        "kaiban-jilin/K99：清单“kaiban-jilin”中没有编号为“K99”的事项"
    assert "没有编号为“nope”的清单" in check_entry(entry("nope/K1"), catalog)[0].message


def _with_item(catalog: Catalog, item: Item) -> Catalog:
    from dataclasses import replace

    kaiban = catalog.checklists["kaiban-jilin"]
    return Catalog(catalog.sources, catalog.questions,
                   {**catalog.checklists, "kaiban-jilin": replace(kaiban, items=(*kaiban.items, item))})


# -- shown: the guide and the materials at the counter --------------------------------------------------


def test_a_stored_entry_that_now_contradicts_the_law_hides_that_value_and_says_why(catalog: Catalog) -> None:
    item = catalog.checklists["kaiban-jilin"].item("K31")
    assert item is not None
    doc = guide_doc(entry("kaiban-jilin/K31", fee="示例 20 元", place="示例窗口"), item, catalog)
    assert doc.fee == "" and ("收费", "示例 20 元") not in doc.rows() and ("办理地点", "示例窗口") in doc.rows()
    assert doc.conflicts and "吉政办发〔2021〕17号" in doc.conflicts[0]
    assert doc.heading == "本中心办事指南（示例市政务服务中心办事指南（示例），示例-2026-1，2026-03-01）"


def test_counter_materials_follow_the_guide_and_keep_what_the_case_recorded(catalog: Catalog) -> None:
    import datetime as dt

    item = catalog.checklists["kaiban-jilin"].item("K05")
    assert item is not None
    e = entry("kaiban-jilin/K05", defer_days=5, materials=(GuideMaterial("甲", "原件", 1),
                                                            GuideMaterial("乙", "复印件", deferrable=True),
                                                            GuideMaterial("丙")))
    records = {"甲": MaterialRecord("received", "原件"), "乙": MaterialRecord("deferred", due="2026-12-02"),
               "丁": MaterialRecord("missing")}
    shown = counter_materials(item, e, records, dt.date(2026, 12, 3))
    assert [(m.name, m.source, m.state) for m in shown] == [("甲", "guide", "received"), ("乙", "guide", "deferred"),
                                                            ("丙", "guide", ""), ("丁", "case", "missing")]
    assert shown[1].overdue and shown[1].status_text == "容缺受理，请于 2026-12-02 前补正（已逾期）"
    assert [m.name for m in outstanding(shown, "pending")] == ["乙", "丙", "丁"]
    assert [m.name for m in outstanding(shown, "done")] == ["乙", "丁"]  # not checked does not count once done
    assert outstanding(shown, "waived") == ()


# -- the passphrase -------------------------------------------------------------------------------------


def test_the_passphrase_is_kept_as_a_salted_scrypt_hash() -> None:
    stored = hash_passphrase("示例口令-123")
    assert is_hash(stored) and "示例口令" not in stored and stored.startswith("scrypt$")
    assert stored != hash_passphrase("示例口令-123")  # a fresh salt each time
    assert verify_passphrase("示例口令-123", stored) and not verify_passphrase("示例口令-124", stored)
    assert not verify_passphrase("x", "示例口令-123") and not verify_passphrase("x", "scrypt$1$1$1$!$!")
    assert passphrase_problem("12345") and passphrase_problem(" 123456") and passphrase_problem("123456") is None
