"""argparse in Chinese: its own words ("usage:", "positional arguments", "show this help message and
exit", its error messages) are translated, and a usage error is one line on stderr with exit code 2."""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

_WORDS = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "最多只能有一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是：%(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "ignored explicit argument %r": "忽略了多余的参数值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "can't open '%(filename)s': %(error)s": "无法打开“%(filename)s”：%(error)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令 %(parser_name)r（可选：%(choices)s）",
}
_TYPE_NAMES = {"int": "整数", "float": "数字", "Path": "路径"}


def _gettext(message: str) -> str:
    return _WORDS.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return "需要 %s 个值"
    return _gettext(singular if n == 1 else plural)


def install() -> None:
    """Translate argparse's own messages (it looks its ``_`` and ``ngettext`` up at call time)."""
    argparse._ = _gettext  # type: ignore[attr-defined]
    argparse.ngettext = _ngettext  # type: ignore[attr-defined]


class ChineseParser(argparse.ArgumentParser):
    """An argument parser whose help and errors are Chinese; a usage error is one line (exit 2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        for english, chinese in _TYPE_NAMES.items():
            message = message.replace(f"无效的{english}值", f"无效的{chinese}值")
        sys.stderr.write(f"错误：{message}（用 {self.prog} --help 查看用法）\n")
        sys.exit(2)
