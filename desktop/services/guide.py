"""The office's 本中心办事指南 as use cases: read it, enter or change an entry (the administrator's form), import a
guide file (or the guide a content pack carries), export it, and the administrator mode that guards every
change.

Every change checks the entry against the law first (desktop/core/guide_checks.py): an error refuses the
whole change — nothing is written — with one line per problem naming the step and the clause; warnings are
returned and the change is kept.  Every change is a new version in the guide's append-only history with who
made it and when (desktop/store/guide.py).

Administrator mode: the first use sets a passphrase, stored only as a scrypt hash in the settings
(desktop/core/passphrase.py); afterwards the mode is entered with it.  Without it nothing in the guide can be
changed — the GUI's clerk mode, and the CLI without the passphrase, get :class:`AdminRequired`.

Which guide wins: the entries entered or imported here are the office's own and are what the counter uses.
A content pack's ``guide.json`` is never used as it is: it is offered for import (:meth:`GuideService.pack_guide`)
and goes through the same checks as a file.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop.context import AppContext
from desktop.core.errors import UserError
from desktop.core.guide import GuideEntry, GuideFile, dump_guide, entry_problem, parse_guide_text, read_guide
from desktop.core.guide_checks import Finding, check_entry, errors, warnings
from desktop.core.passphrase import hash_passphrase, passphrase_problem, verify_passphrase
from desktop.core.vocab import GuideAction
from desktop.store.content import ContentStore
from desktop.store.guide import GuideStore

PASSPHRASE_KEY = "admin_passphrase"
PACK_GUIDE = "内容包中的 guide.json"


class AdminRequired(UserError):
    """A change to the guide outside the administrator mode."""


class WrongPassphrase(UserError):
    pass


class GuideRefused(UserError):
    """A change refused by the law checks (or the guide's own limits); ``lines``: one per problem."""

    def __init__(self, lines: list[str]) -> None:
        head = lines[0] if len(lines) == 1 else f"{lines[0]}（共 {len(lines)} 处，其余见下）"
        super().__init__(head)
        self.lines = lines


@dataclass(frozen=True)
class GuideImport:
    """What an import changed: the keys written (new or changed), how many were already so, warnings."""

    written: list[str]
    unchanged: int
    warnings: list[str]
    source: str

    def summary(self) -> str:
        return f"已导入 {len(self.written)} 项（新增或有变化），{self.unchanged} 项未变化" + (
            f"；提醒 {len(self.warnings)} 条" if self.warnings else "")


class GuideService:
    """The guide over one :class:`~desktop.context.AppContext`; ``admin`` is this session's mode."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx
        self.admin = False

    @property
    def store(self) -> GuideStore:
        return GuideStore(self.ctx.repo.db)  # the repo may be replaced (restore): never kept

    # ------------------------------------------------------------ administrator mode

    def passphrase_set(self) -> bool:
        return bool(self.ctx.repo.setting(PASSPHRASE_KEY))

    def set_passphrase(self, new: str) -> None:
        """Set the passphrase: on first use, or in the administrator mode (changing it)."""
        if self.passphrase_set() and not self.admin:
            raise AdminRequired("修改管理员口令须先进入管理员模式")
        problem = passphrase_problem(new)
        if problem is not None:
            raise UserError(problem)
        self.ctx.repo.set_setting(PASSPHRASE_KEY, hash_passphrase(new))
        self.admin = True

    def unlock(self, passphrase: str) -> None:
        """Enter the administrator mode; a wrong passphrase is refused."""
        stored = self.ctx.repo.setting(PASSPHRASE_KEY)
        if not stored:
            raise AdminRequired("尚未设置管理员口令：请先在程序中进入管理员模式设置口令，或运行 qingdan guide passphrase")
        if not verify_passphrase(passphrase, stored):
            raise WrongPassphrase("管理员口令不正确")
        self.admin = True

    def lock(self) -> None:
        self.admin = False

    def _require_admin(self) -> None:
        if not self.admin:
            raise AdminRequired("修改本中心办事指南须先进入管理员模式（输入管理员口令）")

    # ------------------------------------------------------------ reading

    def current(self) -> dict[str, GuideEntry]:
        return self.store.current()

    def entry(self, key: str) -> GuideEntry | None:
        return self.store.entry(key)

    def history(self, key: str | None = None) -> list[GuideEntry]:
        return self.store.history(key)

    def check(self, entry: GuideEntry) -> list[Finding]:
        """The entry's own limits, then the law checks against the current content."""
        problem = entry_problem(entry)
        if problem is not None:
            return [Finding(entry.key, True, f"{entry.key}：{problem}")]
        return check_entry(entry, self.ctx.catalog)

    # ------------------------------------------------------------ changing

    def save(self, entry: GuideEntry) -> list[str]:
        """Enter or change one entry (the form).  Returns the warnings; raises :class:`GuideRefused`."""
        self._require_admin()
        findings = self.check(entry)
        if errors(findings):
            raise GuideRefused([f.line() for f in errors(findings)])
        self.store.write([entry], GuideAction.SAVE, self.ctx.user)
        return [f.line() for f in warnings(findings)]

    def remove(self, key: str) -> bool:
        self._require_admin()
        return self.store.remove(key, self.ctx.user)

    def import_guide(self, guide: GuideFile, source: str) -> GuideImport:
        """Import every entry of a guide, all or nothing: any error refuses the whole file."""
        self._require_admin()
        findings: list[Finding] = []
        for entry in guide.entries.values():
            findings += self.check(entry)
        if errors(findings):
            raise GuideRefused([f.line(source) for f in errors(findings)])
        written = self.store.write(guide.entries.values(), GuideAction.IMPORT, self.ctx.user, source)
        return GuideImport(written, len(guide.entries) - len(written), [f.line(source) for f in warnings(findings)],
                           source)

    def import_file(self, path: Path) -> GuideImport:
        return self.import_guide(read_guide(path), path.name)

    def pack_guide(self) -> GuideFile | None:
        """The guide the content pack in use carries (read and checked as a file would be), or None."""
        release = self.ctx.release
        if release is None:
            return None
        text = ContentStore(self.ctx.repo.db).guide_text(release.id)
        return parse_guide_text(text, PACK_GUIDE) if text is not None else None

    def import_pack_guide(self) -> GuideImport:
        guide = self.pack_guide()
        if guide is None:
            raise UserError("当前使用的内容包没有附带办事指南（guide.json）")
        return self.import_guide(guide, PACK_GUIDE)

    def export(self, path: Path) -> int:
        """Write the guide in use as a guide file (atomically); returns the number of entries."""
        entries = list(self.current().values())
        blob = json.dumps(dump_guide(entries), ensure_ascii=False, indent=2) + "\n"
        tmp: str | None = None
        try:
            fd, tmp = tempfile.mkstemp(prefix=".guide-", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(blob)
            os.replace(tmp, path)
        except OSError as exc:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            raise UserError(f"{path}：无法写入：{exc.strerror or exc}") from None
        return len(entries)
