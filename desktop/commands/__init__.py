"""Headless command-line commands (DESIGN §4).  Each module adds its subcommands with ``register``.

A command function takes the parsed arguments and returns the exit code; bad input raises
:class:`CommandError`, which the dispatcher prints as one line (never a traceback).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from desktop.core.errors import UserError

if TYPE_CHECKING:
    from desktop.context import AppContext


class CommandError(UserError):
    """Bad input or a failed command: the message is printed as one line and the exit code is 2."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


@contextmanager
def open_context(holder: str = "命令行") -> Iterator[AppContext]:
    """The data dir's context (database, content, holiday data) for one command; start-up recovery and
    content notices are told on stderr, and the context is closed afterwards.  ``holder`` names the
    command to other processes while it holds the data dir (desktop/store/lock.py)."""
    from desktop.context import build_context

    ctx = build_context(holder=holder)
    try:
        if ctx.recovery is not None:
            print(f"提示：{ctx.recovery.message}", file=sys.stderr)
        for line in ctx.notices:
            print(f"提示：{line}", file=sys.stderr)
        blocking = [p for p in ctx.problems if p.blocking]  # as in the app: review findings do not count
        if blocking:
            print(f"警告：内容校验有 {len(blocking)} 个问题（运行 qingdan validate 查看）", file=sys.stderr)
        yield ctx
    finally:
        ctx.close()
