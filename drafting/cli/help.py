"""Click in Chinese, for drafting's own commands only: help headings, usage lines and usage errors."""
from __future__ import annotations

import re

import click

_SECTIONS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}


class ChineseHelpFormatter(click.HelpFormatter):
    """Click's help layout with Chinese headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args.replace("[OPTIONS]", "[选项]").replace("COMMAND", "命令")
                            .replace("[ARGS]...", "[参数]..."), prefix="用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_SECTIONS.get(heading, heading)}：\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:  # type: ignore[no-untyped-def]
        """Option rows with click's English extras in Chinese: [required] → [必填], [0<=x<=65535] → [0–65535]."""
        def chinese(text: str) -> str:
            text = text.replace("[required]", "[必填]")
            return re.sub(r"\[(\d+)<=x<=(\d+)\]", r"[\1–\2]", text)

        super().write_dl([(first, chinese(second)) for first, second in rows], col_max, col_spacing)


class ChineseContext(click.Context):
    """A context whose help is formatted in Chinese (set per command: other click programs are untouched)."""

    formatter_class = ChineseHelpFormatter


class Command(click.Command):
    """A drafting command: Chinese help."""

    context_class = ChineseContext


class Group(click.Group):
    """The ``draft`` group: Chinese help for itself and every command it holds."""

    context_class = ChineseContext
    command_class = Command


# Click's English usage errors and their Chinese: compiled on the first usage error, not at every start.
_USAGE_RULES = [
    (r"^No such option:? '?([^' ]+?)'?\.?$", "没有这个选项：{0}"),
    (r"^No such command:? '?([^' ]+?)'?\.?$", "没有这个命令：{0}"),
    (r"^Missing argument:? '?([^']+?)'?\.?$", "缺少参数：'{0}'"),
    (r"^Missing option:? '([^']+)' / '([^']+)'\.?$", "缺少选项：{0}（{1}）"),
    (r"^Missing option:? '?([^']+?)'?\.?$", "缺少选项：'{0}'"),
    (r"^Got unexpected extra arguments? \((.*)\)$", "多了参数：{0}"),
    (r"^Option '?([^']+?)'? requires an argument\.?$", "选项 {0} 后面缺少值"),
    (r"^Option '?([^']+?)'? does not take a value\.?$", "选项 {0} 后面不能带值"),
    (r"^Invalid value for (.+?): '(.*)' is not one of (.*)\.$", "参数 {0} 的值“{1}”无效，可选：{2}"),
    (r"^Invalid value for (.+?): '?(.*?)'? is not a valid (?:integer|integer range|float)\.$",
     "参数 {0} 的值“{1}”不是整数"),
    (r"^Invalid value for (.+?): (.*?) is not in the range (.*)\.$", "参数 {0} 的值 {1} 超出了范围 {2}"),
    (r"^Invalid value for (.+?): (?:File|Directory|Path) '(.*)' does not exist\.$", "参数 {0}：“{1}”不存在"),
    (r"^Invalid value for (.+?): File '(.*)' is a directory\.$", "参数 {0}：“{1}”是文件夹，这里要一个文件"),
    (r"^Invalid value for (.+?): Directory '(.*)' is a file\.$", "参数 {0}：“{1}”是文件，这里要一个文件夹"),
    (r"^Invalid value for (.+?): (?:File|Directory|Path) '(.*)' is not (?:readable|writable)\.$",
     "参数 {0}：“{1}”没有权限"),
    (r"^Invalid value for (.+?): .*$", "参数 {0} 的值无效"),
]
_SUGGESTION = r"\s*\(?(?:Possible options: (.*?)|Did you mean(?: one of:)? (.*?)\?)\)?\s*$"


def usage_message(exc: click.UsageError) -> str:
    """Click's English usage error, in Chinese where the wording is known."""
    text = exc.format_message().strip()
    suggestion = ""
    match = re.search(_SUGGESTION, text)
    if match:
        text = text[: match.start()].strip()
        names = [n.strip().strip("'\"") for n in (match.group(1) or match.group(2)).split(",")]
        shown = names[0] if len(names) == 1 else "、".join(names[:-1]) + " 或 " + names[-1]
        suggestion = f"，您是否想写 {shown}？"
    for pattern, chinese in _USAGE_RULES:
        found = re.match(pattern, text)
        if found:
            return chinese.format(*(g.replace("[", "").replace("]", "") for g in found.groups())) + suggestion
    if re.search("[\u4e00-\u9fff]", text):  # drafting's own usage errors are Chinese already
        return text + suggestion
    return "命令行的写法不对" + suggestion  # never click's English
