"""Entry point: ``main(argv)`` dispatches headless commands, else starts the GUI."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from desktop import cli


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    code = cli.run(args)
    if code is not None:
        return code
    print("GUI not yet wired", file=sys.stderr)
    return 1
