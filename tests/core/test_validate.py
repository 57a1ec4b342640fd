"""`qingdan validate` reports each kind of content error as one precise line and exits 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.app import main

GOOD_ITEM = '''
[[items]]
id = "T01"
title = "一网通办"
what = "测试事项"
[[items.basis]]
source = "jzbf-2021-17"
article = "一、1."
quote = "开办时间全面压缩至1个工作日内"
'''
HEAD = 'id = "t"\ntitle = "测试"\nfamily = "开办企业"\nregion = "吉林省"\nquestions = ["region"]\n'


def _validate(tmp_path: Path, body: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    path = tmp_path / "x.toml"
    path.write_text(body, encoding="utf-8")
    code = main(["validate", str(path)])
    return code, capsys.readouterr().out.strip().splitlines()


def test_a_good_file_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _validate(tmp_path, HEAD + GOOD_ITEM, capsys)
    assert code == 0, lines
    assert lines[-1].startswith("通过：1 个清单，1 个事项")


def test_quote_not_in_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _validate(tmp_path, HEAD + GOOD_ITEM.replace("1个工作日内", "3个工作日内"), capsys)
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith("x.toml: T01: basis[1].quote: 引文在依据文件“jzbf-2021-17”的原文中找不到")


def test_unknown_source_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _validate(tmp_path, HEAD + GOOD_ITEM.replace('"jzbf-2021-17"', '"no-such-doc"'), capsys)
    assert code == 1
    assert lines == ["x.toml: T01: basis[1].source: 未知的依据文件编号“no-such-doc”（resources/sources/ 中没有）"]


def test_missing_required_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _validate(tmp_path, HEAD + GOOD_ITEM.replace('title = "一网通办"\n', ""), capsys)
    assert code == 1
    assert lines == ["x.toml: T01: title: 缺少必填字段"]


def test_duplicate_item_id(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _validate(tmp_path, HEAD + GOOD_ITEM + GOOD_ITEM, capsys)
    assert code == 1
    assert lines == ["x.toml: T01: id: 事项编号重复"]


def test_syntax_error_names_line_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = _validate(tmp_path, HEAD + GOOD_ITEM.replace('what = "测试事项"', 'what = "测试事项'), capsys)
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith("x.toml: -: 语法: TOML 语法错误：")
    assert "line 10" in lines[0]


def test_item_without_basis_does_not_ship(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = HEAD + '[[items]]\nid = "T02"\ntitle = "无依据"\nwhat = "x"\n'
    code, lines = _validate(tmp_path, body, capsys)
    assert code == 1
    assert lines == ["x.toml: T02: basis: 每个事项至少需要一条依据（无依据的事项不能发布）"]


def test_unknown_field_and_bad_condition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = HEAD + GOOD_ITEM.replace('what = "测试事项"', 'what = "测试事项"\ndepartmnet = "x"\napplies_if = "colour == 1"')
    code, lines = _validate(tmp_path, body, capsys)
    assert code == 1
    assert "x.toml: T01: departmnet: 未知字段（拼写错误？）" in lines
    assert "x.toml: T01: applies_if: 条件引用了未定义的问题“colour”" in lines


def test_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nope.toml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "文件不存在" in err[0]
