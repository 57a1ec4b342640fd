"""Wording is reviewed in one place: no user-visible Chinese literal in desktop/ui outside the strings module
(and the Qt translation table); the vocabulary's words are decided once (办件/办结, never 案件/结案)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
UI = ROOT / "desktop" / "ui"
ALLOWED = {UI / "strings.py", UI / "qt_zh.py"}
CJK = re.compile(r"[\u4e00-\u9fff]")  # words; punctuation used as a separator is not wording
NOT_SHOWN = {"微软雅黑", "宋体"}  # system font family names the theme asks for


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def chinese_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    return [f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}" for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
            and CJK.search(node.value) and node.value not in NOT_SHOWN]


def test_no_chinese_literal_outside_the_strings_module() -> None:
    found = [line for path in sorted(UI.rglob("*.py")) if path not in ALLOWED for line in chinese_literals(path)]
    assert found == []


def test_the_checker_finds_a_literal(tmp_path: Path) -> None:
    bad = ROOT / "desktop" / "ui" / "_probe_for_test.py"
    try:
        bad.write_text('"""文档可以写中文。"""\nLABEL = "返回"\n', encoding="utf-8")
        assert chinese_literals(bad) == ["desktop/ui/_probe_for_test.py:2: '返回'"]
    finally:
        bad.unlink()


def test_one_word_for_a_case_and_for_closing_it() -> None:
    from desktop.core import vocab

    words = [w for path in (ROOT / "desktop").rglob("*.py") if path.name != "vocab.py"
             for w in re.findall(r"案件|结案|重新办理", path.read_text(encoding="utf-8"))]
    assert words == []
    assert vocab.label(vocab.CaseStatus.CLOSED) == "已办结" and vocab.CASE_NUMBER == "办件编号"
