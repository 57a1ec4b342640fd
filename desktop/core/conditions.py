"""Safe applicability conditions over profile answers and derived facts.

A condition is a small expression such as ``entity_type in ["有限责任公司", "股份有限公司"] and
region == "长春市"``.  It is parsed with :mod:`ast` and only a whitelist of node types is accepted
(names, constants, lists, comparisons, and/or/not); nothing is ever passed to eval or exec.

Evaluation is three-valued: a name without an answer makes the comparison *unknown*, and the result
names the questions that still need an answer (待确认) instead of guessing.  A false result carries a
plain-Chinese reason built from the question labels.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

Value = str | int | float | bool


class ConditionError(ValueError):
    """A condition that does not parse or uses something outside the whitelist."""


@dataclass
class Outcome:
    """Result of evaluating a condition: value True/False/None (unknown)."""

    value: bool | None
    reasons: list[str] = field(default_factory=list)  # why it is false
    missing: list[str] = field(default_factory=list)  # names without an answer


_OPS: dict[type[ast.cmpop], tuple[str, Callable[[object, object], bool]]] = {
    ast.Eq: ("不是", lambda a, b: a == b),
    ast.NotEq: ("本事项不适用于", lambda a, b: a != b),
    ast.Lt: ("不小于", lambda a, b: a < b),  # type: ignore[operator]
    ast.LtE: ("大于", lambda a, b: a <= b),  # type: ignore[operator]
    ast.Gt: ("不大于", lambda a, b: a > b),  # type: ignore[operator]
    ast.GtE: ("小于", lambda a, b: a >= b),  # type: ignore[operator]
    ast.In: ("不属于", lambda a, b: a in b),  # type: ignore[operator]
    ast.NotIn: ("本事项不适用于", lambda a, b: a not in b),  # type: ignore[operator]
}


def parse(expression: str) -> ast.expr:
    """Parse and whitelist-check a condition; raises ConditionError with a Chinese message."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as exc:
        raise ConditionError(f"条件语法错误：{exc.msg}（第 {exc.offset} 个字符）") from None
    _check(tree.body)
    return tree.body


def names(expression: str) -> set[str]:
    """All names a condition reads."""
    return {n.id for n in ast.walk(parse(expression)) if isinstance(n, ast.Name)}


def _check(node: ast.expr) -> None:
    if isinstance(node, ast.BoolOp):
        for v in node.values:
            _check(v)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand)
    elif isinstance(node, ast.Compare):
        if len(node.ops) != 1:
            raise ConditionError("条件中每个比较只能有一个运算符")
        if type(node.ops[0]) not in _OPS:
            raise ConditionError("条件中有不支持的比较运算符")
        if not isinstance(node.left, ast.Name):
            raise ConditionError("比较的左边必须是问题编号")
        _check_value(node.comparators[0])
    elif isinstance(node, ast.Name):
        pass  # a bare name: truthiness of a bool answer
    else:
        raise ConditionError(f"条件中不允许使用 {type(node).__name__}")


def _check_value(node: ast.expr) -> None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str | int | float | bool):
        return
    if isinstance(node, ast.List | ast.Tuple):
        for elt in node.elts:
            if not (isinstance(elt, ast.Constant) and isinstance(elt.value, str | int | float | bool)):
                raise ConditionError("列表中只能是字符串或数字")
        return
    raise ConditionError("比较的右边必须是字符串、数字或列表")


def _literal(node: ast.expr) -> object:
    if isinstance(node, ast.Constant):
        return node.value
    assert isinstance(node, ast.List | ast.Tuple)
    return [elt.value for elt in node.elts if isinstance(elt, ast.Constant)]


def _show(value: object) -> str:
    if isinstance(value, list):
        return "、".join(_show(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def evaluate(
    expression: str, facts: Mapping[str, object], labels: Mapping[str, str] | None = None
) -> Outcome:
    """Evaluate a condition over facts; a missing or None fact is unknown."""
    if not expression.strip():
        return Outcome(True)
    return _eval(parse(expression), facts, labels or {})


def _eval(node: ast.expr, facts: Mapping[str, object], labels: Mapping[str, str]) -> Outcome:
    if isinstance(node, ast.BoolOp):
        parts = [_eval(v, facts, labels) for v in node.values]
        is_and = isinstance(node.op, ast.And)
        decisive = not is_and
        hits = [p for p in parts if p.value is decisive]
        if hits:
            return Outcome(decisive, reasons=[r for p in hits for r in p.reasons])
        unknown = [p for p in parts if p.value is None]
        if unknown:
            return Outcome(None, missing=_dedup([m for p in unknown for m in p.missing]))
        return Outcome(not decisive, reasons=[r for p in parts for r in p.reasons])
    if isinstance(node, ast.UnaryOp):
        inner = _eval(node.operand, facts, labels)
        if inner.value is None:
            return inner
        reasons = [] if inner.value is False else ["不满足：" + _describe(node.operand, labels)]
        return Outcome(not inner.value, reasons=reasons)
    if isinstance(node, ast.Name):
        value = facts.get(node.id)
        if value is None or value == "":
            return Outcome(None, missing=[node.id])
        ok = bool(value)
        return Outcome(ok, reasons=[] if ok else [f"{labels.get(node.id, node.id)}为“否”"])
    assert isinstance(node, ast.Compare) and isinstance(node.left, ast.Name)
    name = node.left.id
    value = facts.get(name)
    if value is None or value == "":
        return Outcome(None, missing=[name])
    word, func = _OPS[type(node.ops[0])]
    rhs = _literal(node.comparators[0])
    try:
        ok = func(value, rhs)
    except TypeError:
        label = labels.get(name, name)
        raise ConditionError(f"“{label}”的回答“{_show(value)}”不能与“{_show(rhs)}”比较") from None
    if ok:
        return Outcome(True)
    return Outcome(False, reasons=[f"{labels.get(name, name)}为“{_show(value)}”，{word}“{_show(rhs)}”"])


def _describe(node: ast.expr, labels: Mapping[str, str]) -> str:
    if isinstance(node, ast.Name):
        return labels.get(node.id, node.id)
    return ast.unparse(node)


def _dedup(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))
