"""Headless command-line commands (DESIGN §4).  Each module adds its subcommands with ``register``.

A command function takes the parsed arguments and returns the exit code; bad input raises
:class:`CommandError`, which the dispatcher prints as one line (never a traceback).
"""

from __future__ import annotations

import json
import sys
from typing import Any


class CommandError(Exception):
    """Bad input or a failed command: the message is printed as one line and the exit code is 2."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
