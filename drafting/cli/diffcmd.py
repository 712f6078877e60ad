"""``draft diff``'s click declaration."""
from __future__ import annotations

from pathlib import Path

import click

from ..options import Options, Session
from .app import _CONTEXT, _HELP, _OVERWRITE, _ROOT, _TEMPLATE_DIR, _render, cli


@cli.command("diff", context_settings=_CONTEXT)
@click.argument("versions", nargs=-1, required=True, metavar="旧版 新版")
@click.option("-o", "--output", default=None, metavar="对照稿.docx",
              help="写到这个文件（已存在时不覆盖，除非加 --overwrite）；默认写在新版旁边，名为“新版名（对照稿）.docx”，--previous 时为“新版名（与上期对照）.docx”。"
                   "--format txt 时默认输出到屏幕。")
@click.option("-f", "--format", "fmt", type=click.Choice(["docx", "txt"]), default=None,
              help="docx（默认）：Word 文稿，改动是修订；txt：纯文本，删去的字写成【删：…】，新增的写成【增：…】。")
@click.option("--previous", is_flag=True, help="只给一个表单：与它“上期”字段指明的上一期表单对照。")
@click.option("--author", default="draft diff", metavar="作者", help="修订的作者（Word 修订窗格里显示的名字），默认“draft diff”。")
@click.option("--date", default=None, metavar="2024-07-10T09:30", help="修订的时间（ISO 8601，默认现在）。")
@click.option("--force", is_flag=True, help="表单检查出错误时也生成它再对照（未填的指标印成“【待填】”）。")
@_OVERWRITE
@_ROOT
@_TEMPLATE_DIR
@_HELP
def diff_command(versions: tuple[str, ...], output: str | None, fmt: str | None, previous: bool, author: str,
                 date: str | None, force: bool, overwrite: bool, root: Path | None,
                 template_dirs: tuple[Path, ...]) -> None:
    """对照两个版本：以新版为底稿，把与旧版相比的改动写成 Word 修订（接受全部修订得新版，拒绝全部得旧版）。

    \b
    旧版、新版可以是表单（.yaml，先照 draft build 生成）或 Word 文稿（.docx）。
    示例：
      draft diff 2023Q1.yaml 2023Q2.yaml -o 对照稿.docx
      draft diff 2023Q2.yaml --previous            与表单“上期”指明的表单对照
      draft diff 2023Q2.yaml 领导改过的.docx        送出的稿与改回来的稿
      draft diff 旧.docx 新.docx --format txt       在屏幕上看【删：…】【增：…】
    退出码：0 成功（两版文字相同时不写文件）；1 文件或表单有错误；2 用法错误；3 内部错误。
    """
    from ..commands.diff import diff, diff_request

    request = diff_request(tuple(Path(version) for version in versions), previous, output, fmt, author, date)
    session = Session(Options(force=force, overwrite=overwrite, root=root, template_dirs=template_dirs))
    _render(diff(request, session))
