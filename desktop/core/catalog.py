"""Load and validate the content: sources (resources/sources/*.toml), shared questions
(checklists/questions.toml) and checklists (checklists/*.toml).

Every problem becomes a :class:`Problem` naming the file, the item (or ``-``) and the field, so
``qingdan validate`` can print ``<file>: <item id>: <field>: <message>`` lines.  Loading never raises
on bad content; it returns what it could build plus the problems.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.core import conditions
from desktop.core.citations import SourceIndex
from desktop.core.content_contract import DERIVED_FACTS
from desktop.core.model import (
    ITEM_KINDS,
    LEVELS,
    QUESTION_TYPES,
    TIME_UNITS,
    Checklist,
    Excerpt,
    Item,
    LegalBasis,
    Material,
    Question,
    Source,
    TimeLimit,
)
from desktop.core.problems import Problem
from desktop.core.reader import Reader, read_toml

QUESTIONS_FILE = "questions.toml"
LOCK_FILE = "released.toml"  # the released-ids lock (desktop/core/released.py): not a checklist

@dataclass
class Catalog:
    """Everything the content directories hold, after loading."""

    sources: dict[str, Source] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)
    checklists: dict[str, Checklist] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)  # checklist id -> file label
    source_files: dict[str, str] = field(default_factory=dict)  # source id -> file label
    # checklist id -> where its version came from, as printouts name it ("内容包 … 第3版", "程序自带内容")
    origins: dict[str, str] = field(default_factory=dict)

    def labels(self) -> dict[str, str]:
        out = dict(DERIVED_FACTS)
        out.update({q.id: q.label for q in self.questions.values()})
        return out

    def questions_for(self, checklist_ids: Iterable[str]) -> list[Question]:
        """The questions the chosen checklists use, each once, in checklist order."""
        seen: dict[str, Question] = {}
        for cid in checklist_ids:
            cl = self.checklists.get(cid)
            if cl is None:
                continue
            for qid in cl.questions:
                if qid in self.questions and qid not in seen:
                    seen[qid] = self.questions[qid]
        return list(seen.values())


# ---------------------------------------------------------------- sources

_SOURCE_KEYS = {
    "id", "title", "wenhao", "issuer", "date", "level", "region", "validity", "valid_from", "valid_to",
    "seed", "lines", "note", "excerpts",
}


def parse_source(data: Mapping[str, Any], file: str, problems: list[Problem]) -> Source | None:
    r = Reader(data, file, str(data.get("id", "-")), problems)
    r.unknown_keys(_SOURCE_KEYS)
    sid = r.text("id", required=True)
    level = r.text("level", required=True)
    if level and level not in LEVELS:
        r.problem("level", f"应为 {'/'.join(LEVELS)} 之一，实际为“{level}”")
    excerpts: list[Excerpt] = []
    for n, raw in enumerate(r.seq("excerpts"), 1):
        if not isinstance(raw, dict):
            r.problem(f"excerpts[{n}]", "应为表")
            continue
        er = Reader(raw, file, sid or "-", problems)
        er.unknown_keys({"lines", "text"}, prefix=f"excerpts[{n}].")
        text = er.text("text", required=True, prefix=f"excerpts[{n}].")
        excerpts.append(Excerpt(er.text("lines", required=True, prefix=f"excerpts[{n}]."), text))
    if not excerpts:
        r.problem("excerpts", "至少需要一段原文")
    date = r.date("date", required=True)
    if not sid or date is None:
        return None
    return Source(
        id=sid,
        title=r.text("title", required=True),
        wenhao=r.text("wenhao"),
        issuer=r.text("issuer", required=True),
        date=date,
        level=level,
        region=r.text("region", required=True),
        validity=r.text("validity"),
        valid_from=r.date("valid_from"),
        valid_to=r.date("valid_to"),
        seed=r.text("seed", required=True),
        lines=r.text("lines", required=True),
        excerpts=tuple(excerpts),
        note=r.text("note"),
    )


# ---------------------------------------------------------------- questions

def parse_questions(data: Mapping[str, Any], file: str, problems: list[Problem]) -> dict[str, Question]:
    out: dict[str, Question] = {}
    raw_list = data.get("questions", [])
    if not isinstance(raw_list, list):
        problems.append(Problem(file, "-", "questions", "应为 [[questions]] 表数组"))
        return out
    for raw in raw_list:
        r = Reader(raw, file, str(raw.get("id", "-")), problems)
        r.unknown_keys({"id", "text", "label", "type", "options", "unit", "help"})
        qid = r.text("id", required=True)
        qtype = r.text("type", required=True)
        if qtype and qtype not in QUESTION_TYPES:
            r.problem("type", f"应为 {'/'.join(QUESTION_TYPES)} 之一，实际为“{qtype}”")
        options = tuple(str(o) for o in r.seq("options"))
        if qtype == "choice" and not options:
            r.problem("options", "选择题至少需要一个选项")
        if qid in out:
            r.problem("id", "问题编号重复")
        if qid:
            out[qid] = Question(qid, r.text("text", required=True), r.text("label", required=True), qtype,
                                options, r.text("unit"), r.text("help"))
    return out


# ---------------------------------------------------------------- checklists

_CHECKLIST_KEYS = {"id", "title", "family", "region", "summary", "audience", "questions", "items"}
_ITEM_KEYS = {
    "id", "title", "kind", "what", "department", "time_limit", "time_note", "cost", "materials", "channel",
    "result", "claim", "applies_if", "valid_from", "valid_to", "jurisdiction", "group", "note", "basis",
    "lead", "period_unstated", "unclear_if", "unclear_reason",
}


def content_hash(data: Mapping[str, Any]) -> str:
    """Stable short hash of a checklist's parsed content (the content version)."""
    import json

    blob = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:12]


def parse_checklist(
    data: Mapping[str, Any],
    file: str,
    problems: list[Problem],
    questions: Mapping[str, Question],
    sources: SourceIndex | None,
) -> Checklist | None:
    """Build a checklist from its TOML (or stored JSON) form.

    With ``sources`` every basis is checked against the source registry and its text; without it
    (content already validated at import) only the structure is rebuilt.
    """
    r = Reader(data, file, "-", problems)
    r.unknown_keys(_CHECKLIST_KEYS)
    cid = r.text("id", required=True)
    qids = tuple(str(q) for q in r.seq("questions"))
    for q in qids:
        if q not in questions:
            r.problem("questions", f"未定义的问题编号“{q}”（见 {QUESTIONS_FILE}）")
    items: list[Item] = []
    seen: set[str] = set()
    raw_items = r.seq("items")
    if not raw_items:
        r.problem("items", "清单至少需要一个事项")
    for raw in raw_items:
        if not isinstance(raw, dict):
            r.problem("items", "每个事项应为 [[items]] 表")
            continue
        item = _parse_item(raw, file, problems, questions, sources, seen)
        if item is not None:
            items.append(item)
    if not cid:
        return None
    return Checklist(
        id=cid,
        title=r.text("title", required=True),
        family=r.text("family", required=True),
        region=r.text("region", required=True),
        summary=r.text("summary"),
        version=content_hash(data),
        questions=qids,
        items=tuple(items),
        audience=tuple(str(a) for a in r.seq("audience")),
    )


def _parse_item(
    raw: Mapping[str, Any],
    file: str,
    problems: list[Problem],
    questions: Mapping[str, Question],
    sources: SourceIndex | None,
    seen: set[str],
) -> Item | None:
    iid = raw.get("id")
    r = Reader(raw, file, str(iid) if isinstance(iid, str) and iid else "（无编号）", problems)
    r.unknown_keys(_ITEM_KEYS)
    iid = r.text("id", required=True)
    if iid in seen:
        r.problem("id", "事项编号重复")
    seen.add(iid)
    kind = r.text("kind") or "step"
    if kind not in ITEM_KINDS:
        r.problem("kind", f"应为 {'/'.join(ITEM_KINDS)} 之一，实际为“{kind}”")
    jurisdiction = r.text("jurisdiction") or "吉林省"
    if jurisdiction not in LEVELS:
        r.problem("jurisdiction", f"应为 {'/'.join(LEVELS)} 之一，实际为“{jurisdiction}”")
    applies_if = _condition(r, "applies_if", questions)
    unclear_if = _condition(r, "unclear_if", questions)
    unclear_reason = r.text("unclear_reason")
    if unclear_if and not unclear_reason:
        r.problem("unclear_reason", "有 unclear_if 时必须写明待确认的原因")
    if unclear_reason and not unclear_if:
        r.problem("unclear_if", "有 unclear_reason 时必须给出 unclear_if 条件")
    valid_from, valid_to = r.date("valid_from"), r.date("valid_to")
    if valid_from and valid_to and valid_to < valid_from:
        r.problem("valid_to", "有效期结束早于开始")
    period_unstated = raw.get("period_unstated", False)
    if not isinstance(period_unstated, bool):
        r.problem("period_unstated", "应为 true 或 false")
        period_unstated = False
    if period_unstated and valid_to is not None:
        r.problem("period_unstated", "已写明 valid_to 的事项不是“时效未明”")
    basis = _parse_basis(r, sources)
    if not basis:
        r.problem("basis", "每个事项至少需要一条依据（无依据的事项不能发布）")
    if not iid:
        return None
    return Item(
        id=iid,
        title=r.text("title", required=True),
        kind=kind,
        what=r.text("what", required=True),
        basis=tuple(basis),
        department=r.text("department"),
        time_limit=_parse_time_limit(r),
        time_note=r.text("time_note"),
        cost=r.text("cost"),
        materials=tuple(_parse_materials(r)),
        channel=r.text("channel"),
        result=r.text("result"),
        claim=r.text("claim"),
        applies_if=applies_if,
        valid_from=valid_from,
        valid_to=valid_to,
        jurisdiction=jurisdiction,
        group=r.text("group"),
        note=r.text("note"),
        lead=r.text("lead"),
        period_unstated=period_unstated,
        unclear_if=unclear_if,
        unclear_reason=unclear_reason,
    )


def _condition(r: Reader, key: str, questions: Mapping[str, Question]) -> str:
    """A condition field, checked for syntax and for names that are neither questions nor derived facts."""
    text = r.text(key)
    if text:
        try:
            unknown = conditions.names(text) - set(questions) - set(DERIVED_FACTS)
            for name in sorted(unknown):
                r.problem(key, f"条件引用了未定义的问题“{name}”")
        except conditions.ConditionError as exc:
            r.problem(key, str(exc))
    return text


def _parse_basis(r: Reader, sources: SourceIndex | None) -> list[LegalBasis]:
    out: list[LegalBasis] = []
    for n, raw in enumerate(r.seq("basis"), 1):
        prefix = f"basis[{n}]."
        if not isinstance(raw, dict):
            r.problem(f"basis[{n}]", "应为 [[items.basis]] 表")
            continue
        br = Reader(raw, r.file, r.item, r.problems)
        br.unknown_keys({"source", "article", "quote"}, prefix=prefix)
        sid = br.text("source", required=True, prefix=prefix)
        article = br.text("article", required=True, prefix=prefix)
        quote = br.text("quote", required=True, prefix=prefix)
        if sources is not None and sid:
            if sid not in sources.sources:
                br.problem(prefix + "source", f"未知的依据文件编号“{sid}”（resources/sources/ 中没有）")
            elif quote and not sources.contains(sid, quote):
                br.problem(prefix + "quote", f"引文在依据文件“{sid}”的原文中找不到：“{quote[:30]}…”")
        out.append(LegalBasis(sid, article, quote))
    return out


def _parse_time_limit(r: Reader) -> TimeLimit | None:
    raw = r.data.get("time_limit")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        r.problem("time_limit", "应为 { value = 数字, unit = \"工作日\" } 形式")
        return None
    unit = raw.get("unit")
    value = raw.get("value")
    if unit not in TIME_UNITS:
        r.problem("time_limit.unit", f"应为 {'/'.join(TIME_UNITS)} 之一，实际为“{unit}”")
        return None
    if unit != "即办" and (not isinstance(value, int | float) or isinstance(value, bool) or value <= 0):
        r.problem("time_limit.value", "应为正数")
        return None
    return TimeLimit(float(value) if unit != "即办" else None, str(unit))  # type: ignore[arg-type]


def _parse_materials(r: Reader) -> list[Material]:
    out: list[Material] = []
    for n, raw in enumerate(r.seq("materials"), 1):
        prefix = f"materials[{n}]."
        if not isinstance(raw, dict):
            r.problem(f"materials[{n}]", "应为表")
            continue
        mr = Reader(raw, r.file, r.item, r.problems)
        mr.unknown_keys({"name", "form", "copies", "commitment", "note"}, prefix=prefix)
        copies = raw.get("copies")
        if copies is not None and (not isinstance(copies, int) or copies < 1):
            mr.problem(prefix + "copies", "应为正整数")
            copies = None
        out.append(Material(mr.text("name", required=True, prefix=prefix), mr.text("form", prefix=prefix),
                            copies, bool(raw.get("commitment", False)), mr.text("note", prefix=prefix)))
    return out


# ---------------------------------------------------------------- whole catalog

def load_sources(directory: Path, problems: list[Problem], files: dict[str, str] | None = None) -> dict[str, Source]:
    out: dict[str, Source] = {}
    for path in sorted(directory.glob("*.toml")):
        label = f"resources/sources/{path.name}"
        data = read_toml(path, problems, label)
        if data is None:
            continue
        src = parse_source(data, label, problems)
        if src is None:
            continue
        if src.id in out:
            problems.append(Problem(label, src.id, "id", "依据文件编号重复"))
        out[src.id] = src
        if files is not None:
            files[src.id] = label
    return out


def checklist_files(directory: Path) -> list[Path]:
    """The checklist files: every TOML file but the questions and the released-ids lock."""
    return sorted(p for p in directory.glob("*.toml") if p.name not in (QUESTIONS_FILE, LOCK_FILE))


def load_catalog(checklist_dir: Path, source_dir: Path, only: Iterable[Path] | None = None) -> Catalog:
    """Load and fully validate sources, questions and checklists (or only the given checklist files),
    structure, quotes and the rules of :mod:`desktop.core.content_rules` (with ``only``, whole-catalog
    rules are skipped or scoped to the files given)."""
    from desktop.core import content_rules  # the validator's rules: only when files are validated

    cat = Catalog()
    cat.sources = load_sources(source_dir, cat.problems, cat.source_files)
    qfile = f"checklists/{QUESTIONS_FILE}"
    qdata = read_toml(checklist_dir / QUESTIONS_FILE, cat.problems, qfile)
    if qdata is not None:
        cat.questions = parse_questions(qdata, qfile, cat.problems)
        cat.problems += content_rules.question_problems(cat.questions, qfile)
    index = SourceIndex(cat.sources.values())
    files = list(only) if only is not None else checklist_files(checklist_dir)
    for path in files:
        label = path.name if only is not None else f"checklists/{path.name}"
        data = read_toml(path, cat.problems, label)
        if data is None:
            continue
        cl = parse_checklist(data, label, cat.problems, cat.questions, index)
        if cl is None:
            continue
        if cl.id in cat.checklists:
            cat.problems.append(Problem(label, "-", "id", f"清单编号“{cl.id}”与其他文件重复"))
        cat.problems += content_rules.checklist_problems(cl, label, cat.questions, index)
        cat.checklists[cl.id] = cl
        cat.files[cl.id] = label
    if only is None:
        cat.problems += content_rules.uncited_source_problems(cat.sources.values(), cat.checklists.values(),
                                                              cat.source_files)
    cat.problems += content_rules.released_problems(checklist_dir, cat.checklists, cat.files, whole=only is None)
    return cat


def without_invalid(cat: Catalog) -> Catalog:
    """Drop the checklists whose file has blocking problems: a step without a verifiable clause never
    ships.  Review findings (:data:`desktop.core.problems.REVIEW_RULES`) fail ``qingdan validate`` but
    leave the checklist in use."""
    bad = {p.file for p in cat.problems if p.blocking}
    for cid in [c for c, f in cat.files.items() if f in bad]:
        del cat.checklists[cid]
    return cat


def content_files(checklist_dir: Path, source_dir: Path) -> list[Path]:
    return sorted(checklist_dir.glob("*.toml")) + sorted(source_dir.glob("*.toml"))


def files_digest(paths: Iterable[Path]) -> str:
    """Hash of the raw bytes of the content files: unchanged content is not re-imported at start-up."""
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(f"{p.parent.name}/{p.name}\0".encode())
        h.update(p.read_bytes())
    return h.hexdigest()
