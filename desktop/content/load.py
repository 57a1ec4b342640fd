"""Which content is in use, and proof that the database still holds it.

At every start (:meth:`ContentManager.load`) the active release's rows are read once, their digest
is compared with the ledger (``<data dir>/content-ledger.json``, kept outside the database), and the
catalog is built from exactly those rows.  Unchanged content costs one read and one hash; nothing is
validated or imported again.

When the rows do not match — content edited in the database, a restored or recovered database, a
lost ledger — or the content's origin changed (shipped files updated, a pack installed), the content
is imported again from its origin: the installed pack (verified again: signature, members, validator)
or else the shipped, citation-checked files.  The user is told when rows that nobody verified were
found.  Checklist versions that cases keep are in older releases; each is used only after its own
rows' digest is found among the ledger's trusted digests (:meth:`ContentManager.pinned`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.content.ledger import Ledger, LedgerError, PackRef
from desktop.core.catalog import Catalog, content_files, files_digest, load_catalog, without_invalid
from desktop.core.errors import UserError
from desktop.core.model import Checklist
from desktop.core.problems import Problem
from desktop.core.rows import ContentRows, catalog_from_rows, catalog_rows, rows_digest, same_content
from desktop.store.connection import Database, transaction
from desktop.store.content import LEGACY, PACK, SHIPPED, ContentStore, Release

if TYPE_CHECKING:  # packs and keys import cryptography (~30 ms): only when a pack is read
    from desktop.content.keys import TrustStore
    from desktop.content.packs import VerifiedPack

PACK_DIR = "packs"
TAMPERED = ("内容数据校验未通过：数据库中的清单内容与本机核验记录不符（可能来自被改动的数据库或备份），"
            "已从{source}重新导入。")
OLD_DROPPED = "{n} 个早期内容版本未通过校验，已删除；使用这些版本的办件改用当前版本显示和打印。"
LEDGER_DAMAGED = "内容核验记录 {error}，已另存并重新导入内容。"
PACK_UNUSABLE = "已安装的{label}无法重新核验（{error}），改用{fallback}。"


class ContentError(UserError):
    """Content could not be put in use; the message is one line for the user."""


class ContentState:
    """The content to use: its catalog, its release, whether it was imported now (False: the verified rows
    were reused) and what to tell the user.  A plain class: it is defined at every start."""

    def __init__(self, catalog: Catalog, release: Release | None, imported: bool,
                 notices: list[str] | None = None) -> None:
        self.catalog, self.release, self.imported = catalog, release, imported
        self.notices: list[str] = notices if notices is not None else []


class ContentManager:
    """The content line of one data dir over one database connection."""

    def __init__(self, db: Database, data_dir: Path, checklist_dir: Path, source_dir: Path) -> None:
        self.db, self.data_dir = db, data_dir
        self.checklist_dir, self.source_dir = checklist_dir, source_dir
        self.store = ContentStore(db)
        self._ledger: Ledger | None = None
        self._verified: dict[int, Catalog | None] = {}  # release id -> its catalog (None: not trusted)
        self.notices: list[str] = []

    # ------------------------------------------------------------ ledger

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            try:
                self._ledger = Ledger.read(self.data_dir)
            except LedgerError as exc:
                path = self.data_dir / "content-ledger.json"
                aside = path.with_name(f"{path.name}.damaged-{dt.datetime.now():%Y%m%d-%H%M%S}")
                path.replace(aside)
                self.notices.append(LEDGER_DAMAGED.format(error=exc))
                self._ledger = Ledger(path)
        return self._ledger

    @property
    def trust(self) -> TrustStore:
        from desktop.content.keys import TrustStore

        return TrustStore(self.data_dir)

    # ------------------------------------------------------------ start-up

    def load(self, verify_all: bool = False) -> ContentState:
        """The content to use now (see the module docstring).  ``verify_all`` (after a restore or a
        recovery) also checks every older release, drops those not trusted, and rebuilds the index."""
        ledger = self.ledger
        if not ledger.exists:
            self._trust_legacy(ledger)
        pack = ledger.active_pack
        ref = pack.manifest_sha256 if pack else files_digest(content_files(self.checklist_dir, self.source_dir))
        origin = PACK if pack else SHIPPED
        active = self.store.active()
        rows = self.store.read_rows(active.id) if active is not None else None
        digest = rows_digest(rows) if rows is not None else ""
        if (active is not None and rows is not None and active.origin == origin and active.origin_ref == ref
                and ledger.active_digest and digest == ledger.active_digest):
            catalog = self._with_origins(catalog_from_rows(rows), active)
            catalog.problems = [Problem(*p) for p in ledger.active_problems]
            self._verified[active.id] = catalog
            if verify_all:
                self.verify_releases()
            return ContentState(catalog, active, False, self._take_notices())
        tampered = active is not None and ledger.exists and digest not in ledger.trusted
        state = self._reimport(pack)
        if tampered:
            self.notices.insert(0, TAMPERED.format(source=state.release.label if state.release else "程序自带内容"))
        if verify_all:
            self.verify_releases()
        state.notices = self._take_notices()
        return state

    def _take_notices(self) -> list[str]:
        out, self.notices = self.notices, []
        return out

    def _trust_legacy(self, ledger: Ledger) -> None:
        """First start of a data dir under this scheme: the checklist versions migration 006 moved out of
        the old JSON cache are trusted as they are (they are what this installation used until now)."""
        for release in self.store.releases():
            if release.origin == LEGACY:
                ledger.trust(rows_digest(self.store.read_rows(release.id)))

    def _reimport(self, pack: PackRef | None) -> ContentState:
        if pack is not None:
            from desktop.content.packs import PackError, verify_pack

            fallbacks = [p for p in reversed(self.ledger.packs) if p != pack]
            for candidate in [pack, *fallbacks]:
                try:
                    verified = verify_pack(self.data_dir / candidate.file, self.trust)
                    if verified.manifest_sha256 != candidate.manifest_sha256:
                        raise PackError("文件与安装时不同")
                except PackError as exc:
                    self.notices.append(PACK_UNUSABLE.format(label=candidate.label, error=exc,
                                                             fallback="此前安装的内容包或程序自带内容"))
                    continue
                return self.install_pack(verified, candidate)
        return self.install_shipped()

    def install_shipped(self) -> ContentState:
        """Validate the shipped files and put their valid checklists in use (problems are kept in the
        ledger and reported at every start, as long as the files stay unchanged; review findings do not
        disable a checklist, as desktop/core/problems.py says)."""
        ref = files_digest(content_files(self.checklist_dir, self.source_dir))
        catalog = without_invalid(load_catalog(self.checklist_dir, self.source_dir))
        problems = [[p.file, p.item, p.field, p.message, p.rule] for p in catalog.problems]
        release, built = self.install(catalog, SHIPPED, ref, None, None, problems)
        built.problems = list(catalog.problems)
        return ContentState(built, release, True)

    def install_pack(self, verified: VerifiedPack, ref: PackRef | None = None,
                     during: Callable[[Catalog], None] | None = None) -> ContentState:
        """Put a verified pack in use; its file is kept under ``<data dir>/packs/`` for re-imports."""
        m = verified.manifest
        kept: Path | None = None
        if ref is None:
            ref = PackRef(m.id, m.version, m.title, m.publisher, m.date, m.replaces,
                          f"{PACK_DIR}/{m.id}-{m.version}.zip", verified.manifest_sha256, verified.key.fingerprint)
            kept = self.data_dir / ref.file
            keep_pack_file(kept, verified.data)
        meta = {"pack_id": m.id, "pack_version": m.version, "pack_title": m.title, "publisher": m.publisher,
                "pack_date": m.date, "replaces": m.replaces, "key_fingerprint": verified.key.fingerprint}
        try:
            release, built = self.install(verified.catalog, PACK, verified.manifest_sha256, ref, verified.guide, [],
                                          meta, during)
        except BaseException:
            if kept is not None:  # a failed import keeps nothing
                kept.unlink(missing_ok=True)
            raise
        return ContentState(built, release, True)

    def install(self, catalog: Catalog, origin: str, ref: str, pack: PackRef | None, guide: str | None,
                problems: list[list[str]], meta: dict[str, object] | None = None,
                during: Callable[[Catalog], None] | None = None) -> tuple[Release, Catalog]:
        """Write ``catalog`` as a new release and make it the active one, in one transaction.

        The rows are read back and must rebuild the very catalog that was validated; their digest goes
        to the ledger, which is saved before the commit (a failed commit then only causes a re-import at
        the next start).  ``during`` runs inside the transaction after activation (carrying cases forward).
        """
        rows = catalog_rows(catalog, guide)
        try:
            release, built = self._install(rows, catalog, origin, ref, pack, problems, meta, during)
        except BaseException:
            self._ledger = None  # read again: the file still says what was in use before
            raise
        self._verified[release.id] = built
        return release, built

    def _install(self, rows: ContentRows, catalog: Catalog, origin: str, ref: str, pack: PackRef | None,
                 problems: list[list[str]], meta: dict[str, object] | None,
                 during: Callable[[Catalog], None] | None) -> tuple[Release, Catalog]:
        with transaction(self.db):
            release_id = self.store.write_release(origin, ref, rows, "", dict(meta or {}))
            back = self.store.read_rows(release_id)
            built = catalog_from_rows(back)
            if not same_content(built, catalog):
                raise ContentError("内容写入数据库后读回不一致，未启用")
            digest = rows_digest(back)
            self.store.set_digest(release_id, digest)
            self.store.activate(release_id)
            release = self.store.release(release_id)
            assert release is not None
            self._with_origins(built, release)
            if during is not None:
                during(built)
            for dropped in self.store.prune():
                self._verified.pop(dropped, None)
            self.ledger.set_active(digest, origin, ref, pack, problems)
            self.ledger.save()
        return release, built

    @staticmethod
    def _with_origins(catalog: Catalog, release: Release) -> Catalog:
        catalog.origins = {cid: release.label for cid in catalog.checklists}
        return catalog

    # ------------------------------------------------------------ older releases

    def verified_release(self, release_id: int) -> Catalog | None:
        """The catalog of an older release whose rows' digest is trusted by the ledger; else None."""
        if release_id not in self._verified:
            release = self.store.release(release_id)
            catalog = None
            if release is not None:
                rows = self.store.read_rows(release_id)
                if rows_digest(rows) in self.ledger.trusted:
                    catalog = self._with_origins(catalog_from_rows(rows), release)
            self._verified[release_id] = catalog
        return self._verified[release_id]

    def pinned(self, checklist_id: str, version: str) -> tuple[Checklist, Catalog] | None:
        """A checklist version a case keeps, from a verified release (None when none can be verified)."""
        for release_id in self.store.releases_with(checklist_id, version):
            catalog = self.verified_release(release_id)
            if catalog is not None and checklist_id in catalog.checklists:
                return catalog.checklists[checklist_id], catalog
        return None

    def verify_releases(self) -> int:
        """Drop every older release whose rows are not trusted; rebuild the search index.  After a
        restore or a recovery: nothing in a database that came from elsewhere is used unchecked."""
        active = self.store.active()
        dropped = 0
        with transaction(self.db):
            for release in self.store.releases():
                if active is not None and release.id == active.id:
                    continue
                self._verified.pop(release.id, None)
                if self.verified_release(release.id) is None:
                    self.store.delete_release(release.id)
                    self._verified.pop(release.id, None)
                    dropped += 1
            self.store.rebuild_search()
        if dropped:
            self.notices.append(OLD_DROPPED.format(n=dropped))
        return dropped


def keep_pack_file(target: Path, data: bytes) -> None:
    """Keep a verified pack's bytes at ``target`` (owner-only, atomic)."""
    target.parent.mkdir(mode=0o700, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    try:
        tmp.write_bytes(data)
        tmp.chmod(0o600)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ContentError(f"{target}：无法保存内容包（{exc.strerror}）") from None
