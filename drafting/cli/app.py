"""The ``draft`` command line: click declarations that call ``commands.*`` and print what they return."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import __version__
from ..chars import terminal_width
from ..commands.report import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE  # noqa: F401 (the documented codes)
from ..errors import ERROR, NOTICE
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
              help="写到这个文件；默认写在原表单旁边，以新期间命名（如 2023Q4.yaml）。")
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
    from ..commands.batch import expand_forms
    from ..commands.buildrun import run_build, run_pdf_only
    from ..commands.outputs import check_targets, ensure_output_dir, names_a_folder, plan_output
    from ..commands.report import build_report
    from ..errors import FormError, Location, Problem
    from ..office.holder import Office

    options = Options(fix_text=fix_text, force=force, follow_links=follow_links, replace_edited=replace_edited,
                      template_dirs=template_dirs, root=root)
    paths = expand_forms(forms)
    if not paths:
        raise FormError(Problem(Location("命令行"), "没有找到要生成的表单：" + "、".join(forms),
                                "检查文件名、文件夹或通配符是否写对", "E001"))
    many = len(paths) > 1
    if many and output_text == "-":
        raise click.UsageError(f"一次生成 {len(paths)} 个表单时不能用 -o - 输出到标准输出；请用 -o 给一个文件夹，或只给一个表单")
    plan = plan_output(output_text, many, fmt)
    fmt = plan.fmt
    if pdf and fmt != "docx":
        raise click.UsageError("--pdf 只能和 docx 格式一起用")
    if pdf and output_text == "-":
        raise click.UsageError("--pdf 不能和 -o -（输出到屏幕）一起用：PDF 要写成文件，请用 -o 给文件名或文件夹")
    if tighten and not (pdf or plan.pdf_only):
        raise click.UsageError("--tighten 要和 --pdf 一起用：收紧哪一段，要排出页面才知道")
    with Office(jobs) as office:  # one LibreOffice holder for the whole run: the PDFs and fitting's second print
        if plan.pdf_only:
            run = run_pdf_only(paths[0], plan.output, options, office, tighten)
        else:
            output_dir = ensure_output_dir(plan.output, many or names_a_folder(plan.output, output_text))
            check_targets(paths, output_dir, fmt)
            show_bar = many and not quiet and sys.stderr.isatty()
            with click.progressbar(length=len(paths), label="生成文稿", file=sys.stderr,
                                   show_pos=True) if show_bar else _NoBar() as bar:
                run = run_build(paths, output_dir, fmt, options, changed, jobs, pdf, tighten, office, bar.update)
    _render(build_report(run, quiet, force))


def _render(report) -> None:  # type: ignore[no-untyped-def]
    """Print a command's report, each line to its stream, and exit with its code."""
    for line in report.lines:
        click.echo(line.text, err=line.err)
    if report.exit_code:
        sys.exit(report.exit_code)


class _NoBar:
    """Stands in for click's progress bar when there is no terminal or in quiet mode."""

    def __enter__(self) -> "_NoBar":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n: int) -> None:
        """Nothing to draw."""


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
@_FIX_TEXT
@_ROOT
@_TEMPLATE_DIR
@_HELP
def check_command(forms: tuple[Path, ...], fmt: str, strict: bool, quiet: bool, layout: bool, fix_text: bool,
                  root: Path | None, template_dirs: tuple[Path, ...]) -> None:
    """检查表单：漏填的数字、占位符、半角标点、与期间不符的字眼、算错的百分比等。

    \b
    加 --layout 时再排出页面检查版面（需要 LibreOffice），也可以检查别人写的 .docx。
    退出码：0 没有错误（可能有警告；--layout 时没有任何发现）；1 有错误（--strict 或 --layout 时警告也算）。
    """
    import json

    from ..commands.check import check_forms, failed

    documents = [str(path) for path in forms if path.suffix.lower() == ".docx"]
    if documents and not layout:
        raise click.UsageError(f"{documents[0]} 是 Word 文稿：检查文稿的版面要加 --layout（draft check --layout {documents[0]}）")
    options = Options(fix_text=fix_text, strict=strict or layout, template_dirs=template_dirs, root=root)
    if layout:
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
        what = "个文件" if layout else "个表单"
        if quiet and not findings:
            sys.exit(EXIT_OK)
        click.echo(f"检查完毕：{len(forms)} {what}，错误 {errors} 处，警告 {warnings} 处。" if errors or warnings
                   else f"检查完毕：{len(forms)} {what}，没有发现问题。")
    sys.exit(EXIT_INPUT if failed(findings, strict or layout) else EXIT_OK)
