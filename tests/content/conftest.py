"""Shared fixtures for the content-line tests: shipped content copied from the test fixtures, a
publisher's key pair, and a kit that builds pack directories, signed packs and tampered variants.

(The suite runs with ``--import-mode=importlib``, so helpers are fixtures, not importable modules.)"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop.content.keys import (
    TrustStore,
    fingerprint,
    generate_key,
    load_private_key,
    load_public_key,
    raw_public,
)
from desktop.content.packs import MANIFEST, SIGNATURE, Manifest, build_pack
from desktop.context import AppContext, build_context
from desktop.core.model import Applicant

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "content"
PACK_TITLE = "示例营商清单"
PUBLISHER = "示例发布单位"


@dataclass
class Kit:
    tmp: Path
    data: Path  # the installation's data dir
    checklists: Path  # its shipped content
    sources: Path
    key: Path  # the publisher's private key (trusted by the installation)
    other_key: Path  # a key nobody trusts

    def context(self, verify_all: bool = False) -> AppContext:
        return build_context(self.data, self.checklists, self.sources, verify_all=verify_all)

    def pack_dir(self, version: int, edit: Callable[[Path], None] | None = None, guide: bool = False) -> Path:
        """A pack directory: the shipped content, ``edit`` applied, and pack.toml."""
        root = self.tmp / f"pack-src-{version}-{len(list(self.tmp.glob('pack-src-*')))}"
        shutil.copytree(self.checklists, root / "checklists")
        shutil.copytree(self.sources, root / "sources")
        (root / "pack.toml").write_text(
            f'id = "shifan-qingdan"\ntitle = "{PACK_TITLE}"\nversion = {version}\npublisher = "{PUBLISHER}"\n'
            f"date = 2026-12-0{min(version, 9)}\n", encoding="utf-8")
        if guide:
            (root / "guide.json").write_text(json.dumps({"示例": "本中心办事指南（示例）"}, ensure_ascii=False),
                                             encoding="utf-8")
        if edit is not None:
            edit(root)
        return root

    def build(self, version: int, edit: Callable[[Path], None] | None = None, key: Path | None = None,
              guide: bool = False) -> Path:
        out = self.tmp / f"pack-v{version}-{len(list(self.tmp.glob('pack-v*.zip')))}.zip"
        build_pack(self.pack_dir(version, edit, guide), key or self.key, out)
        return out

    def sign_members(self, members: dict[str, bytes], version: int, out: Path) -> Path:
        """A pack signed by the trusted key over any members at all (no validation): for content the
        validator must refuse at import."""
        manifest = Manifest("shifan-qingdan", PACK_TITLE, version, "2026-12-01", PUBLISHER, None,
                            {n: hashlib.sha256(d).hexdigest() for n, d in members.items()})
        body = manifest.to_bytes()
        key = load_private_key(self.key)
        sig = {"algorithm": "Ed25519", "key": fingerprint(raw_public(key.public_key())),
               "signature": base64.b64encode(key.sign(body)).decode()}
        with zipfile.ZipFile(out, "w") as zf:
            zf.writestr(MANIFEST, body)
            zf.writestr(SIGNATURE, json.dumps(sig))
            for name, data in members.items():
                zf.writestr(name, data)
        return out


def _read_zip(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _write_zip(path: Path, members: dict[str, bytes]) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture
def read_zip() -> Callable[[Path], dict[str, bytes]]:
    return _read_zip


@pytest.fixture
def write_zip() -> Callable[[Path, dict[str, bytes]], Path]:
    return _write_zip


@pytest.fixture
def kit(tmp_path: Path) -> Kit:
    shutil.copytree(FIXTURES / "checklists", tmp_path / "shipped" / "checklists")
    shutil.copytree(FIXTURES / "sources", tmp_path / "shipped" / "sources")
    data = tmp_path / "data"
    data.mkdir()
    key, other = tmp_path / "publisher.key", tmp_path / "stranger.key"
    generate_key(key)
    generate_key(other)
    TrustStore(data).add(load_public_key(key.with_name("publisher.key.pub")), PUBLISHER)
    return Kit(tmp_path, data, tmp_path / "shipped" / "checklists", tmp_path / "shipped" / "sources", key, other)


@pytest.fixture
def open_case() -> Callable[[AppContext], str]:
    """Create a case on fx-kaiban (shipped version) with states and notes on three items."""
    def make(ctx: AppContext) -> str:
        cl = ctx.catalog.checklists["fx-kaiban"]
        case_id = ctx.repo.create_case(Applicant("示例企业"), [("fx-kaiban", cl.version)], dt.date(2026, 11, 25),
                                       "示例窗口", "", "示例窗口")
        for question, answer in (("entity_type", "有限责任公司"), ("region", "长春市"), ("has_employees", False)):
            ctx.repo.set_answer(case_id, question, answer, "示例窗口")
        ctx.repo.set_item_state(case_id, "fx-kaiban", "A01", "done", "材料已核验", "示例窗口")
        ctx.repo.set_item_state(case_id, "fx-kaiban", "A02", "waived", "已免费刻制", "示例窗口")
        ctx.repo.set_item_state(case_id, "fx-kaiban", "A03", "not_applicable", "无员工", "示例窗口")
        return case_id
    return make
