"""Documents of a case, rendered from its snapshot: the PDF shows exactly what the screen shows.

Kind ``self`` (我的办事清单) is the owner's view as of today; for a snapshot made at the counter it is
evaluated once more as of today (a different question: "if you start today"), from the same pinned
content.  Personal data can be masked (an office setting).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

from desktop.core.catalog import Catalog
from desktop.core.evaluate import evaluate
from desktop.core.guide import GuideEntry
from desktop.core.model import Case
from desktop.core.present import CaseDoc, case_doc
from desktop.core.privacy import mask_id, mask_phone
from desktop.core.vocab import CaseStatus
from desktop.core.workdays import HolidayCalendar
from desktop.reports import DEFAULT_KIND, KIND_NAMES, OWNER_KINDS
from desktop.services.cases import CaseSnapshot, content_diffs


def document(snapshot: CaseSnapshot, kind: str, calendar: HolidayCalendar | None = None,
             mask: bool = False) -> CaseDoc:
    """The presentation model a document of ``kind`` prints."""
    if kind not in KIND_NAMES:
        raise ValueError(f"未知的文书类型“{kind}”；可选：{'、'.join(KIND_NAMES)}")
    doc = snapshot.doc
    if kind in OWNER_KINDS and doc.owner is None:
        owner = evaluate(snapshot.catalog, snapshot.case, calendar, snapshot.today)
        doc = case_doc(snapshot.evaluation, snapshot.today, owner, snapshot.guide)
    if mask:
        doc = dataclasses.replace(doc, id_number=mask_id(doc.id_number), phone=mask_phone(doc.phone))
    return doc


def render(snapshot: CaseSnapshot, out_path: str | os.PathLike[str], kind: str = DEFAULT_KIND, *,
           calendar: HolidayCalendar | None = None, large: bool = False, mask: bool = False,
           invariant: bool = False, notices: list[str] | None = None) -> Path:
    """Write the ``kind`` document of the snapshot (see :func:`desktop.reports.render.render_doc`; the
    default is the 办理清单（简版） the counter hands over; ``notices`` receives what was printed in place
    of emoji)."""
    from desktop.reports.render import render_doc

    return render_doc(document(snapshot, kind, calendar, mask), out_path, kind=kind, invariant=invariant,
                      large=large, notices=notices)


def snapshot_for(catalog: Catalog, case: Case, calendar: HolidayCalendar | None = None,
                 today: dt.date | None = None, owner: bool = False,
                 guide: Mapping[str, GuideEntry] | None = None) -> CaseSnapshot:
    """A snapshot of a case held only in memory (no store): the catalog must already hold its versions;
    ``guide``: the office's 本中心办事指南 to show with it."""
    day = today or dt.date.today()
    ev = evaluate(catalog, case, calendar, day if owner else None)
    return CaseSnapshot(ev, CaseStatus.OPEN, None, content_diffs(catalog, catalog, case), day, owner, dict(guide or {}))


def render_case_pdf(catalog: Catalog, case: Case, out_path: str | os.PathLike[str], kind: str = DEFAULT_KIND,
                    invariant: bool = False, large: bool = False, calendar: HolidayCalendar | None = None,
                    today: dt.date | None = None, mask_personal: bool = False,
                    notices: list[str] | None = None, guide: Mapping[str, GuideEntry] | None = None) -> Path:
    """Evaluate ``case`` once and render the ``kind`` document (tests, benchmarks, case files).

    Raises :class:`~desktop.reports.fonts.FontNotFound` without a usable CJK font,
    :class:`~desktop.reports.glyphs.UnprintableCharacter` for a character no font has, ``OSError`` when
    the file cannot be written (the target is then left as it was), ``ValueError`` for an unknown kind.
    """
    snap = snapshot_for(catalog, case, calendar, today, guide=guide)
    return render(snap, out_path, kind, calendar=calendar, large=large, mask=mask_personal, invariant=invariant,
                  notices=notices)


def case_document(catalog: Catalog, case: Case, calendar: HolidayCalendar | None = None,
                  today: dt.date | None = None, owner: bool = False) -> CaseDoc:
    """The presentation model of a case held in memory (``owner`` adds the owner's view as of today)."""
    snap = snapshot_for(catalog, case, calendar, today)
    return document(snap, "self" if owner else "summary", calendar)
