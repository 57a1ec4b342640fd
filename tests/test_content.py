"""The shipped content: every checklist file validates (one test per file), every quote is in its
bundled source text, and every bundled source text is in the seeds (when ../shared is present)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import paths
from desktop.core.catalog import checklist_files, load_catalog, load_sources
from desktop.core.citations import normalise

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"

FILES = checklist_files(paths.checklist_dir())


def test_there_is_content() -> None:
    assert any(p.name == "kaiban.toml" for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_checklist_file_validates(path: Path) -> None:
    cat = load_catalog(paths.checklist_dir(), paths.source_dir(), only=[path])
    assert [str(p) for p in cat.problems] == []
    (checklist,) = cat.checklists.values()
    assert checklist.items
    for item in checklist.items:
        assert item.basis, item.id


def test_whole_catalog_validates() -> None:
    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    assert [str(p) for p in cat.problems] == []


def test_every_cited_source_exists_and_every_source_is_cited() -> None:
    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    cited = {b.source for cl in cat.checklists.values() for i in cl.items for b in i.basis}
    assert cited <= set(cat.sources)
    assert set(cat.sources) - cited == set(), "ship only what is cited"


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present (user clone)")
def test_every_bundled_excerpt_is_verbatim_in_its_seed_at_its_lines() -> None:
    problems: list[str] = []
    sources = load_sources(paths.source_dir(), [])
    assert sources
    for src in sources.values():
        seed = (SHARED / "seeds" / src.seed).read_text(encoding="utf-8").splitlines()
        for ex in src.excerpts:
            start, end = (int(x) for x in ex.lines.split("-"))
            expected = normalise("\n".join(seed[start - 1 : end]))
            if normalise(ex.text) != expected:
                problems.append(f"{src.id} lines {ex.lines}")
    assert problems == []


def test_every_industry_option_is_sized_by_the_standard() -> None:
    from desktop.core.eligibility import resolve

    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    options = cat.questions["industry"].options
    assert "零售业" in options and "制造业" in options
    for option in options:
        group, _notes = resolve(option)
        assert group.name


def test_conditions_only_compare_with_existing_options() -> None:
    """A condition comparing a choice question with a value it cannot take would never be true."""
    import ast

    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    bad: list[str] = []
    for cl in cat.checklists.values():
        for item in cl.items:
            if not item.applies_if:
                continue
            for node in ast.walk(ast.parse(item.applies_if, mode="eval")):
                if isinstance(node, ast.Compare) and isinstance(node.left, ast.Name):
                    q = cat.questions.get(node.left.id)
                    right = node.comparators[0]
                    values = [e.value for e in right.elts] if isinstance(right, ast.List | ast.Tuple) else (
                        [right.value] if isinstance(right, ast.Constant) else [])
                    if q is not None and q.type == "choice":
                        bad += [f"{cl.id}/{item.id}: {v}" for v in values if v not in q.options]
                    if node.left.id == "size":
                        bad += [f"{cl.id}/{item.id}: {v}" for v in values if v not in ("大型", "中型", "小型", "微型")]
    assert bad == []


def test_the_example_case_file_loads() -> None:
    from desktop.core.casefile import load_case_file

    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    case = load_case_file(paths.resource_path("examples", "case-kaiban.json"), cat)
    assert case.checklists == ["kaiban-jilin", "xiaowei"] and case.profile["region"] == "长春市"
