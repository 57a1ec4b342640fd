"""Content rules beyond structure and quotes, run by :func:`desktop.core.catalog.load_catalog` (so the
app, ``qingdan validate`` and the tests apply the same gate).  Documented in checklists/README.md
("Validation rules").

Per checklist (also when ``qingdan validate`` is given only some files):
- numbers: every number an item states occurs in one of its quotes (:mod:`desktop.core.numbers`);
- condition values: a condition compares a question only with values it can take;
- family: a checklist's family is one the app knows.

Per questions file: the questions the code reads are declared, with their type and options.

Whole catalog: every bundled source is cited (skipped for a subset of files); no released item id
has disappeared (:mod:`desktop.core.released`; for a subset, only the checklists loaded).
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from desktop.core import conditions, eligibility, released
from desktop.core.citations import SourceIndex
from desktop.core.content_contract import (
    CODE_QUESTIONS,
    INDUSTRY,
    INDUSTRY_GROUP,
    KNOWN_FAMILIES,
    RECEIVED_ON,
    SIZE,
)
from desktop.core.model import Checklist, Item, Question, Source
from desktop.core.numbers import Number, find_numbers, quoted_numbers
from desktop.core.problems import CONDITION_VALUES, FAMILY, NUMBERS, SOURCES_CITED, VOCABULARY, Problem

# ---------------------------------------------------------------- numbers

STATED_FIELDS = ("title", "what", "department", "lead", "time_note", "cost", "channel", "result", "claim",
                 "note", "unclear_reason")
_ITEM_REF = re.compile(r"(?<![A-Za-z])[A-Z]\d{2,}(?!\d)")
_QUOTED = re.compile(r"“([^“”]*)”")
_TIME_UNIT_CLASS = {"工作日": "工作日", "自然日": "日", "小时": "小时"}


def stated_texts(item: Item) -> list[tuple[str, str]]:
    """(field, text) of everything an item states in words."""
    out = [(f, str(getattr(item, f))) for f in STATED_FIELDS]
    for n, m in enumerate(item.materials, 1):
        out += [(f"materials[{n}].name", m.name), (f"materials[{n}].note", m.note)]
    return [(f, t) for f, t in out if t]


def _evidence(items: Iterable[Item], sources: Mapping[str, Source]) -> list[Number]:
    """The numbers the items' quotes state, plus the year and date of each document they cite."""
    items = list(items)
    out = quoted_numbers(b.quote for it in items for b in it.basis)
    for sid in {b.source for it in items for b in it.basis}:
        src = sources.get(sid)
        if src is not None:
            d = src.date
            out += [Number(float(d.year), "年", ""), Number(float(d.year * 10_000 + d.month * 100 + d.day), "日期", "")]
    return out


def number_problems(checklist: Checklist, item: Item, file: str, index: SourceIndex) -> list[Problem]:
    """Numbers the item states that none of its quotes (nor the documents it cites) state.

    A field may also rely on the items it names by id ("见C12"); ``note`` also on the item's group
    variants (same ``group``).  A fragment in “” found verbatim in a cited document's text is not checked
    further (the note quotes the document).
    """
    by_id = {i.id: i for i in checklist.items}
    variants = [i for i in checklist.items if item.group and i.group == item.group and i is not item]
    problems: list[Problem] = []
    for fld, text in stated_texts(item):
        refs = [item, *(by_id[r] for r in _ITEM_REF.findall(text) if r in by_id and r != item.id)]
        if fld == "note":
            refs += variants
        evidence = _evidence(refs, index.sources)
        cited = {b.source for r in refs for b in r.basis}

        def verbatim(m: re.Match[str], cited: set[str] = cited) -> str:
            return " " if any(index.contains(s, m.group(1)) for s in cited) else m.group(0)

        reported: set[str] = set()
        for number in find_numbers(_QUOTED.sub(verbatim, text)):
            if number.text not in reported and not any(number.matched_by(e) for e in evidence):
                reported.add(number.text)
                problems.append(Problem(file, item.id, fld, f"数字“{number.text}”不在本事项的任何引文中", NUMBERS))
    limit = item.time_limit
    if limit is not None and limit.value is not None:
        stated = Number(limit.value, _TIME_UNIT_CLASS.get(limit.unit, limit.unit), limit.label())
        if not any(stated.matched_by(e) for e in _evidence([item], index.sources)):
            problems.append(Problem(file, item.id, "time_limit", f"数字“{limit.label()}”不在本事项的任何引文中",
                                    NUMBERS))
    return problems


# ---------------------------------------------------------------- condition values

_EQUALITY = (ast.Eq, ast.NotEq)
_MEMBERSHIP = (ast.In, ast.NotIn)


def _domain(name: str, questions: Mapping[str, Question]) -> tuple[str, tuple[str, ...], str]:
    """(type, allowed values, where they are listed) of a condition name."""
    if name == SIZE:
        return "choice", eligibility.SIZES, "划型结果"
    if name == INDUSTRY_GROUP:
        return "choice", tuple(eligibility.default_table().groups), "划型行业组（resources/data/sme_size.toml）"
    if name == RECEIVED_ON:
        return "date", (), ""
    q = questions[name]
    return q.type, q.options, "该问题的选项"


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _value_problem(name: str, qtype: str, allowed: tuple[str, ...], where: str, value: object) -> str | None:
    if qtype == "choice":
        if not isinstance(value, str) or value not in allowed:
            return f"条件中“{name}”的取值“{value}”不是{where}之一"
    elif qtype == "bool":
        if not isinstance(value, bool):
            return f"是/否问题“{name}”只能与 True/False 比较，实际为“{value}”"
    elif qtype == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return f"数字问题“{name}”只能与数字比较，实际为“{value}”"
    elif qtype == "date":
        if not (isinstance(value, str) and _is_date(value)):
            return f"日期“{name}”只能与 \"YYYY-MM-DD\" 形式的日期比较，实际为“{value}”"
    elif not isinstance(value, str):
        return f"文字问题“{name}”只能与字符串比较，实际为“{value}”"
    return None


def _compare_problems(node: ast.Compare, questions: Mapping[str, Question]) -> list[str]:
    assert isinstance(node.left, ast.Name)
    name, op, right = node.left.id, node.ops[0], node.comparators[0]
    qtype, allowed, where = _domain(name, questions)
    is_list = isinstance(right, ast.List | ast.Tuple)
    if isinstance(op, _MEMBERSHIP) and not is_list:
        return [f"“{name}”的 in / not in 右边应为列表"]
    if not isinstance(op, _MEMBERSHIP) and is_list:
        return [f"“{name}”只有 in / not in 才能与列表比较"]
    if qtype in ("choice", "bool", "text") and not isinstance(op, _EQUALITY + _MEMBERSHIP):
        return [f"“{name}”只能用 ==、!=、in、not in 比较"]
    elts = right.elts if isinstance(right, ast.List | ast.Tuple) else [right]
    values = [e.value for e in elts if isinstance(e, ast.Constant)]
    return [m for v in values if (m := _value_problem(name, qtype, allowed, where, v)) is not None]


def condition_problems(item: Item, file: str, questions: Mapping[str, Question]) -> list[Problem]:
    """Comparisons with values the question (or derived fact) cannot take, and bare non-bool names."""
    known = set(questions) | {SIZE, INDUSTRY_GROUP, RECEIVED_ON}
    problems: list[Problem] = []
    for fld, text in (("applies_if", item.applies_if), ("unclear_if", item.unclear_if)):
        if not text:
            continue
        try:
            tree = conditions.parse(text)
        except conditions.ConditionError:
            continue  # reported by the catalog
        messages: list[str] = []
        stack: list[ast.expr] = [tree]
        while stack:
            node = stack.pop()
            if isinstance(node, ast.BoolOp):
                stack += reversed(node.values)
            elif isinstance(node, ast.UnaryOp):
                stack.append(node.operand)
            elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Name) and node.left.id in known:
                messages += _compare_problems(node, questions)
            elif isinstance(node, ast.Name) and node.id in known and (
                    node.id not in questions or questions[node.id].type != "bool"):
                messages.append(f"只有是/否问题可以单独作为条件，“{node.id}”不是是/否问题")
        problems += [Problem(file, item.id, fld, m, CONDITION_VALUES) for m in messages]
    return problems


# ---------------------------------------------------------------- vocabulary and family

def question_problems(questions: Mapping[str, Question], file: str) -> list[Problem]:
    """The questions the code reads (desktop/core/content_contract.py) are declared as the code expects."""
    problems: list[Problem] = []
    for cq in CODE_QUESTIONS:
        q = questions.get(cq.id)
        if q is None:
            problems.append(Problem(file, cq.id, "id", f"缺少程序依赖的问题“{cq.id}”（用于{cq.used_by}）", VOCABULARY))
            continue
        if q.type != cq.type:
            problems.append(Problem(file, cq.id, "type", f"程序按 {cq.type} 类型读取此问题，实际为“{q.type}”",
                                    VOCABULARY))
        for option in cq.options:
            if option not in q.options:
                problems.append(Problem(file, cq.id, "options", f"缺少程序依赖的选项“{option}”（用于{cq.used_by}）",
                                        VOCABULARY))
    industry = questions.get(INDUSTRY)
    if industry is not None:
        for option in industry.options:
            try:
                eligibility.resolve(option)
            except ValueError as exc:
                problems.append(Problem(file, INDUSTRY, "options", f"行业选项“{option}”无法划型：{exc}", VOCABULARY))
    return problems


def family_problems(checklist: Checklist, file: str) -> list[Problem]:
    if checklist.family and checklist.family not in KNOWN_FAMILIES:
        return [Problem(file, "-", "family", f"未知的清单类别“{checklist.family}”（程序识别的类别："
                                             f"{'、'.join(KNOWN_FAMILIES)}；见 desktop/core/content_contract.py）", FAMILY)]
    return []


def checklist_problems(checklist: Checklist, file: str, questions: Mapping[str, Question],
                       index: SourceIndex) -> list[Problem]:
    """The per-checklist rules: family, condition values, numbers."""
    problems = family_problems(checklist, file)
    for item in checklist.items:
        problems += condition_problems(item, file, questions)
        problems += number_problems(checklist, item, file, index)
    return problems


# ---------------------------------------------------------------- whole catalog

def uncited_source_problems(sources: Iterable[Source], checklists: Iterable[Checklist],
                            files: Mapping[str, str]) -> list[Problem]:
    """Every bundled source is cited by some item (only what is cited ships)."""
    cited = {b.source for cl in checklists for i in cl.items for b in i.basis}
    return [Problem(files.get(s.id, s.id), s.id, "id", "依据文件未被任何事项引用（只随附被引用的依据文件）",
                    SOURCES_CITED)
            for s in sources if s.id not in cited]


def released_problems(checklist_dir: Path, checklists: Mapping[str, Checklist], files: Mapping[str, str],
                      whole: bool) -> list[Problem]:
    """Released item ids that disappeared (see :mod:`desktop.core.released`); nothing without a lock."""
    problems: list[Problem] = []
    lock = released.read_lock(checklist_dir / released.LOCK_FILE, problems)
    if lock is None:
        return problems
    current = {cid: (files[cid], [i.id for i in cl.items]) for cid, cl in checklists.items()}
    return problems + released.check(lock, current, whole)
