"""One truth, over many cases: for 50 random profiles with random item states over the bundled checklists,
the progress shown in the header, the 汇总 tab, the case-list row, ``qingdan evaluate --json`` and the 办理清单
PDF are the same numbers, and every item's applicability label is the same in the step pane, the step list
and ``evaluate --json``.  Everything is read off what the user sees: widget text, CLI output, PDF text."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from desktop.app import main
from desktop.context import AppContext, build_context
from desktop.core.casefile import dump_case
from desktop.core.model import Applicant
from desktop.core.present import ItemDoc
from desktop.core.progress import progress_line, progress_text
from desktop.services.cases import CaseService, NewCase
from desktop.ui.views.case_list import CaseTableModel
from desktop.ui.views.case_view import CaseView

CASES = 50
# the page header and footer lines, drawn on every page (taken out so an item broken across pages reads on)
FURNITURE = re.compile(r"^(营商办事清单|办件编号 .*|打印时间 .*|程序自带内容.*|内容包 .*|内容版本 .*|第 \d+ 页 共 \d+ 页|)$")
STATUSES = ("pending", "done", "not_applicable", "waived")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("truth")


def _profile(ctx: AppContext, rng: random.Random, checklists: list[str]) -> dict[str, object]:
    profile: dict[str, object] = {}
    for q in ctx.catalog.questions_for(checklists):
        if rng.random() < 0.2:
            continue  # some questions stay unanswered: 待确认 items
        if q.type == "choice":
            profile[q.id] = rng.choice(q.options)
        elif q.type == "bool":
            profile[q.id] = rng.random() < 0.5
        elif q.type == "number":
            profile[q.id] = rng.choice([0, 3, 9, 50, 120, 300, 2000, 30000])
        elif q.type == "date":
            profile[q.id] = (dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(3000))).isoformat()
    return profile


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.slow  # ~40 s for the 50 cases
@pytest.mark.parametrize("seed", range(CASES))
def test_every_place_shows_the_same_numbers_and_labels(qtbot: QtBot, data: Path, seed: int,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    rng = random.Random(seed)
    ctx = build_context(data)
    try:
        service = CaseService(ctx)
        checklists = rng.sample(sorted(ctx.catalog.checklists), rng.randint(1, 3))
        received = dt.date(2020, 6, 1) + dt.timedelta(days=rng.randrange(2400))
        case_id = service.create(NewCase(Applicant(f"示例：随机企业{seed}"), checklists, received))
        for qid, value in _profile(ctx, rng, checklists).items():
            service.answer(case_id, qid, value)
        for view in service.open(case_id).views:
            if rng.random() < 0.4:
                service.mark(case_id, view.key, rng.choice(STATUSES), rng.choice(["", "示例备注"]))
        snap = service.open(case_id)
        p = snap.progress

        # the GUI: header, bar and 汇总 tab; the pane and the list row for every item
        case_view = CaseView(service, case_id)
        qtbot.addWidget(case_view)
        assert progress_line(p) in case_view.header.text() and case_view.bar.format() == progress_line(p)
        assert case_view.summary.counts.text() == progress_text(p)
        gui_labels = {}
        for item in snap.doc.items:
            case_view.select(item.key)
            m = re.search(r"适用情况：(\S+)", case_view.detail.browser.toPlainText())
            assert m, item.key
            gui_labels[item.key] = m.group(1)
            row = case_view.steps.rows[item.key].text(0).split("\n")[0]
            assert f"[{item.status_label if item.counted else item.applicability}" in row, (item.key, row)
        case_view.close()

        # the case list row (what the 进度 column shows)
        model = CaseTableModel(ctx, {})
        model.reload(case_id, {})
        (row_index,) = [n for n, r in enumerate(model.rows) if r.id == case_id]
        assert model.data(model.index(row_index, 7)) == f"{p.settled}/{p.applicable}"

        # the CLI and the PDF, from the exported case file
        case_file = data / f"{case_id}.json"
        case_file.write_text(json.dumps(dump_case(snap.case), ensure_ascii=False), encoding="utf-8")
    finally:
        ctx.close()
    assert main(["--data-dir", str(data), "evaluate", str(case_file), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["progress"] == p.as_dict()
    cli_labels = {f"{i['checklist']}/{i['id']}": i["applicability"] for i in out["items"]}
    assert cli_labels == gui_labels == {i.key: i.applicability for i in snap.doc.items}
    pdf = data / f"{case_id}.pdf"
    assert main(["--data-dir", str(data), "pdf", str(case_file), "-o", str(pdf), "--kind", "summary"]) == 0
    capsys.readouterr()
    pages = [page.extract_text() for page in PdfReader(pdf).pages]
    assert _flat(progress_text(p)) in _flat("".join(pages))
    body = [line for page in pages for line in page.splitlines() if not FURNITURE.match(line.strip())]
    _check_pdf_labels(body, snap.doc.items)


def _check_pdf_labels(lines: list[str], items: tuple[ItemDoc, ...]) -> None:
    """The 办理清单 states each item's applicability as the screen does: an applicable item with 时效未明 in
    its tag line when its period is open (never plain 适用); an item that does not apply in the table of
    the others, its label right after its title."""
    flat_lines = [_flat(line) for line in lines]
    text = "".join(flat_lines)
    for item in items:
        # a title's start: a table row may be split across pages, its end on the next page
        title = _flat(item.title)[:10]
        starts = [m.start() for m in re.finditer(re.escape(title), text)]
        assert starts, item.key
        if item.applies:
            head = title[:6]
            rows = [n for n, line in enumerate(flat_lines) if head in line]
            tags = [next((line for line in flat_lines[n + 1:n + 6] if "·" in line), "") for n in rows]
            assert any(("时效未明" in tag) == item.undated for tag in tags), (item.key, tags)
            continue
        if item.code == "unknown" and any(r.startswith("需先回答") for r in item.reasons):
            continue  # 待确认 for a question: listed under the question it waits for
        after = [text[i + len(title):i + len(title) + 60] for i in starts]
        assert any(item.applicability in tail for tail in after), (item.key, item.applicability, after)
