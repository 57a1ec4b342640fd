"""The AppContext: built once in app.py (or by a test, or a CLI command, on a data dir) and passed
explicitly; the application layer (:mod:`desktop.services`) works over it.

It owns the database connection, the repository, the loaded content and the data dir's use slot
(desktop/store/lock.py: while it is held, a restore or purge from another process is refused, naming
this one).  Content loading skips the full validation when the content files are unchanged since the
last import (same byte digest).  Unusable stored settings fall back to their defaults with a notice
(desktop/store/settings.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop import paths
from desktop.core.catalog import (
    Catalog,
    catalog_from_raw,
    content_files,
    files_digest,
    load_catalog,
    without_invalid,
)
from desktop.core.problems import Problem
from desktop.core.workdays import HolidayCalendar, default_calendar, load_calendar
from desktop.store import settings
from desktop.store.backup import RecoveryReport
from desktop.store.housekeeping import open_data_dir
from desktop.store.lock import GUI_HOLDER, UseLock
from desktop.store.repository import Repository


@dataclass
class AppContext:
    data_dir: Path
    repo: Repository
    catalog: Catalog
    content_imported: bool  # False when the cached content was reused
    user: str = "窗口人员"
    problems: list[Problem] = field(default_factory=list)
    recovery: RecoveryReport | None = None  # set when start-up replaced a damaged database
    calendar: HolidayCalendar | None = None  # None until first needed: the default one
    notices: list[str] = field(default_factory=list)  # things the user should be told at start-up
    lock: UseLock | None = None  # this process's use slot on the data dir

    def close(self) -> None:
        """Close the database and give back the use slot (idempotent)."""
        self.repo.close()
        if self.lock is not None:
            self.lock.release()


def load_content(repo: Repository, checklist_dir: Path, source_dir: Path) -> tuple[Catalog, bool]:
    """(catalog, imported): reuse the cached content when the files are unchanged."""
    digest = files_digest(content_files(checklist_dir, source_dir))
    if repo.content_digest() == digest:
        raw = repo.load_content()
        if raw is not None:
            return catalog_from_raw(raw), False
    catalog = without_invalid(load_catalog(checklist_dir, source_dir))
    if not any(p.blocking for p in catalog.problems):
        raw_by_id = {str(r["id"]): r for r in catalog.raw["checklists"]}
        versions = [(c.id, c.version, c.title, c.family, c.region) for c in catalog.checklists.values()]
        repo.save_content(digest, catalog.raw, versions, raw_by_id)
    # Invalid content is never cached: the next start validates again and reports it again.  Review
    # findings (desktop/core/problems.py) do not make it invalid: they are for `qingdan validate`.
    return catalog, True


def build_context(data_dir: Path | None = None, checklist_dir: Path | None = None,
                  source_dir: Path | None = None, holder: str = GUI_HOLDER) -> AppContext:
    """Open the data dir (use slot, tidy, recovery), sanitize settings and load the content.

    ``holder`` names this process to others in lock messages.  Raises StoreError.
    """
    directory = paths.data_dir(data_dir)
    opened = open_data_dir(directory, holder)
    repo = Repository(opened.db)
    try:
        notices = opened.notices + settings.sanitize(repo)
        catalog, imported = load_content(repo, checklist_dir or paths.checklist_dir(),
                                         source_dir or paths.source_dir())
    except BaseException:
        opened.close()
        raise
    ctx = AppContext(directory, repo, catalog, imported, problems=[p for p in catalog.problems if p.blocking],
                     recovery=opened.recovery, notices=notices, lock=opened.lock)
    ctx.user = settings.get(repo, "clerk_name") or "窗口人员"
    ctx.calendar = office_calendar(directory, ctx.notices)
    return ctx


OFFICE_HOLIDAYS = "holidays.toml"


def office_calendar(data_dir: Path, notices: list[str]) -> HolidayCalendar | None:
    """The bundled holiday data plus the office's own ``<data dir>/holidays.toml`` when present.

    A malformed office file is reported (and left out) rather than silently ignored.
    """
    extra = data_dir / OFFICE_HOLIDAYS
    if not extra.exists():
        return None  # the cached default calendar, loaded lazily
    try:
        return load_calendar([paths.resource_path("data", "holidays.toml"), extra])
    except ValueError as exc:
        notices.append(f"节假日数据文件有误，已忽略：{exc}")
        return default_calendar()
