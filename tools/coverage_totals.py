"""Rewrite the totals line at the top of checklists/COVERAGE.md from its tables.

Usage: .venv/bin/python tools/coverage_totals.py   (tests/test_coverage.py fails while it is stale)
"""

from __future__ import annotations

from pathlib import Path

from desktop.core.coverage import parse, totals_line

PATH = Path(__file__).resolve().parent.parent / "checklists" / "COVERAGE.md"


def main() -> None:
    lines = PATH.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("Totals"))
    lines[index] = totals_line(parse(PATH))
    PATH.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(lines[index])


if __name__ == "__main__":
    main()
