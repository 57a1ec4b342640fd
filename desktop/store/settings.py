"""Typed access to the ``settings`` table: every key the app stores, its allowed values and default.

A stored value the app cannot use (a ``mode`` of "bogus", a retention period of "abc", a clerk
name longer than a case may carry) must never stop the app: :func:`get` returns the default for it,
and :func:`sanitize` (run once at start-up by desktop/context.py) replaces each such value with the
default and returns one Chinese notice per replacement for the user.

The GUI reads ``mode``, ``font_size``, ``pdf_mask``, ``pdf_large`` and ``retention_days`` through
:func:`get` (or after :func:`sanitize`, the raw value is already valid).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from desktop.core.limits import check_text
from desktop.store.repository import Repository


class Setting(NamedTuple):  # a NamedTuple: defined at every start, where a frozen dataclass costs ~0.6 ms
    key: str
    label: str
    default: str
    choices: dict[str, str] | None = None  # value -> label shown to the user
    integer: tuple[int, int] | None = None  # inclusive range
    text: str = "setting"  # the limits.TEXT_LIMITS field free text must fit
    check: Callable[[str], bool] | None = None  # a value of its own form

    def valid(self, value: str) -> bool:
        if self.check is not None:
            return self.check(value)
        if self.choices is not None:
            return value in self.choices
        if self.integer is not None:
            low, high = self.integer
            return value.isascii() and value.isdigit() and low <= int(value) <= high
        return check_text(value, self.text) is None

    def shown(self, value: str) -> str:
        if self.check is not None:  # never echo a value of its own form (a passphrase hash) in a notice
            return "（空）" if not value else "（已隐去）"
        return (self.choices or {}).get(value, value) or "（空）"


def _is_hash(value: str) -> bool:
    from desktop.core.passphrase import is_hash  # its hashing modules only when a passphrase is stored

    return is_hash(value)


_BOOL = {"0": "否", "1": "是"}
SETTINGS: dict[str, Setting] = {s.key: s for s in (
    Setting("mode", "使用方式", "clerk", {"clerk": "窗口办理", "self": "企业自查"}),
    Setting("font_size", "字号", "normal", {"normal": "标准字号", "large": "大字号"}),
    Setting("pdf_mask", "打印时隐去证件号码和电话", "0", _BOOL),
    Setting("pdf_large", "大字版", "0", _BOOL),
    Setting("retention_days", "保留期限（天）", "365", integer=(30, 36500)),
    Setting("clerk_name", "经办人", "", text="clerk"),
    Setting("office", "受理窗口", "", text="office"),
    Setting("last_export_dir", "上次导出的文件夹", ""),
    Setting("last_pdf_dir", "上次保存 PDF 的文件夹", ""),
    # the administrator's passphrase as a scrypt hash (desktop/core/passphrase.py); anything else — a passphrase
    # typed into the database in clear, say — is removed, and the next use of the administrator mode sets one
    Setting("admin_passphrase", "管理员口令", "", check=_is_hash),
)}


def get(repo: Repository, key: str) -> str:
    """The stored value of a known setting, or its default when unset or unusable."""
    spec = SETTINGS[key]
    value = repo.setting(key, "")
    return value if value and spec.valid(value) else spec.default


def sanitize(repo: Repository) -> list[str]:
    """Replace every stored value the app cannot use with its default; one notice per replacement.

    Unset settings are left unset (the first start asks for the mode).
    """
    notices: list[str] = []
    for spec in SETTINGS.values():
        value = repo.setting(spec.key, "")
        if not value or spec.valid(value):
            continue
        repo.set_setting(spec.key, spec.default)
        shown = " ".join(value.split())[:30] if spec.check is None else spec.shown(value)
        notices.append(f"设置“{spec.label}”的值“{shown}”无效，已改用默认值“{spec.shown(spec.default)}”。")
    return notices
