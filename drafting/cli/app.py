"""The ``draft`` command line: click declarations that call ``commands.*`` and print what they return."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import __version__
from ..chars import terminal_width
from ..commands.report import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE  # noqa: F401 (the documented codes)
from ..errors import ERROR, NOTICE, Location, Problem, UsageError
from ..options import Options, Session
from .help import Group
from .printing import counts, echo_problem

_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_HELP = click.help_option("-h", "--help", help="显示本帮助并退出。")


@click.group(cls=Group, context_settings=_CONTEXT, no_args_is_help=True,
             epilog="退出码：0 成功；1 表单、模板或输出有错误；2 命令行用法错误；3 内部错误。")
@click.version_option(__version__, "-V", "--version", prog_name="draft", message="%(prog)s %(version)s",
                      help="显示版本号并退出。")
@_HELP
def cli() -> None:
    """draft：把 YAML 表单变成符合 GB/T 9704-2012 的工作总结、汇报等 Word 文稿。

    \b
    示例：
      draft build examples/half-year-summary.yaml
      draft build 表单.yaml -o 输出/ --format txt
      draft check 表单.yaml
      draft new 工作总结 -o 2023年三季度.yaml
    """


_FIX_TEXT = click.option("--fix-text", is_flag=True,
                         help="删除表单里看不见的控制字符、零宽字符（多为复制粘贴带入），并列出删除了哪些。")
_TEMPLATE_DIR = click.option("-t", "--template-dir", "template_dirs", multiple=True, metavar="文件夹",
                             type=click.Path(path_type=Path, file_okay=False, exists=True),
                             help="另外查找模板的文件夹（可多次给出），优先于表单旁和当前目录的 templates/ 及内置模板。")
_OVERWRITE = click.option("--overwrite", is_flag=True, help="已有同名文件时覆盖它（不加时从不覆盖已有的文件）。")
_ROOT = click.option("--root", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None,
                     metavar="文件夹", help="表单引用的上期、去年同期、版式文件可以放在这个文件夹下的任何位置"
                                         "（默认只能在表单所在的文件夹及其下级文件夹里）。")


def _echo_all(problems, err: bool = True) -> None:  # type: ignore[no-untyped-def]
    for problem in problems:
        echo_problem(problem, err=err)


@cli.command("templates", context_settings=_CONTEXT)
@_TEMPLATE_DIR
@_HELP
def templates_command(template_dirs: tuple[Path, ...]) -> None:
    """列出可用的模板：名称、说明、来源（内置或所在文件夹）。"""
    from ..commands.templates import list_templates

    specs = list_templates(Session(Options(template_dirs=template_dirs)))
    width = max(terminal_width(spec.name) for spec in specs)
    for spec in specs:
        click.echo(f"{spec.name}{' ' * (width - terminal_width(spec.name))}  {spec.description}  〔{spec.origin}〕")


@cli.command("new", context_settings=_CONTEXT)
@click.argument("template", metavar="模板名")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="表单.yaml",
              help="写到这个文件（已存在时不覆盖，除非加 --overwrite）；不给则输出到屏幕。")
@_OVERWRITE
@_TEMPLATE_DIR
@_HELP
def new_command(template: str, output: Path | None, overwrite: bool, template_dirs: tuple[Path, ...]) -> None:
    """按模板生成一份带中文注释和示例的空白表单，照原样即可生成文稿。"""
    from ..commands.templates import new_form_text, write_new_form

    session = Session(Options(overwrite=overwrite, template_dirs=template_dirs))
    if output is None:
        click.echo(new_form_text(template, session), nl=False)
        return
    from ..commands.report import new_form_report

    _render(new_form_report(write_new_form(template, output, session)))


@cli.command("schema", context_settings=_CONTEXT)
@click.argument("template", metavar="模板名")
@_TEMPLATE_DIR
@_HELP
def schema_command(template: str, template_dirs: tuple[Path, ...]) -> None:
    """输出模板表单的 JSON Schema，供 VS Code 等编辑器补全和校验。"""
    from ..commands.templates import schema_text

    click.echo(schema_text(template, Session(Options(template_dirs=template_dirs))))


@cli.command("next", context_settings=_CONTEXT)
@click.argument("form", type=click.Path(path_type=Path, dir_okay=False), metavar="表单.yaml")
@click.option("-p", "--period", default=None, metavar="期间",
              help="新表单的期间，如 2023Q4 或 2023年第四季度；默认为下一期。")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="新表单.yaml",
              help="写到这个文件；默认写在原表单旁边，文件名里的期间换成新期间（2023年第三季度总结.yaml → 2023年第四季度总结.yaml），"
                   "名字里没有期间时接上新期间（汇报.yaml → 汇报-2024.yaml）。")
@click.option("--last-year", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              metavar="去年同期表单.yaml", help="去年同一期的表单，同比数从中按指标名称取。")
@_OVERWRITE
@_ROOT
@_TEMPLATE_DIR
@_HELP
def next_command(form: Path, period: str | None, output: Path | None, last_year: Path | None, overwrite: bool,
                 root: Path | None, template_dirs: tuple[Path, ...]) -> None:
    """由本期表单生成下一期表单：期间、日期、标题顺延，本期数字转为上期，文字保留待复核。"""
    from ..commands.next import next_form

    from ..commands.report import next_form_report

    target, new_period = next_form(form, period, output, last_year,
                                   Session(Options(overwrite=overwrite, template_dirs=template_dirs, root=root)))
    _render(next_form_report(target, new_period.full))


@cli.command("import", context_settings=_CONTEXT)
@click.argument("report", type=click.Path(path_type=Path, dir_okay=False), metavar="报告.docx|报告.txt")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="表单.yaml",
              help="写到这个文件；默认写在原文件旁边，同名换成 .yaml。")
@click.option("--encoding", default=None, metavar="编码", help="文本文件的编码（默认自动识别 UTF-8、GB18030/GBK）。")
@click.option("--figures", is_flag=True, help="把正文里带单位的数字提取为指标，文中改为引用（只在重建后文字不变时）。")
@click.option("--force", is_flag=True, help="即使不像一份报告也导入（全文作为普通段落）；与 --into 同用：修改稿由另一份表单生成也合并。")
@click.option("--into", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="表单.yaml",
              help="把领导改过的 .docx 合并回生成它的表单（原表单另存一份在旁边）。")
@click.option("--dry-run", is_flag=True, help="与 --into 同用：只列出改动，不写表单。")
@click.option("--reject-revisions", is_flag=True, help="与 --into 同用：未接受的修订按拒绝处理（取修订前的文字）。")
@_OVERWRITE
@_HELP
def import_command(report: Path, output: Path | None, encoding: str | None, figures: bool, force: bool,
                   into: Path | None, dry_run: bool, reject_revisions: bool, overwrite: bool) -> None:
    """把已有的报告（.docx 或 .txt）导入为表单，draft build 可原样重建；加 --into 则把修改稿合并回表单。"""
    from ..commands.importing import import_report

    if into is not None:
        from ..commands.merging import merge_edited

        if output is not None or figures or encoding is not None or overwrite:
            from ..errors import Location, Problem, UsageError

            raise UsageError(Problem(Location("命令行"), "-o、--figures、--encoding、--overwrite 不能与 --into 一起用",
                                     "--into 把修改稿合并进给出的表单（原表单另存一份）：draft import 修改稿.docx --into 表单.yaml",
                                     "M011"))

        _render(merge_edited(report, into, dry_run, reject_revisions, force, Session(Options())))
        return
    if dry_run or reject_revisions:
        from ..errors import Location, Problem, UsageError

        raise UsageError(Problem(Location("命令行"), "--dry-run 和 --reject-revisions 只能与 --into 一起用",
                                 "合并修改稿：draft import 修改稿.docx --into 表单.yaml --dry-run", "M011"))

    imported = import_report(report, output, encoding, figures, Session(Options(force=force, overwrite=overwrite)))
    _echo_all(imported.warnings)
    found = imported.heading_counts
    click.echo(f"已导入：{imported.target}（一级标题 {found[1]} 个、二级 {found[2]} 个、三级 {found[3]} 个、四级 {found[4]} 个"
               + (f"，提取指标 {imported.figures} 个" if imported.figures is not None else "") + "）")
    click.echo(f"下一步：运行 draft check {imported.target} 查看原文中的空白和占位符，再 draft build {imported.target}")


@cli.command("build", context_settings=_CONTEXT)
@click.argument("forms", nargs=-1, required=True, metavar="表单.yaml|文件夹|通配符...")
@click.option("-o", "--output", "output_text", default=None, metavar="路径",
              help="输出文件或文件夹（以 / 结尾表示文件夹；- 表示标准输出，只能用于一个表单）；默认写在表单旁边，"
                   "同名换扩展名。多个表单时是文件夹。")
@click.option("-f", "--format", "fmt", type=click.Choice(["docx", "txt"]), default=None,
              help="输出格式：docx（Word 文稿，默认）或 txt（纯文本，每段一行）；-o 给了文件名时由扩展名决定。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF（所有文稿只启动一次 LibreOffice）；"
                                        "版记单独成页时，这一页不编页码并落在偶数页。")
@click.option("--tighten", is_flag=True, help="与 --pdf 一起用：段落末行只有一两个字时，把这一段的字距收紧 0.3 磅收回上一行。")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, metavar="N",
              help="用 N 个进程并行生成（默认 1，单进程已足够快）。")
@click.option("--changed", is_flag=True, help="只重新生成表单、模板或引用的表单比文稿新的那些。")
@click.option("-q", "--quiet", is_flag=True, help="成功时不输出任何信息，也不列出警告（便于脚本调用）。")
@click.option("--force", is_flag=True, help="检查发现错误时仍然生成（草稿用；未填的指标印成“【待填】”）。")
@click.option("--follow-links", is_flag=True, help="输出文件是指向同一文件夹里某个文件的符号链接时，写到它指向的文件"
                                                 "（不加时拒绝写入符号链接）。")
@click.option("--replace-edited", is_flag=True, help="允许覆盖不是 draft 生成的 Word 文稿（您自己的文稿），或 draft 生成之后"
                                                    "文字被改过的文稿（领导改过的稿子，先用 draft import 文稿.docx --into "
                                                    "表单.yaml 并回表单）；不加时前者写到“名称（draft）.docx”（用 -o 点名时拒绝），"
                                                    "后者拒绝。")
@_FIX_TEXT
@_ROOT
@_TEMPLATE_DIR
@_HELP
def build_command(forms: tuple[str, ...], output_text: str | None, fmt: str | None, pdf: bool, tighten: bool,
                  jobs: int, changed: bool,
                  quiet: bool, force: bool, follow_links: bool, replace_edited: bool, fix_text: bool, root: Path | None,
                  template_dirs: tuple[Path, ...]) -> None:
    """按表单生成文稿（编号、字体、版式全部自动）；生成前先做 draft check 的检查。

    \b
    可以一次给多个表单、一个文件夹或通配符（如 乡镇/*.yaml），一个出错不影响其他。
    退出码：0 全部成功；1 有表单出错（或 PDF 没能生成）。
    """
    from .building import BuildArguments, BuildUsage, build_command as build

    arguments = BuildArguments(forms, output_text, fmt, pdf, tighten, jobs, changed, quiet, force, follow_links,
                               replace_edited, fix_text, root, template_dirs)
    try:
        report = build(arguments)
    except BuildUsage as usage:
        raise click.UsageError(str(usage)) from None
    _render(report)


def _render(report) -> None:  # type: ignore[no-untyped-def]
    """Print a command's report, each line to its stream, and exit with its code."""
    for line in report.lines:
        click.echo(line.text, err=line.err)
    if report.exit_code:
        sys.exit(report.exit_code)


@cli.command("check", context_settings=_CONTEXT)
@click.argument("forms", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False),
                metavar="表单.yaml|文稿.docx...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="输出格式：text（默认，按文件分组）或 json（供其他程序读取）。")
@click.option("--strict", is_flag=True, help="把警告也当作错误（退出码 1）。")
@click.option("-q", "--quiet", is_flag=True, help="只列出错误（--strict 时连同警告），不列出提示；没有问题时不输出任何信息。")
@click.option("--layout", is_flag=True,
              help="再用 LibreOffice 排出页面检查版面：没印出来的字、落款页没有正文、落款与日期分页、标题回行或拆词、"
                   "一两个字的末行、不满 22 行的页、不是 28 字的行、版记位置、版记页的页码。也可检查任何 .docx。")
@click.option("--annotate", is_flag=True,
              help="写出审核稿：文稿里每处问题都成为一条 Word 批注，标在有问题的文字上（作者“draft check”）。"
                   "可审核表单或任何 .docx（原有批注保留）；一次一个文件。")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="审核稿.docx",
              help="与 --annotate 一起用：审核稿写到这个文件（不覆盖已有的文件，除非加 --overwrite；从不覆盖被审核的文件）；"
                   "默认写在被审核的文件旁边，名为“名称（审核稿）.docx”。")
@click.option("--date", "comment_date", default=None, metavar="日期",
              help="与 --annotate 一起用：批注的日期时间，如 2024-04-10 或 2024-04-10T09:30（默认现在，UTC）。")
@click.option("--pdf", is_flag=True,
              help="与 --annotate 一起用：再用 LibreOffice 把审核稿印成 PDF，写在审核稿旁边（同名 .pdf），"
                   "批注印在页边（页面缩小，右边一栏是批注）。")
@_OVERWRITE
@_FIX_TEXT
@_ROOT
@_TEMPLATE_DIR
@_HELP
def check_command(forms: tuple[Path, ...], fmt: str, strict: bool, quiet: bool, layout: bool, annotate: bool,
                  output: Path | None, comment_date: str | None, pdf: bool, overwrite: bool, fix_text: bool,
                  root: Path | None, template_dirs: tuple[Path, ...]) -> None:
    """检查表单：漏填的数字、占位符、半角标点、与期间不符的字眼、算错的百分比等。

    \b
    加 --layout 时再排出页面检查版面（需要 LibreOffice），也可以检查别人写的 .docx。
    加 --annotate 时写出审核稿：每处问题是一条批注，审核的人在 Word 或 WPS 里看；再加 --pdf 印成批注在页边的 PDF。
    退出码：0 没有错误（可能有警告；--layout 时没有任何发现）；1 有错误（--strict 或 --layout 时警告也算）。
    """
    import json

    from ..commands.check import check_forms, failed

    if (output is not None or comment_date is not None) and not annotate:
        raise UsageError(Problem(Location("命令行"), "-o 和 --date 只能与 --annotate 一起用（写出审核稿时）",
                                 "要写审核稿，加上 --annotate；只检查时去掉 -o 和 --date", "A008"))
    if pdf and not annotate:
        raise UsageError(Problem(Location("命令行"), "--pdf 只能与 --annotate 一起用（把审核稿印成 PDF）",
                                 "写成 draft check 表单.yaml --annotate --pdf；生成文稿的 PDF 用 draft build 表单.yaml --pdf",
                                 "A023"))
    documents = [str(path) for path in forms if path.suffix.lower() == ".docx"]
    if documents and not (layout or annotate):
        raise click.UsageError(f"{documents[0]} 是 Word 文稿：检查文稿的版面要加 --layout（draft check --layout {documents[0]}）")
    options = Options(fix_text=fix_text, strict=strict or layout, template_dirs=template_dirs, root=root,
                      overwrite=overwrite)
    annotated_line = printed = None
    if annotate:
        from ..commands.annotate import annotate as write_annotated, comment_date as parse_date
        from ..commands.report import annotate_line

        if len(forms) != 1:
            raise UsageError(Problem(Location("命令行"), f"--annotate 一次只审核一个文件，给了 {len(forms)} 个",
                                     "分开运行，每个文件一次，用 -o 给每份审核稿起名", "A001"))
        target, annotated = write_annotated(forms[0], output, Session(options), parse_date(comment_date), layout,
                                            pdf=pdf)
        findings = annotated.notices + annotated.findings
        annotated_line = annotate_line(target, annotated)
        if pdf:
            from ..commands.annotatepdf import print_annotated

            printed = print_annotated(target, annotated.data, Session(options))
    elif layout:
        from ..commands.layoutcheck import check_layouts

        findings = check_layouts(list(forms), Session(options))
    else:
        findings = check_forms(list(forms), Session(options))
    if not quiet:
        _echo_all(p for p in findings if p.severity == NOTICE)  # what --fix-text removed: said, not listed
    findings = [p for p in findings if p.severity != NOTICE]
    if quiet:  # what makes the check fail, and nothing else
        findings = [p for p in findings if p.severity == ERROR or strict or layout]
    if fmt == "json":
        click.echo(json.dumps([{"file": p.location.file, "line": p.location.line, "column": p.location.column,
                                "severity": p.severity.value, "code": p.code, "message": p.message, "hint": p.hint}
                               for p in findings], ensure_ascii=False, indent=2))
    else:
        current = None
        for problem in findings:
            if problem.location.file != current:
                current = problem.location.file
                click.echo(f"{current}")
            echo_problem(problem, err=False)
        errors, warnings = counts(findings)
        what = "个表单" if all(Path(form).suffix.lower() in (".yaml", ".yml") for form in forms) else "个文件"
        if not (quiet and not findings):
            click.echo(f"检查完毕：{len(forms)} {what}，错误 {errors} 处，警告 {warnings} 处。" if errors or warnings
                       else f"检查完毕：{len(forms)} {what}，没有发现问题。")
    if annotated_line is not None:  # the file written is said even with -q (on stderr when stdout holds JSON)
        click.echo(annotated_line, err=fmt == "json")
    if printed is not None:
        from ..commands.annotatepdf import failed_print
        from ..commands.report import printed_line

        for problem in printed.problems:
            echo_problem(problem)
        if printed.pdf is not None:
            click.echo(printed_line(printed.pdf), err=fmt == "json")
    print_failed = printed is not None and failed_print(printed)
    sys.exit(EXIT_INPUT if failed(findings, strict or layout) or print_failed else EXIT_OK)
