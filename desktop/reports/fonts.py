"""The one TrueType CJK font every PDF embeds: where it is looked for and its registration.

Search order (the first usable file wins):

1. the ``QINGDAN_PDF_FONT`` environment variable — a ``.ttf``/``.ttc`` path; when it is set and
   unusable that is an error (an explicit choice is never silently replaced);
2. bundled: ``resources/fonts/*.ttf`` / ``*.ttc`` (the app ships WenQuanYi Micro Hei, Apache-2.0);
3. system fonts — Windows: ``C:/Windows/Fonts/msyh.ttc, msyhbd.ttc, simsun.ttc, simhei.ttf``;
   Linux: ``wqy-microhei.ttc, wqy-zenhei.ttc`` and AR PL ``uming.ttc``/``ukai.ttc`` under
   ``/usr/share/fonts``; macOS: ``/Library/Fonts/Arial Unicode.ttf`` and the Supplemental copy.

Only TrueType outlines are accepted: reportlab embeds (subsets) them.  Noto/Source Han CJK are CFF and
are rejected by reportlab; the built-in ``STSong-Light`` is never used because it is not embedded
(invisible or tofu on a machine without CJK fonts — DESIGN §6).  With no usable font,
:class:`FontNotFound` says in Chinese where it looked.  A ``.ttc`` collection uses its first face.

Behind the main font stand the **fallback fonts**, ``resources/fonts/fallback/*.ttf`` in name order
(the app ships a subset of Hanazono Mincho A for CJK Extension A and Hanazono Mincho B for Extensions
B–F; licence in that folder): a character the main font lacks is set in the first fallback font that
has it (:mod:`desktop.reports.glyphs` splits the text into runs).  They are loaded only when a text
needs them — most documents never do.

reportlab writes the ToUnicode map of a character beyond U+FFFF as five or six hex digits, which PDF
readers reject (text extraction and copying lose the character); :func:`_to_unicode_cmap` rewrites
those entries as UTF-16 surrogate pairs, as the PDF format asks.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from desktop import paths
from desktop.core.errors import UserError

ENV_VAR = "QINGDAN_PDF_FONT"
WINDOWS_FONTS = ("msyh.ttc", "msyhbd.ttc", "simsun.ttc", "simhei.ttf")
LINUX_FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts")
LINUX_FONTS = ("wqy-microhei.ttc", "wqy-zenhei.ttc", "uming.ttc", "ukai.ttc")
MAC_FONTS = ("/Library/Fonts/Arial Unicode.ttf", "/System/Library/Fonts/Supplemental/Arial Unicode.ttf")


class FontNotFound(UserError, RuntimeError):
    """No usable TrueType CJK font; the message lists where the search looked."""


@dataclass(frozen=True)
class PdfFont:
    """A registered font: the reportlab font name and the file it came from."""

    name: str
    path: Path


def _windows_dir(env: Mapping[str, str]) -> Path:
    return Path(env.get("WINDIR") or env.get("SystemRoot") or "C:/Windows") / "Fonts"


def _find_under(roots: tuple[str, ...], names: tuple[str, ...]) -> list[Path]:
    """Files with one of ``names`` anywhere under ``roots``, in the order of ``names``."""
    found: dict[str, list[Path]] = {n: [] for n in names}
    for root in roots:
        if not os.path.isdir(root):
            continue
        for dirpath, _dirs, files in os.walk(root):
            for f in files:
                if f in found:
                    found[f].append(Path(dirpath) / f)
    return [p for n in names for p in sorted(found[n])]


def bundled_fonts() -> list[Path]:
    folder = paths.resource_path("fonts")
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in (".ttf", ".ttc"))


def system_fonts(platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> list[Path]:
    if platform.startswith("win"):
        return [_windows_dir(env) / n for n in WINDOWS_FONTS]
    if platform == "darwin":
        return [Path(p) for p in MAC_FONTS]
    return _find_under(LINUX_FONT_DIRS, LINUX_FONTS)


def _searched(platform: str, env: Mapping[str, str]) -> str:
    if platform.startswith("win"):
        system = f"{_windows_dir(env)}（{'、'.join(WINDOWS_FONTS)}）"
    elif platform == "darwin":
        system = "、".join(MAC_FONTS)
    else:
        system = f"{'、'.join(LINUX_FONT_DIRS)} 下的 {'、'.join(LINUX_FONTS)}"
    return f"环境变量 {ENV_VAR}（未设置）；随附字体 {paths.resource_path('fonts')}（*.ttf、*.ttc）；系统字体 {system}"


def _load(path: Path) -> TTFont:
    # subfontIndex 0: the regular face of a collection (msyh.ttc, simsun.ttc, wqy-*.ttc)
    return TTFont(_font_name(path), str(path), subfontIndex=0)


def _font_name(path: Path) -> str:
    stem = "".join(ch for ch in path.stem if ch.isascii() and ch.isalnum())
    return f"QingdanCJK-{stem or 'font'}"


def find_font(platform: str = sys.platform, env: Mapping[str, str] = os.environ) -> tuple[Path, TTFont]:
    """The first usable font in the documented order, loaded; :class:`FontNotFound` when none."""
    chosen = env.get(ENV_VAR, "").strip()
    if chosen:
        path = Path(chosen).expanduser()
        if not path.is_file():
            raise FontNotFound(f"找不到 PDF 字体：环境变量 {ENV_VAR} 指向的文件不存在：{path}")
        try:
            return path, _load(path)
        except (TTFError, OSError, ValueError) as exc:
            raise FontNotFound(f"PDF 字体不可用：环境变量 {ENV_VAR} 指向的 {path} 不是可嵌入的 TrueType 字体"
                               f"（{exc}）") from None
    rejected: list[str] = []
    for path in [*bundled_fonts(), *system_fonts(platform, env)]:
        if not path.is_file():
            continue
        try:
            return path, _load(path)
        except (TTFError, OSError, ValueError):
            rejected.append(path.name)  # e.g. CFF outlines: try the next candidate
    extra = f"；不可用（非 TrueType 轮廓）：{'、'.join(rejected)}" if rejected else ""
    raise FontNotFound(f"找不到可嵌入的 TrueType 中文字体，无法生成 PDF。已查找：{_searched(platform, env)}{extra}。"
                       f"请安装文泉驿微米黑（fonts-wqy-microhei）或设置 {ENV_VAR}=字体文件路径")


_registered: dict[str, PdfFont] = {}


def _register(ttf: TTFont) -> None:
    if ttf.fontName not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(ttf)
    # bold and italic map to the same face: the bundled families have no bold; headings use size
    pdfmetrics.registerFontFamily(ttf.fontName, normal=ttf.fontName, bold=ttf.fontName,
                                  italic=ttf.fontName, boldItalic=ttf.fontName)


def pdf_font() -> PdfFont:
    """Find and register the CJK font once per process (per ``QINGDAN_PDF_FONT`` value)."""
    key = os.environ.get(ENV_VAR, "")
    font = _registered.get(key)
    if font is None:
        path, ttf = find_font()
        _register(ttf)
        font = _registered[key] = PdfFont(ttf.fontName, path)
    return font


@dataclass(frozen=True)
class FallbackFont:
    """A registered fallback font and the characters it has."""

    name: str
    path: Path
    chars: frozenset[str]


def fallback_dir() -> Path:
    return paths.resource_path("fonts", "fallback")


_fallbacks: dict[Path, tuple[FallbackFont, ...]] = {}


def fallback_fonts() -> tuple[FallbackFont, ...]:
    """The fallback fonts, loaded and registered once per process; an unusable file is skipped (the
    characters only it has are then reported as unprintable, never printed wrong)."""
    folder = fallback_dir()
    found = _fallbacks.get(folder)
    if found is None:
        out = []
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".ttf") if folder.is_dir() else []
        for path in files:
            try:
                ttf = TTFont(f"QingdanFallback-{_font_name(path).removeprefix('QingdanCJK-')}", str(path))
            except (TTFError, OSError, ValueError):
                continue
            _register(ttf)
            out.append(FallbackFont(ttf.fontName, path, chars_of(ttf.fontName)))
        found = _fallbacks[folder] = tuple(out)
    return found


_chars: dict[str, frozenset[str]] = {}


def chars_of(font_name: str) -> frozenset[str]:
    """The characters a registered TrueType font has a glyph for (its cmap)."""
    chars = _chars.get(font_name)
    if chars is None:
        face = pdfmetrics.getFont(font_name).face
        chars = _chars[font_name] = frozenset(map(chr, face.charToGlyph))
    return chars


_BEYOND_BMP = re.compile(r"^<([0-9A-F]{2})> <([0-9A-F]{5,6})>$", re.MULTILINE)


def _surrogates(match: re.Match[str]) -> str:
    code = int(match.group(2), 16) - 0x10000
    return f"<{match.group(1)}> <{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}>"


_reportlab_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap with characters beyond U+FFFF as UTF-16 surrogate pairs."""
    text: str = _reportlab_cmap(fontname, subset)
    return _BEYOND_BMP.sub(_surrogates, text) if any(v > 0xFFFF for v in subset) else text


ttfonts.makeToUnicodeCMap = _to_unicode_cmap
