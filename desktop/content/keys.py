"""Ed25519 keys for content packs (the ``cryptography`` library) and the trust store.

- A publisher's key pair: ``KEY`` (private, PKCS#8 PEM, written owner-only 0600, never overwritten)
  and ``KEY.pub`` (SubjectPublicKeyInfo PEM) — ``qingdan pack keygen -o KEY``.
- The fingerprint of a public key is the SHA-256 of its 32 raw bytes.  It is shown as the first 24 hex
  digits in groups of four (``3F2A 91C0 77DE 0B41 5C2E 9A10``) so an administrator can compare it by
  phone with the publisher; the full hex identifies the key in signatures and in the trust store.
- The trust store, ``<data dir>/trusted-keys.json``, lists the public keys whose packs this
  installation accepts.  It is a file beside the database, not in it: restoring a database cannot add
  a key.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from desktop.core.errors import UserError

TRUST_FILE = "trusted-keys.json"
TRUST_FORMAT = "qingdan-trusted-keys/1"
SHORT_DIGITS = 24


class KeyFileError(UserError):
    """A key file or the trust store cannot be used; the message is one line for the user."""


def fingerprint(raw: bytes) -> str:
    """SHA-256 hex of the raw public key (64 digits)."""
    return hashlib.sha256(raw).hexdigest()


def short_fingerprint(full: str) -> str:
    """``3F2A 91C0 77DE 0B41 5C2E 9A10``: the first 24 hex digits, grouped by four, to read aloud."""
    head = full[:SHORT_DIGITS].upper()
    return " ".join(head[i:i + 4] for i in range(0, len(head), 4))


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def generate_key(out: Path) -> tuple[Path, str]:
    """Write a new key pair to ``out`` (0600) and ``out.pub``; returns (public file, fingerprint).

    Never overwrites: an existing file of either name is an error.
    """
    pub = out.with_name(out.name + ".pub")
    for path in (out, pub):
        if path.exists():
            raise KeyFileError(f"{path}：文件已存在，不会覆盖")
    if not out.parent.is_dir():
        raise KeyFileError(f"{out.parent}：目录不存在")
    key = Ed25519PrivateKey.generate()
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(private_pem)
        pub.write_bytes(public_pem)
    except OSError as exc:
        raise KeyFileError(f"{out}：无法写入（{exc.strerror}）") from None
    return pub, fingerprint(raw_public(key.public_key()))


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"{path}：无法读取私钥（{exc.strerror}）") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise KeyFileError(f"{path}：不是可用的私钥文件（应为 qingdan pack keygen 生成的 PEM 文件）") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"{path}：不是 Ed25519 私钥")
    return key


def load_public_key(path: Path) -> bytes:
    """The raw 32 bytes of the Ed25519 public key in a PEM file (``KEY.pub``)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise KeyFileError(f"{path}：无法读取公钥（{exc.strerror}）") from None
    if b"PRIVATE KEY" in data:
        raise KeyFileError(f"{path}：这是私钥文件；请给出公钥文件（.pub），私钥不要离开发布单位")
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise KeyFileError(f"{path}：不是可用的公钥文件（应为 qingdan pack keygen 生成的 .pub 文件）") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"{path}：不是 Ed25519 公钥")
    return raw_public(key)


def verify_signature(raw: bytes, signature: bytes, data: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(raw).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class TrustedKey:
    fingerprint: str  # full hex
    name: str  # who the administrator says it belongs to
    public_key: str  # base64 of the raw 32 bytes
    added_at: str

    @property
    def short(self) -> str:
        return short_fingerprint(self.fingerprint)

    def raw(self) -> bytes:
        return base64.b64decode(self.public_key)


class TrustStore:
    """``<data dir>/trusted-keys.json``: the keys whose packs are accepted here."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / TRUST_FILE

    def keys(self) -> list[TrustedKey]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise KeyFileError(f"{self.path}：无法读取（{exc.strerror}）") from None
        try:
            data = json.loads(text)
            if data.get("format") != TRUST_FORMAT:
                raise ValueError("format")
            keys = [TrustedKey(**k) for k in data["keys"]]
            for k in keys:  # a hand-edited entry must still name its own key
                if fingerprint(k.raw()) != k.fingerprint:
                    raise ValueError(f"指纹与公钥不符：{k.short}")
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            raise KeyFileError(f"{self.path}：受信任公钥列表已损坏（{exc}）") from None
        return keys

    def find(self, full: str) -> TrustedKey | None:
        return next((k for k in self.keys() if k.fingerprint == full), None)

    def add(self, raw: bytes, name: str) -> tuple[TrustedKey, bool]:
        """Trust a public key; returns (the entry, whether it was new)."""
        fp = fingerprint(raw)
        keys = self.keys()
        known = next((k for k in keys if k.fingerprint == fp), None)
        if known is not None:
            return known, False
        entry = TrustedKey(fp, name.strip(), base64.b64encode(raw).decode("ascii"),
                           dt.datetime.now().isoformat(timespec="seconds"))
        self._save([*keys, entry])
        return entry, True

    def remove(self, prefix: str) -> TrustedKey:
        """Stop trusting the key whose fingerprint starts with ``prefix`` (spaces ignored)."""
        wanted = prefix.replace(" ", "").lower()
        keys = self.keys()
        matches = [k for k in keys if wanted and k.fingerprint.startswith(wanted)]
        if len(matches) != 1:
            raise KeyFileError(f"没有唯一匹配指纹“{prefix}”的受信任公钥" if not matches
                            else f"指纹“{prefix}”匹配多个公钥，请多给几位")
        self._save([k for k in keys if k is not matches[0]])
        return matches[0]

    def _save(self, keys: list[TrustedKey]) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"format": TRUST_FORMAT, "keys": [asdict(k) for k in keys]}, fh, ensure_ascii=False,
                          indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except OSError as exc:
            raise KeyFileError(f"{self.path}：无法写入（{exc.strerror}）") from None
