"""Cut a document's lines out of a seed text into a source file under resources/sources/.

Usage:
  python tools/make_source.py --seed ../shared/seeds/000_….txt --lines 352-700 [--lines 710-720] \
      --id jzbf-2021-17 --title … --wenhao … --issuer … --date 2021-04-07 --level 吉林省 --region 吉林省 \
      [--validity …] [--valid-from …] [--valid-to …] [--note …] > resources/sources/jzbf-2021-17.toml

The excerpt text is copied verbatim (line breaks, blank lines and page markers included): the
citation check normalises them away, and the bundled-text test proves each excerpt is in its seed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def block(text: str) -> str:
    if "'''" in text:
        raise SystemExit("excerpt contains ''' — cannot write it as a TOML literal string")
    return "'''\n" + text + "'''"


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--seed", required=True, type=Path)
    p.add_argument("--lines", required=True, action="append", help="START-END, 1-based, inclusive")
    for key in ("id", "title", "issuer", "date", "level", "region"):
        p.add_argument(f"--{key}", required=True)
    for key in ("wenhao", "validity", "valid-from", "valid-to", "note"):
        p.add_argument(f"--{key}", default="")
    a = p.parse_args()
    lines = a.seed.read_text(encoding="utf-8").splitlines()
    out = [f"id = {toml_str(a.id)}", f"title = {toml_str(a.title)}", f"wenhao = {toml_str(a.wenhao)}",
           f"issuer = {toml_str(a.issuer)}", f"date = {a.date}", f"level = {toml_str(a.level)}",
           f"region = {toml_str(a.region)}", f"validity = {toml_str(a.validity)}"]
    if a.valid_from:
        out.append(f"valid_from = {a.valid_from}")
    if a.valid_to:
        out.append(f"valid_to = {a.valid_to}")
    starts = [int(r.split("-")[0]) for r in a.lines]
    ends = [int(r.split("-")[1]) for r in a.lines]
    out += [f"seed = {toml_str(a.seed.name)}", f"lines = {toml_str(f'{min(starts)}-{max(ends)}')}"]
    if a.note:
        out.append(f"note = {toml_str(a.note)}")
    for start, end in zip(starts, ends, strict=True):
        text = "\n".join(lines[start - 1 : end]) + "\n"
        out += ["", "[[excerpts]]", f"lines = {toml_str(f'{start}-{end}')}", f"text = {block(text)}"]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
