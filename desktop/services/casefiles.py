"""Case files given on the command line (``qingdan pdf``, ``qingdan evaluate``): read, checked against the
content, and opened as a snapshot exactly as a stored case is — with the checklist versions the file
names when this data dir knows them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from desktop.context import AppContext
from desktop.core.casefile import load_case_file
from desktop.services.cases import CaseService, CaseSnapshot


def open_case_file(ctx: AppContext, path: Path, owner: bool = False, on: dt.date | None = None) -> CaseSnapshot:
    """The snapshot of a case file (raises :class:`~desktop.core.casefile.CaseFileError`).

    ``on``: evaluate as of this date instead of the received date (``qingdan evaluate --on``).
    """
    case = load_case_file(path, ctx.catalog)
    return CaseService(ctx).snapshot_of(case, owner=owner, on=on)
