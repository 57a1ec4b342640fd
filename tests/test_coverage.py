"""checklists/COVERAGE.md: every item reference exists, every item of the three families is accounted
for, every left-out provision gives a reason, and the totals line is current."""

from __future__ import annotations

from desktop import paths
from desktop.core.catalog import load_catalog
from desktop.core.coverage import parse, totals_line

COVERAGE = paths.checklist_dir() / "COVERAGE.md"


def test_references_exist_and_items_are_accounted_for() -> None:
    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    cov = parse(COVERAGE)
    assert len(cov.rows) > 100
    known = {f"{c.id}/{i.id}" for c in cat.checklists.values() for i in c.items}
    referenced = {ref for row in cov.rows for ref in row.carried}
    assert referenced - known == set()
    for cid in ("kaiban-jilin", "shuidianqi", "xiaowei"):
        missing = {f"{cid}/{i.id}" for i in cat.checklists[cid].items} - referenced
        assert missing == set(), cid


def test_left_out_rows_give_a_reason_and_totals_are_current() -> None:
    cov = parse(COVERAGE)
    assert all(row.note.strip() for row in cov.rows if not row.carried), "a left-out row without a reason"
    first_lines = COVERAGE.read_text(encoding="utf-8").splitlines()[:5]
    assert totals_line(cov) in first_lines, "run tools/coverage_totals.py"
