"""``draft rollup``'s click declaration."""
from __future__ import annotations

from pathlib import Path

import click

from ..options import Options, Session
from .app import _CONTEXT, _HELP, _OVERWRITE, _TEMPLATE_DIR, _echo_all, cli


@cli.command("rollup", context_settings=_CONTEXT)
@click.argument("forms", nargs=-1, required=True, metavar="单位表单.yaml|文件夹|通配符|报告.docx...")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, metavar="汇总.yaml",
              help="写出的汇总表单（已存在时不覆盖，除非加 --overwrite）。")
@click.option("--template", default=None, metavar="模板名", help="汇总表单用的模板（默认与各单位相同，否则 工作总结）。")
@click.option("--title", default=None, metavar="标题", help="汇总表单的标题（默认由模板按落款和期间拟定）。")
@click.option("--unit", default=None, metavar="落款", help="汇总单位（默认取各单位表单的“主送”）。")
@click.option("--date", default=None, metavar="2023-07-10", help="成文日期（默认取各单位最晚的日期）。")
@click.option("--order", default=None, metavar="指标名", help="各单位按这个指标从大到小排列（默认按命令行的顺序）。")
@_OVERWRITE
@_TEMPLATE_DIR
@_HELP
def rollup_command(forms: tuple[str, ...], output: Path, template: str | None, title: str | None, unit: str | None,
                   date: str | None, order: str | None, overwrite: bool, template_dirs: tuple[Path, ...]) -> None:
    """把各乡镇、各部门的表单汇总成一份表单：指标精确相加并注明来源，各单位的工作按标题归并，附各单位指标表。

    \b
    示例：draft rollup examples/rollup/*.yaml -o 全县汇总.yaml
    然后删改汇总表单，再 draft check、draft build。
    """
    from ..commands.rollup import rollup

    rolled = rollup(list(forms), output, Session(Options(overwrite=overwrite, template_dirs=template_dirs)),
                    template, title, unit, date, order)
    _echo_all(rolled.warnings)
    click.echo(f"已汇总 {rolled.units} 个单位的表单：{rolled.target}"
               f"（指标 {rolled.figures} 个）")
    click.echo(f"下一步：删改汇总表单里的条目，再运行 draft check {rolled.target}")
