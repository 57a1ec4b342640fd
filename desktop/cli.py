"""Command-line parsing and dispatch for the headless commands (DESIGN §4)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from desktop import __version__
from desktop.commands import CommandError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qingdan", description="营商办事清单")
    parser.add_argument("--version", action="version", version=f"qingdan {__version__}")
    parser.add_argument("--data-dir", help="数据目录（也可用环境变量 QINGDAN_DATA_DIR）")
    parser.add_argument("--startup-check", action="store_true", help="启动界面、加载内容，首次绘制后退出")
    sub = parser.add_subparsers(dest="command")
    for module in _command_modules():
        module.register(sub)
    return parser


def _command_modules() -> list[Any]:
    # imported here, not at module level: the GUI start needs none of them
    from desktop.commands import cases, content, eligibility, pdf

    return [content, eligibility, pdf, cases]


def _gui_options(argv: Sequence[str]) -> argparse.Namespace | None:
    """The GUI's own options when argv names no command (so the GUI start imports no command module)."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--data-dir")
    pre.add_argument("--startup-check", action="store_true")
    try:
        args, rest = pre.parse_known_args(argv)
    except SystemExit:
        return None
    return None if rest else args


def run(argv: Sequence[str]) -> int | None:
    """Run a headless command; returns None when the GUI should start instead."""
    gui = _gui_options(argv)
    if gui is not None:
        if gui.data_dir:
            os.environ["QINGDAN_DATA_DIR"] = gui.data_dir
        return None
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed a one-line usage error
        return int(exc.code or 0)
    if args.data_dir:
        os.environ["QINGDAN_DATA_DIR"] = args.data_dir
    if args.command is None:
        return None
    try:
        return int(args.func(args))
    except CommandError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: one line for the user, the traceback to the log
        log_crash(exc)
        print(f"错误：内部错误（{type(exc).__name__}: {exc}），详情已写入日志", file=sys.stderr)
        return 70


def log_crash(exc: BaseException) -> None:
    """Append the traceback to <data dir>/qingdan.log; never raises."""
    import traceback

    try:
        from desktop import paths

        with (paths.data_dir() / "qingdan.log").open("a", encoding="utf-8") as fh:
            fh.write("".join(traceback.format_exception(exc)))
    except Exception:
        pass
