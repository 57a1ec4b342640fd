"""Make the bundled fallback fonts of the PDFs (resources/fonts/fallback/) from Debian's fonts-hanazono.

Usage (a tool, not part of the app; needs ``pip install fonttools`` and the two files of Debian's
``fonts-hanazono`` 20170904, e.g. ``apt-get download fonts-hanazono && dpkg-deb -x fonts-hanazono_*.deb x``):
  .venv/bin/python tools/fallback_fonts.py HanaMinA.ttf HanaMinB.ttf [OUT_DIR]

The main font (WenQuanYi Micro Hei) covers the common characters (CJK Unified Ideographs up to
U+9FC3) but neither CJK Extension A nor B–F, which real names use (张𠀀𪚥, 刘䶮).  Hanazono Mincho
(花園明朝, GlyphWiki project) has TrueType outlines, which reportlab embeds, under a free licence
(the Hanazono Font License, or SIL OFL 1.1 — dual):

* ``HanaMinB.ttf`` is copied unchanged: CJK Extensions B, C, D, E and F (60 418 characters, ~31 MB);
  a subset would drop characters a name could use.
* ``HanaMinA-extra.ttf`` is HanaMinA cut down to the CJK characters the main font lacks: Extension A,
  the compatibility ideographs and their supplement, radicals, strokes, the CJK characters after
  U+9FC3, enclosed and compatibility CJK forms.  Its Latin, symbols and emoji are left out (the main
  font has the former; emoji are printed as a substitute, see desktop/reports/glyphs.py).  Being a
  modified version, it is distributed under the Hanazono Font License, which allows modification
  without conditions, and its name says it is a subset.

Prints what it wrote with the size and the number of characters of each file.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "resources" / "fonts" / "wqy-microhei.ttc"
CJK_BLOCKS = (
    (0x2E80, 0x2FDF),  # CJK radicals supplement, Kangxi radicals
    (0x2FF0, 0x2FFF),  # ideographic description characters
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3190, 0x31FF),  # kanbun, bopomofo extended, CJK strokes
    (0x3200, 0x33FF),  # enclosed CJK letters, CJK compatibility
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs (the ones after U+9FC3)
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0x2F800, 0x2FA1F),  # compatibility ideographs supplement
)
SUBSET_NAME = "HanaMinA Extra (qingdan subset)"


def wanted(a: TTFont, main: set[int]) -> list[int]:
    return sorted(c for c in a.getBestCmap() if c not in main and any(lo <= c <= hi for lo, hi in CJK_BLOCKS))


def make_subset(src: Path, out: Path, codepoints: list[int]) -> None:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(str(src))
    sub = subset.Subsetter(options)
    sub.populate(unicodes=codepoints)
    sub.subset(font)
    names = font["name"]
    for record in names.names:
        if record.nameID in (1, 4, 16):
            record.string = SUBSET_NAME
        elif record.nameID == 6:
            record.string = "HanaMinA-Extra-qingdan"
    font.save(str(out))


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__)
        return 2
    hana_a, hana_b = Path(argv[1]), Path(argv[2])
    out_dir = Path(argv[3]) if len(argv) > 3 else ROOT / "resources" / "fonts" / "fallback"
    out_dir.mkdir(parents=True, exist_ok=True)
    main_cmap = set(TTCollection(str(MAIN)).fonts[0].getBestCmap())
    codepoints = wanted(TTFont(str(hana_a)), main_cmap)
    make_subset(hana_a, out_dir / "HanaMinA-extra.ttf", codepoints)
    shutil.copyfile(hana_b, out_dir / "HanaMinB.ttf")
    for path in sorted(out_dir.glob("*.ttf")):
        count = len(TTFont(str(path)).getBestCmap())
        print(f"{path}: {path.stat().st_size / 1e6:.1f} MB, {count} characters")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
