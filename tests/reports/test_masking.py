"""Personal data in print: the office may mask the applicant's personal ID number and phone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from desktop import paths
from desktop.core.catalog import load_catalog
from desktop.core.model import Applicant, Case
from desktop.core.privacy import mask_id, mask_phone
from desktop.services.documents import render_case_pdf


def _text(path: Path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages)


def test_mask_helpers() -> None:
    assert mask_id("11010519491231002X") == "110105********002X"
    assert mask_id("91110000600037341L") == "91110000600037341L"  # organisations are public
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("12345") == "12345"


def test_masked_pdf_hides_id_and_phone_but_keeps_the_check_mark(tmp_path: Path) -> None:
    cat = load_catalog(paths.checklist_dir(), paths.source_dir())
    good = Case("QD-1", Applicant("张三", "11010519491231002X", "", "13812345678"), ["kaiban-jilin"],
                dt.date(2026, 11, 25), profile={"region": "长春市"})
    plain = render_case_pdf(cat, good, tmp_path / "plain.pdf", kind="summary", invariant=True)
    masked = render_case_pdf(cat, good, tmp_path / "masked.pdf", kind="summary", invariant=True, mask_personal=True)
    assert "11010519491231002X" in _text(plain) and "13812345678" in _text(plain)
    text = _text(masked)
    assert "11010519491231002X" not in text and "13812345678" not in text
    assert "110105********002X" in text and "138****5678" in text
    assert "未通过校验" not in text  # decided on the full number, not the masked one
    bad = Case("QD-2", Applicant("李四", "11010519491231002Y", id_override=True), ["kaiban-jilin"],
               dt.date(2026, 11, 25), profile={"region": "长春市"})
    masked_bad = render_case_pdf(cat, bad, tmp_path / "bad.pdf", kind="summary", invariant=True, mask_personal=True)
    assert "未通过校验" in _text(masked_bad)
