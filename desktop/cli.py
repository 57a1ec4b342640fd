"""Command-line parsing and dispatch for the headless commands (DESIGN §4).

Everything the user sees is Chinese, argparse's own words included (:mod:`desktop.commands.zh`).  A
:class:`~desktop.core.errors.UserError` (bad input, a missing file, an unknown id) is one line on stderr
and a non-zero exit; anything else is a bug: one line, and the traceback goes to the log.  Output piped
into a program that stops reading (``| head``) ends quietly.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from desktop import __version__
from desktop.core.errors import UserError

if TYPE_CHECKING:
    import argparse


def build_parser() -> argparse.ArgumentParser:
    from desktop.commands import zh

    zh.install()
    parser = zh.ChineseParser(prog="qingdan", description="营商办事清单：开办企业、水电气报装、小微企业政策的办事清单和法律依据。"
                              "不带命令时启动图形界面。")
    parser.add_argument("--version", action="version", version=f"qingdan {__version__}", help="显示版本号并退出")
    parser.add_argument("--data-dir", metavar="目录", help="数据目录（也可用环境变量 QINGDAN_DATA_DIR）")
    parser.add_argument("--startup-check", action="store_true", help="启动界面、加载内容，首次绘制后退出并显示用时")
    sub = parser.add_subparsers(dest="command", title="命令", metavar="命令")
    for module in _command_modules():
        module.register(sub)
    return parser


def _command_modules() -> list[Any]:
    # imported here, not at module level: the GUI start needs none of them
    from desktop.commands import cases, content, eligibility, evaluate, guide, packs, pdf

    return [content, eligibility, evaluate, pdf, cases, packs, guide]


def _gui_options(argv: Sequence[str]) -> GuiOptions | None:
    """The GUI's own options when argv is nothing else: ``--data-dir 目录`` (or ``--data-dir=目录``) and
    ``--startup-check``, each at most once.  Anything else (a command, ``--help``, an abbreviation, a
    mistake) returns None and goes to the full parser, which starts the GUI too when it names no command.
    Read by hand: the start of the window does not pay for argparse (~5 ms with its message catalog lookup)."""
    options = GuiOptions()
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--startup-check" and not options.startup_check:
            options.startup_check = True
        elif arg == "--data-dir" and options.data_dir is None and args and not args[0].startswith("-"):
            options.data_dir = args.pop(0)
        elif arg.startswith("--data-dir=") and options.data_dir is None:
            options.data_dir = arg.removeprefix("--data-dir=")
        else:
            return None
    return options


class GuiOptions:
    """``--data-dir`` and ``--startup-check`` (a plain class: a dataclass costs ~0.5 ms to define at start)."""

    def __init__(self) -> None:
        self.data_dir: str | None = None
        self.startup_check = False


def run(argv: Sequence[str]) -> int | None:
    """Run a headless command; returns None when the GUI should start instead."""
    gui = _gui_options(argv)
    if gui is not None:
        if gui.data_dir:
            os.environ["QINGDAN_DATA_DIR"] = gui.data_dir
        return None
    try:
        return _run(argv)
    except BrokenPipeError:
        _quiet_stdout()
        return 0


def _run(argv: Sequence[str]) -> int | None:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or a one-line usage error already printed
        return int(exc.code or 0)
    if args.data_dir:
        os.environ["QINGDAN_DATA_DIR"] = args.data_dir
    if args.command is None:
        return None
    try:
        code = int(args.func(args))
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        raise
    except UserError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return int(getattr(exc, "code", exc.exit_code))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: one line for the user, the traceback to the log
        from desktop.store.errors import environment_message

        known = environment_message(exc)  # disk full, read-only, no permission: the machine, not a bug
        if known is not None:
            print(f"错误：{known}", file=sys.stderr)
            return 2
        from desktop.logs import log_exception

        where = log_exception(exc, context=f"qingdan {' '.join(argv)[:200]}")
        told = f"，详情已写入 {where}" if where else ""
        print(f"错误：程序内部错误（{type(exc).__name__}）{told}", file=sys.stderr)
        return 70


def _quiet_stdout() -> None:
    """After a broken pipe: point stdout at /dev/null so the interpreter's final flush is silent."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
