"""The administrator's passphrase, kept only as a scrypt hash (hashlib, the standard library: no new
dependency).

Stored form, one string: ``scrypt$<n>$<r>$<p>$<salt, base64>$<hash, base64>`` — the parameters travel with
the hash, so they can be raised later without locking anyone out.  A fresh 16-byte salt per passphrase;
n = 2**15, r = 8, p = 1 (32 MiB, about 0.1 s on the reference machine — slow enough to make guessing
expensive, fast enough for a dialog).  Verification compares in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

SCHEME = "scrypt"
N, R, P = 2**15, 8, 1
DKLEN = 32
MIN_LENGTH = 6
MAX_LENGTH = 200


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=DKLEN,
                          maxmem=256 * 1024 * 1024)


def hash_passphrase(passphrase: str) -> str:
    """The stored form of a new passphrase (see the module docstring)."""
    salt = secrets.token_bytes(16)
    digest = _derive(passphrase, salt, N, R, P)
    return "$".join((SCHEME, str(N), str(R), str(P), base64.b64encode(salt).decode(),
                     base64.b64encode(digest).decode()))


def verify_passphrase(passphrase: str, stored: str) -> bool:
    """Whether ``passphrase`` matches the stored form; False for a stored value that is not one."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != SCHEME or not (2 <= int(n) <= 2**20 and 1 <= int(r) <= 32 and 1 <= int(p) <= 16):
            return False
        expected = base64.b64decode(digest, validate=True)
        actual = _derive(passphrase, base64.b64decode(salt, validate=True), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def passphrase_problem(passphrase: str) -> str | None:
    """What makes a new passphrase unacceptable, or None."""
    if len(passphrase) < MIN_LENGTH:
        return f"口令至少 {MIN_LENGTH} 个字符"
    if len(passphrase) > MAX_LENGTH:
        return f"口令最多 {MAX_LENGTH} 个字符"
    if passphrase != passphrase.strip():
        return "口令首尾不能是空格"
    return None


def is_hash(stored: str) -> bool:
    """Whether a stored setting looks like a passphrase hash (not, say, a passphrase kept in clear)."""
    parts = stored.split("$")
    return len(parts) == 6 and parts[0] == SCHEME
