"""The AppContext: built once in app.py (or by a test, or a CLI command, on a data dir) and passed
explicitly; the application layer (:mod:`desktop.services`) works over it.

It owns the database connection, the repository, the content line (desktop/content/load.py: the
content in use, checked against the ledger at every start), the loaded catalog and the data dir's use
slot (desktop/store/lock.py: while it is held, a restore or purge from another process is refused, naming
this one).  Unusable stored settings fall back to their defaults with a notice (desktop/store/settings.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop import paths
from desktop.content.load import ContentManager
from desktop.core.catalog import Catalog
from desktop.core.problems import Problem
from desktop.core.workdays import HolidayCalendar, default_calendar, load_calendar
from desktop.store import settings
from desktop.store.backup import RecoveryReport
from desktop.store.content import Release
from desktop.store.housekeeping import open_data_dir
from desktop.store.lock import GUI_HOLDER, UseLock
from desktop.store.repository import Repository


@dataclass
class AppContext:
    data_dir: Path
    repo: Repository
    catalog: Catalog
    content_imported: bool  # False when the verified content rows were reused
    user: str = "窗口人员"
    problems: list[Problem] = field(default_factory=list)
    recovery: RecoveryReport | None = None  # set when start-up replaced a damaged database
    calendar: HolidayCalendar | None = None  # None until first needed: the default one
    notices: list[str] = field(default_factory=list)  # things the user should be told at start-up
    lock: UseLock | None = None  # this process's use slot on the data dir
    content: ContentManager | None = None  # None only in tests that build a context by hand
    release: Release | None = None  # the content release in use

    def close(self) -> None:
        """Close the database and give back the use slot (idempotent)."""
        self.repo.close()
        if self.lock is not None:
            self.lock.release()

    def sibling(self) -> AppContext:
        """A context over a connection of its own, for a background thread (a SQLite connection stays on
        the thread that opened it).  It shares the catalog and calendar (immutable) and this process's use
        slot (not its own: closing it closes only its connection)."""
        from desktop.store.db import open_database

        db = open_database(self.data_dir)
        content = None
        if self.content is not None:
            content = ContentManager(db, self.data_dir, self.content.checklist_dir, self.content.source_dir)
        return AppContext(self.data_dir, Repository(db), self.catalog, False, user=self.user, calendar=self.calendar,
                          content=content, release=self.release)

    def reload_content(self, verify_all: bool = False) -> None:
        """Load the content again (after a pack import elsewhere, a restore): catalog, release, notices."""
        assert self.content is not None
        state = self.content.load(verify_all=verify_all)
        self.catalog, self.release, self.content_imported = state.catalog, state.release, state.imported
        self.problems = [p for p in state.catalog.problems if p.blocking]
        self.notices.extend(state.notices)


def build_context(data_dir: Path | None = None, checklist_dir: Path | None = None,
                  source_dir: Path | None = None, holder: str = GUI_HOLDER,
                  verify_all: bool = False) -> AppContext:
    """Open the data dir (use slot, tidy, recovery), sanitize settings and load the verified content.

    ``holder`` names this process to others in lock messages.  ``verify_all``: the database was just
    restored (a recovery sets it too) — every older content release is checked as well and the search
    index rebuilt.  Raises StoreError.
    """
    directory = paths.data_dir(data_dir)
    opened = open_data_dir(directory, holder)
    repo = Repository(opened.db)
    try:
        notices = opened.notices + settings.sanitize(repo)
        content = ContentManager(opened.db, directory, checklist_dir or paths.checklist_dir(),
                                 source_dir or paths.source_dir())
        state = content.load(verify_all=verify_all or opened.recovery is not None)
    except BaseException:
        opened.close()
        raise
    ctx = AppContext(directory, repo, state.catalog, state.imported,
                     problems=[p for p in state.catalog.problems if p.blocking], recovery=opened.recovery,
                     notices=notices + list(state.notices), lock=opened.lock, content=content, release=state.release)
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
