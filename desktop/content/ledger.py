"""The content ledger: ``<data dir>/content-ledger.json``, the record — kept outside the database —
of which content this installation verified and put in use.

The database's content rows are checked against it at every start (desktop/content/load.py).  It
lives beside the database, not in it, so a restored or recovered database (or one edited by hand)
cannot vouch for itself: a backup file replaces ``qingdan.db`` but never this file.

Fields: ``active`` — the digest of the rows in use, their origin (``shipped`` / ``pack``), the
origin's reference (the shipped files' byte digest / the pack manifest's SHA-256) and the problems the
shipped files had when imported (reported again at each start); ``packs`` — every pack installed
here, oldest first, with the file kept under ``<data dir>/packs/``; ``trusted`` — the digests of
every release this installation imported (older ones stay usable for the cases that still use them).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, NamedTuple

from desktop.core.errors import UserError

LEDGER_NAME = "content-ledger.json"
FORMAT = "qingdan-content-ledger/1"
KEEP_TRUSTED = 500  # digests; a few per year are added


class LedgerError(UserError):
    """The ledger file exists but cannot be read; the message is one line for the user."""


class PackRef(NamedTuple):  # a NamedTuple: defined at every start (a frozen dataclass costs ~0.6 ms)
    """An installed pack: its manifest's particulars and where its verified file is kept."""

    id: str
    version: int
    title: str
    publisher: str
    date: str
    replaces: int | None
    file: str  # relative to the data dir: packs/<id>-<version>.zip
    manifest_sha256: str
    key: str  # full fingerprint (SHA-256 hex of the raw public key) of the signing key

    @property
    def label(self) -> str:
        return f"内容包 {self.title or self.id} 第{self.version}版"


class Ledger:
    """The ledger file's content (a plain class: it is defined at every start)."""

    def __init__(self, path: Path, exists: bool = False, active_digest: str = "", active_origin: str = "",
                 active_ref: str = "", active_problems: list[list[str]] | None = None,
                 active_pack: PackRef | None = None, packs: list[PackRef] | None = None,
                 trusted: list[str] | None = None) -> None:
        self.path, self.exists = path, exists
        self.active_digest = active_digest
        self.active_origin = active_origin  # shipped / pack
        self.active_ref = active_ref
        self.active_problems: list[list[str]] = active_problems or []  # [file, item, field, message, rule]
        self.active_pack = active_pack
        self.packs: list[PackRef] = packs or []
        self.trusted: list[str] = trusted or []

    @classmethod
    def read(cls, data_dir: Path) -> Ledger:
        """The ledger of ``data_dir``; an empty one when there is none yet.  Raises :class:`LedgerError`
        when the file exists but is damaged."""
        path = data_dir / LEDGER_NAME
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return cls(path)
        except OSError as exc:
            raise LedgerError(f"{path.name}：无法读取（{exc.strerror}）") from None
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ValueError("format")
            active = data.get("active") or {}
            pack = active.get("pack")
            return cls(
                path, True, str(active.get("digest", "")), str(active.get("origin", "")), str(active.get("ref", "")),
                [[str(x) for x in p] for p in active.get("problems", [])],
                PackRef(**pack) if pack else None,
                [PackRef(**p) for p in data.get("packs", [])],
                [str(d) for d in data.get("trusted", [])],
            )
        except (ValueError, TypeError, AttributeError) as exc:
            raise LedgerError(f"{path.name}：内容已损坏（{exc}）") from None

    def set_active(self, digest: str, origin: str, ref: str, pack: PackRef | None,
                   problems: list[list[str]] | None = None) -> None:
        self.active_digest, self.active_origin, self.active_ref = digest, origin, ref
        self.active_pack, self.active_problems = pack, problems or []
        if pack is not None and pack not in self.packs:
            self.packs.append(pack)
        self.trust(digest)

    def trust(self, digest: str) -> None:
        if digest in self.trusted:
            self.trusted.remove(digest)
        self.trusted.append(digest)
        del self.trusted[:-KEEP_TRUSTED]

    def installed_version(self) -> int:
        """The highest pack version ever installed here (0: none) — a pack must be newer."""
        return max((p.version for p in self.packs), default=0)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "active": {"digest": self.active_digest, "origin": self.active_origin, "ref": self.active_ref,
                       "problems": self.active_problems,
                       "pack": self.active_pack._asdict() if self.active_pack else None},
            "packs": [p._asdict() for p in self.packs],
            "trusted": self.trusted,
        }

    def save(self) -> None:
        """Write atomically (a temporary file renamed into place), owner-only."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self.to_json(), fh, ensure_ascii=False, indent=1)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)
        self.exists = True
