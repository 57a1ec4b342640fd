"""The office's guide may not contradict the law: each 本中心办事指南 entry checked against the step it names —
its own cited clauses (quotes) and fields (cost, time limit).  The same checks run when an entry is saved in
the form, when a guide file (or a content pack's guide) is imported, and when a stored entry is shown (the
content may have changed since it was entered).

- An entry for a step the content does not have is an **error** naming it.
- **Fee**: an entry that charges (its fee says anything but 免费/不收费/无 …) on a step where a cited clause
  or the step's cost says 免费 / 零成本 / 不收取 / 免收 / 不收费 is an **error**, naming the clause.
- **承诺时限**: ``promise_days`` (工作日) longer than the step's legal time limit is an **error**: a limit in
  工作日 compares directly; 即办 allows 0; a limit in 自然日 is exceeded whenever the promise is longer (N
  working days never take fewer than N calendar days) and is otherwise a **warning** (holidays can stretch
  N working days past N calendar days); a limit in 小时 is exceeded when the promise needs more whole days
  than the hours give and is otherwise a warning.  A step with no structured time limit is not compared.
- **告知承诺**: a material marked replaceable by 告知承诺 on a step whose basis says nothing of 承诺 (and whose
  content lists no such material) is a **warning**.
- A material the content lists for the step that the guide leaves out is a **warning**.

Every finding is one line naming the step (``<checklist id>/<item id> title``) and, where a clause decides
it, the clause (《document》（文号） article “quote”).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from desktop.core.catalog import Catalog
from desktop.core.guide import GuideEntry
from desktop.core.model import Item, LegalBasis

FREE_WORDS = re.compile(r"免费|零成本|不收取|免收|不收费")
# a fee text that itself says nothing is charged
_FREE_FEE = re.compile(r"免费|不收费|不收取|免收|零成本|^\s*(无|0|0\.0+|〇|零)\s*(元)?\s*$")
COMMITMENT_WORDS = re.compile(r"承诺")
QUOTE_SHOWN = 40


@dataclass(frozen=True)
class Finding:
    """One problem of one entry: an ``error`` refuses the entry, a warning is shown and kept."""

    key: str
    error: bool
    message: str
    field: str = ""  # the entry's field it concerns: "fee", "promise_days", "materials" ("" = the entry)

    def line(self, file: str = "") -> str:
        return (f"{file}: " if file else "") + ("" if self.error else "提醒：") + self.message


def charges(fee: str) -> bool:
    """Whether a fee text charges something (anything but an explicit 免费 / 不收费 / 无 / 0元)."""
    return bool(fee.strip()) and _FREE_FEE.search(fee) is None


def clause_name(catalog: Catalog, basis: LegalBasis) -> str:
    """文号 and article (``长办发〔2021〕14号 二、（一）2.``); 《title》 for a document without a 文号."""
    src = catalog.sources.get(basis.source)
    name = (src.wenhao or f"《{src.title}》") if src is not None else basis.source
    return f"{name} {basis.article}".strip()


def excerpt(quote: str, around: re.Pattern[str] | None = None) -> str:
    """The quote, or :data:`QUOTE_SHOWN` characters of it around the first match of ``around``."""
    if len(quote) <= QUOTE_SHOWN:
        return quote
    m = around.search(quote) if around is not None else None
    start = max(0, min(m.start() - QUOTE_SHOWN // 2, len(quote) - QUOTE_SHOWN)) if m else 0
    return ("…" if start else "") + quote[start:start + QUOTE_SHOWN] + ("…" if start + QUOTE_SHOWN < len(quote) else "")


def clause_text(catalog: Catalog, basis: LegalBasis, around: re.Pattern[str] | None = None) -> str:
    """文号 article“quote” — the clause as a finding names it (the quote cut around what decided)."""
    return f"{clause_name(catalog, basis)}“{excerpt(basis.quote, around)}”"


def cited(catalog: Catalog, item: Item) -> str:
    """Each document and article the step cites, once: 吉政办发〔2023〕2号 《…》二、（一）2.；…"""
    return "；".join(dict.fromkeys(clause_name(catalog, b) for b in item.basis)) or "无依据条款"


def _step(item: Item, key: str) -> str:
    return f"{key} {item.title}"


def _fee(entry: GuideEntry, item: Item, catalog: Catalog) -> list[Finding]:
    if not charges(entry.fee):
        return []
    free = next((b for b in item.basis if FREE_WORDS.search(b.quote)), None)
    if free is not None:
        return [Finding(entry.key, True, f"{_step(item, entry.key)}：收费“{entry.fee}”与依据不符——"
                                         f"{clause_text(catalog, free, FREE_WORDS)}", "fee")]
    if FREE_WORDS.search(item.cost):
        return [Finding(entry.key, True, f"{_step(item, entry.key)}：收费“{entry.fee}”与依据不符——本事项费用为"
                                         f"“{item.cost}”（{cited(catalog, item)}）", "fee")]
    return []


def _limit_clause(item: Item, catalog: Catalog) -> str:
    """The clause that states the time limit: the first quote holding its number (or 即办 wording)."""
    limit = item.time_limit
    assert limit is not None
    wanted: list[str] = []
    if limit.value is not None:
        n = int(limit.value) if float(limit.value).is_integer() else limit.value
        wanted = [str(n), str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))]
    wanted += ["即办", "即时办理", "当场"] if limit.unit == "即办" else []
    pattern = re.compile("|".join(re.escape(w) for w in wanted)) if wanted else None
    basis = next((b for b in item.basis if pattern is not None and pattern.search(b.quote)),
                 item.basis[0] if item.basis else None)
    return f"——{clause_text(catalog, basis, pattern)}" if basis is not None else ""


def _promise(entry: GuideEntry, item: Item, catalog: Catalog) -> list[Finding]:
    limit, days = item.time_limit, entry.promise_days
    if limit is None or days is None:
        return []
    step = _step(item, entry.key)
    if limit.unit == "即办":
        if days > 0:
            return [Finding(entry.key, True, f"{step}：承诺时限 {days} 个工作日超过法定时限（即办）"
                                             f"{_limit_clause(item, catalog)}", "promise_days")]
        return []
    if limit.value is None:
        return []
    label = limit.label()
    if limit.unit == "工作日":
        over, unsure = days > limit.value, False
    elif limit.unit == "自然日":
        over, unsure = days > limit.value, days > 0
    elif limit.unit == "小时":
        over, unsure = days > math.ceil(limit.value / 24), days > 0
    else:  # a unit this check does not know: say so rather than pass it silently
        return [Finding(entry.key, False, f"{step}：法定时限为“{label}”，无法与承诺时限（工作日）比较，请核对",
                        "promise_days")]
    if over:
        return [Finding(entry.key, True, f"{step}：承诺时限 {days} 个工作日超过法定时限 {label}"
                                         f"{_limit_clause(item, catalog)}", "promise_days")]
    if unsure:
        return [Finding(entry.key, False, f"{step}：法定时限为 {label}，承诺时限按工作日计（{days} 个工作日），"
                                          f"遇节假日可能超出，请核对{_limit_clause(item, catalog)}", "promise_days")]
    return []


def basis_allows_commitment(item: Item) -> bool:
    """The step's own basis speaks of 承诺 (or its content lists a material replaceable by 告知承诺)."""
    return any(COMMITMENT_WORDS.search(b.quote) for b in item.basis) or any(m.commitment for m in item.materials)


def _commitment(entry: GuideEntry, item: Item, catalog: Catalog) -> list[Finding]:
    marked = [m.name for m in entry.materials if m.commitment]
    if not marked or basis_allows_commitment(item):
        return []
    return [Finding(entry.key, False, f"{_step(item, entry.key)}：材料“{'、'.join(marked)}”标为可告知承诺，"
                                      f"但本事项的依据（{cited(catalog, item)}）未规定告知承诺，请核对", "materials")]


def _left_out(entry: GuideEntry, item: Item) -> list[Finding]:
    if not entry.materials:
        return []
    listed = {m.name for m in entry.materials}
    missing = [m.name for m in item.materials if m.name not in listed]
    if not missing:
        return []
    return [Finding(entry.key, False, f"{_step(item, entry.key)}：依据文件列有材料“{'、'.join(missing)}”，"
                                      "本中心办事指南未列出，请核对", "materials")]


def find_item(catalog: Catalog, key: str) -> Item | None:
    cid, _, iid = key.partition("/")
    checklist = catalog.checklists.get(cid)
    return checklist.item(iid) if checklist is not None else None


def check_entry(entry: GuideEntry, catalog: Catalog) -> list[Finding]:
    """Every finding for one entry against the current content (errors first)."""
    item = find_item(catalog, entry.key)
    if item is None:
        cid, _, iid = entry.key.partition("/")
        where = (f"清单“{cid}”中没有编号为“{iid}”的事项" if cid in catalog.checklists
                 else f"没有编号为“{cid}”的清单")
        return [Finding(entry.key, True, f"{entry.key}：{where}")]
    found = (_fee(entry, item, catalog) + _promise(entry, item, catalog) + _commitment(entry, item, catalog)
             + _left_out(entry, item))
    return sorted(found, key=lambda f: not f.error)


def check_entries(entries: list[GuideEntry], catalog: Catalog) -> list[Finding]:
    return [f for e in entries for f in check_entry(e, catalog)]


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.error]


def warnings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if not f.error]
