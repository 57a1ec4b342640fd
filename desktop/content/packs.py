"""Signed content packs: build one from a directory, and verify one before it may be imported.

A pack is a zip holding:

- ``manifest.json`` — ``{"format": "qingdan-pack/1", "id", "title", "version", "date", "publisher",
  "replaces", "members": {"<name>": "<sha256 hex>", ...}}``: every other member and its digest;
- ``manifest.sig`` — ``{"algorithm": "Ed25519", "key": "<fingerprint>", "signature": "<base64>"}``: the
  publisher's signature over the exact bytes of ``manifest.json``;
- ``checklists/*.toml`` (with ``questions.toml``), ``sources/*.toml`` — a complete content set in the
  format of checklists/README.md, whose every quote is in the pack's own sources;
- optionally ``guide.json`` — the office's 本中心办事指南, kept verbatim for issue 13.

:func:`verify_pack` refuses, with one line, a file that is not a pack, an unsigned pack, a key not in
the trust store, a signature that does not match, any member changed, added or missing, a version not
newer than the installed one, and content that fails the validator.  Only then is the content used.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import re
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.content.keys import (
    KeyFileError,
    TrustedKey,
    TrustStore,
    fingerprint,
    load_private_key,
    raw_public,
    short_fingerprint,
    verify_signature,
)
from desktop.core.catalog import Catalog, load_catalog
from desktop.core.errors import UserError

FORMAT = "qingdan-pack/1"
MANIFEST, SIGNATURE, GUIDE, PACK_TOML = "manifest.json", "manifest.sig", "guide.json", "pack.toml"
MAX_MEMBER = 16 * 1024 * 1024
MAX_TOTAL = 64 * 1024 * 1024
MAX_MEMBERS = 5000
_MEMBER = re.compile(r"^(checklists|sources)/[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.toml$")
_PACK_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
_PACK_KEYS = {"id", "title", "version", "date", "publisher", "replaces"}


class PackError(UserError):
    """A pack is refused or cannot be built; the message is one line for the user."""

    exit_code = 1


@dataclass(frozen=True)
class Manifest:
    id: str
    title: str
    version: int
    date: str
    publisher: str
    replaces: int | None
    members: dict[str, str]

    @property
    def label(self) -> str:
        return f"内容包 {self.title or self.id} 第{self.version}版"

    def to_bytes(self) -> bytes:
        data = {"format": FORMAT, "id": self.id, "title": self.title, "version": self.version, "date": self.date,
                "publisher": self.publisher, "replaces": self.replaces, "members": dict(sorted(self.members.items()))}
        return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


@dataclass(frozen=True)
class VerifiedPack:
    """A pack that passed every check: its manifest, signer and validated content."""

    path: Path
    manifest: Manifest
    manifest_sha256: str
    key: TrustedKey
    catalog: Catalog
    guide: str | None
    data: bytes  # the pack file's bytes as verified (kept under <data dir>/packs/)

    @property
    def label(self) -> str:
        return self.manifest.label


def member_allowed(name: str) -> bool:
    return name == GUIDE or bool(_MEMBER.match(name))


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_fields(data: dict[str, Any], where: str) -> dict[str, Any]:
    """The pack's particulars (pack.toml or manifest.json), checked; raises PackError naming the field."""
    pid = data.get("id")
    if not isinstance(pid, str) or not _PACK_ID.match(pid):
        raise PackError(f"{where}: id: 应为小写字母、数字、点、横线组成的编号，实际为 {pid!r}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise PackError(f"{where}: version: 应为正整数（每次发布加一），实际为 {version!r}")
    publisher = data.get("publisher")
    if not isinstance(publisher, str) or not publisher.strip():
        raise PackError(f"{where}: publisher: 缺少发布单位")
    date = data.get("date")
    if isinstance(date, dt.date):
        date = date.isoformat()
    try:
        dt.date.fromisoformat(str(date))
    except ValueError:
        raise PackError(f"{where}: date: 应为日期 YYYY-MM-DD，实际为 {date!r}") from None
    title = data.get("title", "")
    if not isinstance(title, str):
        raise PackError(f"{where}: title: 应为字符串")
    replaces = data.get("replaces")
    if replaces is not None and (not isinstance(replaces, int) or isinstance(replaces, bool)
                                 or not 0 <= replaces < version):
        raise PackError(f"{where}: replaces: 应为小于 version 的非负整数（所替换的版本），实际为 {replaces!r}")
    return {"id": pid, "title": title.strip(), "version": version, "date": str(date), "publisher": publisher.strip(),
            "replaces": replaces}


def validate_content(members: dict[str, bytes], where: str) -> Catalog:
    """Run the content validator on the pack's checklists and sources; any problem refuses the pack."""
    with tempfile.TemporaryDirectory(prefix="qingdan-pack-") as tmp:
        root = Path(tmp)
        for folder in ("checklists", "sources"):
            (root / folder).mkdir()
        for name, data in members.items():
            if name != GUIDE:
                (root / name).write_bytes(data)
        catalog = load_catalog(root / "checklists", root / "sources")
    problems = [str(p).replace("resources/sources/", "sources/") for p in catalog.problems]
    if problems:
        raise PackError(f"{where}：内容校验未通过（共 {len(problems)} 处），第一处：{problems[0]}")
    if not catalog.checklists:
        raise PackError(f"{where}：内容包中没有清单（checklists/*.toml）")
    return catalog


def _guide_text(data: bytes | None, where: str) -> str | None:
    if data is None:
        return None
    try:
        text = data.decode("utf-8")
        json.loads(text)
    except (UnicodeDecodeError, ValueError):
        raise PackError(f"{where}：{GUIDE} 不是有效的 UTF-8 JSON 文件") from None
    return text


# ---------------------------------------------------------------- build

def read_pack_dir(directory: Path) -> tuple[dict[str, Any], dict[str, bytes], list[str]]:
    """(particulars from pack.toml, members by name, ignored files) of a pack directory."""
    toml_path = directory / PACK_TOML
    if not toml_path.is_file():
        raise PackError(f"{toml_path}：文件不存在（需写明 id、version、publisher、date）")
    try:
        raw = tomllib.loads(toml_path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PackError(f"{toml_path}：TOML 语法错误：{exc}") from None
    unknown = sorted(set(raw) - _PACK_KEYS)
    if unknown:
        raise PackError(f"{PACK_TOML}: {unknown[0]}: 未知字段（拼写错误？）")
    info = _check_fields(raw, PACK_TOML)
    members: dict[str, bytes] = {}
    ignored: list[str] = []
    for folder in ("checklists", "sources"):
        sub = directory / folder
        if not sub.is_dir():
            raise PackError(f"{sub}：目录不存在")
        for path in sorted(sub.iterdir()):
            name = f"{folder}/{path.name}"
            if path.is_file() and member_allowed(name):
                members[name] = path.read_bytes()
            else:
                ignored.append(name)
    guide = directory / GUIDE
    if guide.is_file():
        members[GUIDE] = guide.read_bytes()
        _guide_text(members[GUIDE], GUIDE)
    return info, members, ignored


def build_pack(directory: Path, key_path: Path, out: Path) -> tuple[Manifest, list[str], str]:
    """Validate ``directory``, sign its manifest with ``key_path`` and write the pack to ``out``.

    Returns (manifest, ignored files, signer's fingerprint).  Nothing is written when anything fails.
    """
    info, members, ignored = read_pack_dir(directory)
    validate_content(members, str(directory))
    key = load_private_key(key_path)
    manifest = Manifest(members={n: _sha256(d) for n, d in members.items()}, **info)
    body = manifest.to_bytes()
    fp = fingerprint(raw_public(key.public_key()))
    sig = {"algorithm": "Ed25519", "key": fp, "signature": base64.b64encode(key.sign(body)).decode("ascii")}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(MANIFEST, body)
        zf.writestr(SIGNATURE, json.dumps(sig, indent=1) + "\n")
        for name in sorted(members):
            zf.writestr(name, members[name])
    if not out.parent.is_dir():
        raise PackError(f"{out.parent}：目录不存在")
    tmp = out.with_name(out.name + ".part")
    try:
        tmp.write_bytes(buffer.getvalue())
        tmp.replace(out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise PackError(f"{out}：无法写入（{exc.strerror}）") from None
    return manifest, ignored, fp


# ---------------------------------------------------------------- verify

def _read_members(zf: zipfile.ZipFile, where: str) -> dict[str, bytes]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackError(f"{where}：文件过多（{len(infos)} 个）")
    names = [i.filename for i in infos]
    for name in names:
        if names.count(name) > 1:
            raise PackError(f"{where}：文件“{name}”重复出现，拒绝导入")
    out: dict[str, bytes] = {}
    total = 0
    for info in infos:
        name = info.filename
        if name not in (MANIFEST, SIGNATURE) and not member_allowed(name):
            raise PackError(f"{where}：含有不允许的文件“{name}”（被添加？），拒绝导入")
        if info.file_size > MAX_MEMBER:
            raise PackError(f"{where}：文件“{name}”过大")
        with zf.open(info) as fh:
            data = fh.read(MAX_MEMBER + 1)
        total += len(data)
        if len(data) > MAX_MEMBER or total > MAX_TOTAL:
            raise PackError(f"{where}：内容包过大")
        out[name] = data
    return out


def _signer(sig_bytes: bytes, body: bytes, trust: TrustStore, where: str) -> TrustedKey:
    try:
        sig = json.loads(sig_bytes.decode("utf-8"))
        algorithm, key, signature = sig["algorithm"], str(sig["key"]), base64.b64decode(sig["signature"], validate=True)
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        raise PackError(f"{where}：签名文件 {SIGNATURE} 格式有误，拒绝导入") from None
    if algorithm != "Ed25519":
        raise PackError(f"{where}：不支持的签名算法“{algorithm}”，拒绝导入")
    try:
        trusted = trust.find(key)
    except KeyFileError as exc:
        raise PackError(str(exc)) from None
    if trusted is None:
        raise PackError(f"{where}：签名公钥不受信任（指纹 {short_fingerprint(key)}），拒绝导入；"
                        "如确为发布单位的公钥，请管理员电话核对指纹后添加")
    if not verify_signature(trusted.raw(), signature, body):
        raise PackError(f"{where}：签名无效（{MANIFEST} 被改动或签名不符），拒绝导入")
    return trusted


def parse_manifest(body: bytes, where: str) -> Manifest:
    try:
        data = json.loads(body.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("不是对象")
    except (UnicodeDecodeError, ValueError) as exc:
        raise PackError(f"{where}：{MANIFEST} 不是有效的 JSON（{exc}）") from None
    if data.get("format") != FORMAT:
        raise PackError(f"{where}：不支持的内容包格式 {data.get('format')!r}（应为 {FORMAT}）")
    info = _check_fields(data, f"{where}: {MANIFEST}")
    members = data.get("members")
    if (not isinstance(members, dict) or not members
            or not all(isinstance(k, str) and isinstance(v, str) for k, v in members.items())):
        raise PackError(f"{where}: {MANIFEST}: members: 应为“文件名: 摘要”的表")
    return Manifest(members=dict(members), **info)


def verify_pack(path: Path, trust: TrustStore, installed_version: int | None = None) -> VerifiedPack:
    """Check ``path`` completely (see the module docstring); raises :class:`PackError` on the first failure.

    ``installed_version``: the version installed here; a pack not newer is refused (rollback).  None
    skips that check (re-importing the pack already installed).
    """
    where = path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise PackError(f"{path}：无法读取（{exc.strerror}）") from None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = _read_members(zf, where)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, ValueError):
        raise PackError(f"{where}：不是内容包（无法作为 zip 打开）") from None
    body = members.pop(MANIFEST, None)
    if body is None:
        raise PackError(f"{where}：不是内容包（缺少 {MANIFEST}）")
    sig = members.pop(SIGNATURE, None)
    if sig is None:
        raise PackError(f"{where}：内容包未签名（缺少 {SIGNATURE}），拒绝导入")
    key = _signer(sig, body, trust, where)
    manifest = parse_manifest(body, where)
    for name in sorted(manifest.members):
        if name not in members:
            raise PackError(f"{where}：缺少签名清单中列出的文件“{name}”，拒绝导入")
    for name in sorted(members):
        if name not in manifest.members:
            raise PackError(f"{where}：含有签名清单中没有的文件“{name}”（被添加），拒绝导入")
        if _sha256(members[name]) != manifest.members[name]:
            raise PackError(f"{where}：文件“{name}”已被改动（摘要与签名清单不符），拒绝导入")
    if installed_version is not None and manifest.version <= installed_version:
        raise PackError(f"{where}：内容包为第 {manifest.version} 版，不高于已安装的第 {installed_version} 版"
                        "（拒绝回退到旧版本）")
    guide = _guide_text(members.get(GUIDE), where)
    catalog = validate_content(members, where)
    return VerifiedPack(path, manifest, _sha256(body), key, catalog, guide, data)
