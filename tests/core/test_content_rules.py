"""The content rules of issue #12 (desktop/core/content_rules.py): each bad fixture makes
`qingdan validate` print exactly one precise line and exit 1.

Every test works on a copy of tests/fixtures/content (示例 content), never on the bundled checklists.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

import pytest

from desktop import paths
from desktop.app import main
from desktop.core.catalog import load_catalog
from desktop.core.content_contract import KNOWN_FAMILIES
from desktop.core.eligibility import resolve

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"
TOOL = Path(__file__).resolve().parents[2] / "tools" / "released_ids.py"

HEAD = 'id = "t"\ntitle = "测试"\nfamily = "开办企业"\nregion = "吉林省"\nquestions = ["region"]\n'
ITEM = '''
[[items]]
id = "T01"
title = "开办时间"
what = "开办时间压缩至1个工作日内。"
{extra}
[[items.basis]]
source = "fx-prov"
article = "一、1."
quote = "开办时间全面压缩至1个工作日内"
'''
NATIONAL = '''
[[items]]
id = "T02"
title = "国家规定的开办时间"
what = "全国企业开办时间压缩至4个工作日以内。"
{extra}
[[items.basis]]
source = "fx-nat"
article = "二、（一）"
quote = "全国实现压缩企业开办时间至４个工作日以内"
'''
NOT_QUOTED = "不在本事项的任何引文中"


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the fixture content, used as the app's content."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES, root)
    monkeypatch.setattr(paths, "checklist_dir", lambda: root / "checklists")
    monkeypatch.setattr(paths, "source_dir", lambda: root / "sources")
    return root


def _validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str]]:
    code = main(["validate", *args])
    return code, capsys.readouterr().out.strip().splitlines()


def _one_file(tmp_path: Path, capsys: pytest.CaptureFixture[str], body: str) -> tuple[int, list[str]]:
    path = tmp_path / "x.toml"
    path.write_text(body, encoding="utf-8")
    return _validate(capsys, str(path))


def _item(extra: str = "", what: str = "") -> str:
    body = ITEM.format(extra=extra)
    return body.replace('what = "开办时间压缩至1个工作日内。"', f'what = "{what}"') if what else body


def test_the_fixture_content_passes(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _validate(capsys)
    assert code == 0, lines
    assert lines[-1].startswith("通过：")


# ---------------------------------------------------------------- numbers

def test_an_amount_not_in_any_quote(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _one_file(tmp_path, capsys, HEAD + _item(what="开办时间压缩至1个工作日内，单笔最高500万元。"))
    assert code == 1
    assert lines == [f"x.toml: T01: what: 数字“500万元”{NOT_QUOTED}"]


def test_a_count_in_the_title(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = HEAD + _item().replace('title = "开办时间"', 'title = "开办时间（吉林省2021年：6项）"')
    code, lines = _one_file(tmp_path, capsys, body)
    assert code == 1
    assert lines == [f"x.toml: T01: title: 数字“6项”{NOT_QUOTED}"]  # 2021年 is the cited document's year


def test_the_time_limit_must_be_quoted(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = HEAD + _item('time_limit = { value = 1, unit = "工作日" }')
    assert _one_file(tmp_path, capsys, good)[0] == 0
    code, lines = _one_file(tmp_path, capsys, good.replace("value = 1,", "value = 3,"))
    assert code == 1
    assert lines == [f"x.toml: T01: time_limit: 数字“3个工作日”{NOT_QUOTED}"]


def test_the_unit_counts(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _one_file(tmp_path, capsys, HEAD + _item(what="开办时间压缩至1天内。"))
    assert code == 1
    assert lines == [f"x.toml: T01: what: 数字“1天”{NOT_QUOTED}"]


def test_a_material_note(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = '[[items.materials]]\nname = "开办申请表"\nnote = "一式3份"\n'
    code, lines = _one_file(tmp_path, capsys, HEAD + _item(extra))
    assert code == 1
    assert lines == [f"x.toml: T01: materials[1].note: 数字“3份”{NOT_QUOTED}"]


def test_quoted_numbers_in_any_form_and_references_pass(content: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    what = ("开办时间压缩至一个工作日内，即１个工作日（吉林省2021年方案；吉政办发〔2021〕17号一、1.，第十七条；"
            "（二）2021-12-31前；见T02，国家为4个工作日）。")
    body = HEAD + _item('time_limit = { value = 1, unit = "工作日" }', what=what) + NATIONAL.format(extra="")
    code, lines = _one_file(tmp_path, capsys, body)
    assert code == 0, lines


def test_group_variants_count_in_the_note_only(content: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    extra = 'group = "g"\nnote = "国家规定为4个工作日（见同组事项）。"\n'
    body = HEAD + _item(extra, what="吉林省为1个工作日，国家为4个工作日。") + NATIONAL.format(extra='group = "g"')
    code, lines = _one_file(tmp_path, capsys, body)
    assert code == 1
    assert lines == [f"x.toml: T01: what: 数字“4个工作日”{NOT_QUOTED}"]


def test_wording_quoted_from_a_cited_document_passes(content: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    item = NATIONAL.format(extra='note = "原文为“压缩企业开办时间至４个工作日”。"').replace(
        "全国实现压缩企业开办时间至４个工作日以内", "鼓励具备条件的地方，在确保工作质量前提下，压缩企业开办时间至更少").replace(
        "全国企业开办时间压缩至4个工作日以内。", "鼓励压缩企业开办时间。")
    assert _one_file(tmp_path, capsys, HEAD + item)[0] == 0
    unquoted = item.replace("原文为“压缩企业开办时间至４个工作日”", "原文为压缩至4个工作日")
    code, lines = _one_file(tmp_path, capsys, HEAD + unquoted)
    assert code == 1
    assert lines == [f"x.toml: T02: note: 数字“4个工作日”{NOT_QUOTED}"]


# ---------------------------------------------------------------- condition values

@pytest.mark.parametrize(("condition", "message"), [
    ('region == "长春"', "条件中“region”的取值“长春”不是该问题的选项之一"),
    ('region not in ["长春市", "吉林"]', "条件中“region”的取值“吉林”不是该问题的选项之一"),
    ('has_employees == "是"', "是/否问题“has_employees”只能与 True/False 比较，实际为“是”"),
    ('employees > "10"', "数字问题“employees”只能与数字比较，实际为“10”"),
    ('founded_on < "2021-13-01"', "日期“founded_on”只能与 \"YYYY-MM-DD\" 形式的日期比较，实际为“2021-13-01”"),
    ('received_on >= "2021年"', "日期“received_on”只能与 \"YYYY-MM-DD\" 形式的日期比较，实际为“2021年”"),
    ("remark == 1", "文字问题“remark”只能与字符串比较，实际为“1”"),
    ('size == "小微"', "条件中“size”的取值“小微”不是划型结果之一"),
    ('industry_group == "零售"', "条件中“industry_group”的取值“零售”不是划型行业组（resources/data/sme_size.toml）之一"),
    ('region in "长春市"', "“region”的 in / not in 右边应为列表"),
    ('region == ["长春市"]', "“region”只有 in / not in 才能与列表比较"),
    ('region > "长春市"', "“region”只能用 ==、!=、in、not in 比较"),
    ("has_employees and employees", "只有是/否问题可以单独作为条件，“employees”不是是/否问题"),
])
def test_a_condition_compares_only_with_values_the_question_takes(
        content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], condition: str, message: str) -> None:
    code, lines = _one_file(tmp_path, capsys, HEAD + _item(f"applies_if = '{condition}'"))
    assert code == 1
    assert lines == [f"x.toml: T01: applies_if: {message}"]


def test_good_conditions_pass(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    condition = ('region in ["长春市", "吉林市"] and not has_employees and employees >= 10 and size != "大型" '
                 'and industry_group == "零售业" and received_on >= "2021-04-07" and has_employees == False')
    code, lines = _one_file(tmp_path, capsys, HEAD + _item(f"applies_if = '{condition}'"))
    assert code == 0, lines


def test_unclear_if_is_checked_too(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extra = "unclear_if = 'employees == \"10\"'\nunclear_reason = \"人数恰在界限上是否包括未写明\""
    code, lines = _one_file(tmp_path, capsys, HEAD + _item(extra))
    assert code == 1
    assert lines == ["x.toml: T01: unclear_if: 数字问题“employees”只能与数字比较，实际为“10”"]


# ---------------------------------------------------------------- family and the questions the code reads

def test_an_unknown_family(content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _one_file(tmp_path, capsys, HEAD.replace('"开办企业"', '"开店"') + _item())
    assert code == 1
    assert lines == [f"x.toml: -: family: 未知的清单类别“开店”（程序识别的类别：{'、'.join(KNOWN_FAMILIES)}；"
                     "见 desktop/core/content_contract.py）"]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_region_option_the_code_needs(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(content / "checklists" / "questions.toml", '"长春市", "吉林市", "吉林省外"', '"长春市", "吉林市"')
    code, lines = _validate(capsys)
    assert code == 1
    assert lines == ["checklists/questions.toml: region: options: 缺少程序依赖的选项“吉林省外”"
                     "（用于适用层级（国家/吉林省/长春市）的判断）"]


def test_a_question_the_code_needs(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(content / "checklists" / "questions.toml", 'id = "assets"', 'id = "total_assets"')
    code, lines = _validate(capsys)
    assert code == 1
    assert lines == ["checklists/questions.toml: assets: id: 缺少程序依赖的问题“assets”（用于中小企业划型）"]


def test_the_type_the_code_reads(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(content / "checklists" / "questions.toml", 'type = "number"\nunit = "人"', 'type = "text"')
    code, lines = _validate(capsys)
    assert code == 1
    assert lines == ["checklists/questions.toml: employees: type: 程序按 number 类型读取此问题，实际为“text”"]


def test_every_industry_option_is_sized(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _edit(content / "checklists" / "questions.toml", '"零售业", "制造业"', '"零售业", "星际贸易", "制造业"')
    code, lines = _validate(capsys)
    with pytest.raises(ValueError) as exc:
        resolve("星际贸易")
    assert code == 1
    assert lines == [f"checklists/questions.toml: industry: options: 行业选项“星际贸易”无法划型：{exc.value}"]


# ---------------------------------------------------------------- every source is cited

def test_an_uncited_source(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (content / "sources" / "fx-nat.toml").read_text(encoding="utf-8")
    (content / "sources" / "fx-extra.toml").write_text(text.replace('id = "fx-nat"', 'id = "fx-extra"'), "utf-8")
    code, lines = _validate(capsys)
    assert code == 1
    assert lines == ["resources/sources/fx-extra.toml: fx-extra: id: 依据文件未被任何事项引用（只随附被引用的依据文件）"]
    # validating only some files cannot tell what the others cite: the rule is skipped
    code, lines = _validate(capsys, str(content / "checklists" / "fx-kaiban.toml"))
    assert code == 0, lines


# ---------------------------------------------------------------- released ids

KAIBAN_IDS = '["A01", "A00", "A02", "A03", "A04", "A05", "A06"'
GONE = ("事项编号在已发布版本中存在，现已删除（已有办件的状态会失去对应事项）；如确需删除，请在 checklists/released.toml "
        "中登记 retired")


def _lock(content: Path, text: str) -> None:
    (content / "checklists" / "released.toml").write_text(text, encoding="utf-8")


def test_a_released_id_that_disappeared(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _lock(content, f'[fx-kaiban]\nids = {KAIBAN_IDS}, "A07"]\n[fx-commit]\nids = ["C01"]\n')
    code, lines = _validate(capsys)
    assert code == 1
    assert lines == [f"checklists/fx-kaiban.toml: A07: id: {GONE}"]
    # scoped to the files given when only some are validated
    code, lines = _validate(capsys, str(content / "checklists" / "fx-kaiban.toml"))
    assert lines == [f"fx-kaiban.toml: A07: id: {GONE}"]
    assert _validate(capsys, str(content / "checklists" / "fx-commit.toml"))[0] == 0


def test_a_retired_id_passes_and_cannot_come_back(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _lock(content, f'[fx-kaiban]\nids = {KAIBAN_IDS}, "A07"]\nretired = {{ A07 = "并入 A01（示例）" }}\n')
    assert _validate(capsys)[0] == 0
    _lock(content, f'[fx-kaiban]\nids = {KAIBAN_IDS}]\nretired = {{ A06 = "示例" }}\n')
    code, lines = _validate(capsys)
    assert code == 1
    assert lines == ["checklists/fx-kaiban.toml: A06: id: 事项编号已在 checklists/released.toml 中登记为 retired，"
                     "不能再次使用（旧办件的状态会挂到新事项上）"]


def test_a_released_checklist_that_disappeared(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _lock(content, '[fx-gone]\nids = ["G01"]\n')
    code, lines = _validate(capsys)
    assert code == 1
    assert lines == ["checklists/released.toml: fx-gone: id: 清单“fx-gone”在已发布版本中存在，现已删除"
                     "（已有办件会失去这个清单）；如确需删除，请在 checklists/released.toml 中为它登记 withdrawn"]
    assert _validate(capsys, str(content / "checklists" / "fx-kaiban.toml"))[0] == 0
    _lock(content, '[fx-gone]\nwithdrawn = "示例：并入 fx-kaiban"\nids = ["G01"]\n')
    assert _validate(capsys)[0] == 0


def test_a_malformed_lock(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _lock(content, f'[fx-kaiban]\nids = {KAIBAN_IDS}]\nretired = {{ A07 = "" }}\n')
    code, lines = _validate(capsys)
    assert code == 1
    assert lines == ["checklists/released.toml: fx-kaiban: retired: 应为 { 事项编号 = \"删除原因\" } 形式，原因不能为空"]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("released_ids", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_tool_adds_ids_and_never_drops_one(content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tool = _tool()
    checklists = content / "checklists"
    assert tool.main(["--checklists", str(checklists), "--update"]) == 0
    lock = (checklists / "released.toml").read_text(encoding="utf-8")
    assert '"A06"' in lock and "[fx-commit]" in lock
    capsys.readouterr()
    assert _validate(capsys)[0] == 0
    _edit(checklists / "fx-kaiban.toml", 'id = "A06"', 'id = "A16"')
    assert tool.main(["--checklists", str(checklists), "--update"]) == 0
    lock = (checklists / "released.toml").read_text(encoding="utf-8")
    assert '"A06"' in lock and '"A16"' in lock
    capsys.readouterr()
    assert _validate(capsys) == (1, [f"checklists/fx-kaiban.toml: A06: id: {GONE}"])


# ---------------------------------------------------------------- what the app does with each kind

def test_review_findings_keep_the_checklist_in_the_app(content: Path, tmp_path: Path) -> None:
    from desktop.context import build_context

    kaiban = content / "checklists" / "fx-kaiban.toml"
    _edit(kaiban, 'what = "企业刻制公章费用由政府支付。"', 'what = "企业刻制公章费用由政府支付，最高500元。"')
    cat = load_catalog(content / "checklists", content / "sources")
    assert [str(p) for p in cat.problems] == [f"checklists/fx-kaiban.toml: A02: what: 数字“500元”{NOT_QUOTED}"]
    ctx = build_context(tmp_path / "data", content / "checklists", content / "sources")
    assert "fx-kaiban" in ctx.catalog.checklists and ctx.problems == []
    ctx.close()
    _edit(kaiban, "applies_if = \"has_employees\"", "applies_if = 'has_employees == \"是\"'")
    ctx = build_context(tmp_path / "data2", content / "checklists", content / "sources")
    assert "fx-kaiban" not in ctx.catalog.checklists
    assert [p.field for p in ctx.problems] == ["applies_if"]
    ctx.close()
