"""Reading checklists/COVERAGE.md: its provision rows, the item references they make, and totals
(carried / left out by reason) — used by the totals line, the tests and `tools/coverage_totals.py`."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

# (phrase in the note, reason it stands for), first match wins
REASONS: tuple[tuple[str, str], ...] = (
    ("other province", "other province"), ("黑龙江", "other province"), ("辽宁", "other province"),
    ("superseded", "superseded"), ("same wording", "duplicate"), ("repeats", "duplicate"),
    ("not registered", "source not registered"), ("no date", "source not registered"),
    ("（略）", "source not registered"), ("omitted", "source not registered"),
    ("other theme", "other theme"), ("belongs to", "other theme"), ("tax theme", "other theme"),
    ("government target", "government target"), ("target", "government target"),
    ("internal", "internal to government"), ("government-side", "internal to government"),
    ("duties of", "internal to government"), ("rule for 采购人", "internal to government"),
    ("for provincial governments", "internal to government"),
    ("lenders", "benefit is not for the applicant"), ("financial institutions", "benefit is not for the applicant"),
    ("bank", "benefit is not for the applicant"), ("incubator", "benefit is not for the applicant"),
    ("insurers", "benefit is not for the applicant"), ("monetary tool", "benefit is not for the applicant"),
    ("not 小微-specific", "not specific to the theme"), ("general", "not specific to the theme"),
    ("context only", "context only"), ("no provision", "context only"), ("direction only", "context only"),
    ("restates", "duplicate"), ("carried by", "duplicate"), ("carried from", "duplicate"),
    ("no actionable", "no actionable step"), ("no conditions", "no actionable step"),
    ("no claim step", "no actionable step"), ("no procedure", "no actionable step"),
    ("no rate", "no actionable step"), ("criteria", "no actionable step"), ("探索", "no actionable step"),
    ("platform building", "no actionable step"), ("candidate", "no actionable step"),
    ("steps are in", "duplicate"),
)
_REF = re.compile(r"([a-z][a-z0-9-]*)/([A-Za-z][A-Za-z0-9]*)")
_BARE = re.compile(r"(?:^|[,，、\s])([A-Z][A-Za-z]*\d+)\b")


@dataclass
class Row:
    theme: str
    provision: str
    carried: list[str]  # "<checklist>/<item>"
    note: str

    def reason(self) -> str:
        text = self.note.lower()
        return next((reason for phrase, reason in REASONS if phrase.lower() in text), "other")


@dataclass
class Coverage:
    rows: list[Row] = field(default_factory=list)

    def totals(self) -> dict[str, Counter[str]]:
        out: dict[str, Counter[str]] = {}
        for row in self.rows:
            counter = out.setdefault(row.theme, Counter())
            if row.carried:
                counter["carried"] += 1
            else:
                counter[f"left out: {row.reason()}"] += 1
        return out


def _refs(cell: str) -> list[str]:
    """Item references of a 'Carried by' cell: ``kaiban-jilin/K02, K26`` → both with the checklist id."""
    out: list[str] = []
    current = ""
    for part in re.split(r"[;；]", cell):
        for token in re.split(r"[,，、]\s*", part):
            token = token.strip().strip("`")
            m = _REF.search(token)
            if m:
                current = m.group(1)
                out.append(f"{current}/{m.group(2)}")
            elif current and re.fullmatch(r"[A-Z][A-Za-z]*\d+", token.split(" ")[0] if token else ""):
                out.append(f"{current}/{token.split(' ')[0]}")
    return out


def parse(path: Path) -> Coverage:
    cov = Coverage()
    theme = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            theme = line[3:].strip()
            continue
        if not line.startswith("| ") or line.startswith("| Provision") or set(line) <= set("|-: "):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3:
            continue
        provision, carried, note = cells[0], cells[1], " ".join(cells[2:])
        refs = [] if carried in ("—", "-", "") else _refs(carried)
        cov.rows.append(Row(theme, provision, refs, note))
    return cov


def totals_line(cov: Coverage) -> str:
    parts = []
    for theme, counter in cov.totals().items():
        total = sum(counter.values())
        left = ", ".join(f"{k.removeprefix('left out: ')} {v}" for k, v in sorted(counter.items()) if k != "carried")
        parts.append(f"{theme}: {total} provisions, {counter['carried']} carried"
                     + (f", left out {total - counter['carried']} ({left})" if left else ""))
    return "Totals — " + "; ".join(parts) + "."
