"""The ``draft`` command line: parses arguments, calls one library function, prints results.

Exit codes: 0 成功; 1 表单、模板或输出有错误; 2 命令行用法错误; 3 内部错误（draft 的缺陷）.
Heavy modules are imported inside the commands so ``draft --help`` starts fast.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__

if TYPE_CHECKING:
    from .errors import DraftError

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

_SECTIONS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}


class ChineseHelpFormatter(click.HelpFormatter):
    """Click's help layout with Chinese headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args.replace("[OPTIONS]", "[选项]").replace("COMMAND", "命令")
                            .replace("[ARGS]...", "[参数]..."), prefix="用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_SECTIONS.get(heading, heading)}：\n")


click.Context.formatter_class = ChineseHelpFormatter
_CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
_HELP = click.help_option("-h", "--help", help="显示本帮助并退出。")


@click.group(context_settings=_CONTEXT, no_args_is_help=True,
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


def _apply_fix_text(enabled: bool) -> None:
    from .source import set_fix_text
    set_fix_text(enabled)


def _report_fixes() -> None:
    from .source import FIXES
    for problem in FIXES:
        click.echo(f"{problem.location}: {problem.message}", err=True)
    FIXES.clear()


_TEMPLATE_DIR = click.option("-t", "--template-dir", "template_dirs", multiple=True, metavar="文件夹",
                             type=click.Path(path_type=Path, file_okay=False, exists=True),
                             help="另外查找模板的文件夹（可多次给出），优先于表单旁和当前目录的 templates/ 及内置模板。")


def _refuse_overwrite(target: Path, overwrite: bool, hint: str) -> None:
    """Raise OutputError when ``target`` exists and --overwrite was not given."""
    from .errors import Location, OutputError, Problem

    if target.exists() and not overwrite:
        raise OutputError(Problem(Location(str(target)), f"“{target}”已经存在，没有覆盖", hint, "O007"))


def _spec_or_exit(name: str, template_dirs: tuple[Path, ...]):
    """The declaration of template ``name``, or a Chinese error with suggestions."""
    from .errors import FormError, Location, Problem
    from .nodes import suggest
    from .resources import template_folders
    from .schema import template_names
    from .validate import find_spec

    folders = template_folders(None, template_dirs)
    try:
        return find_spec(name, folders)
    except KeyError:
        choices = [n for n, _ in template_names(folders)]
        raise FormError(Problem(Location("命令行"), f"没有模板“{name}”{suggest(name, choices)}",
                                "可用的模板：" + "、".join(choices) + "（draft templates 列出说明）", "T001")) from None


@cli.command("templates", context_settings=_CONTEXT)
@_TEMPLATE_DIR
@_HELP
def templates_command(template_dirs: tuple[Path, ...]) -> None:
    """列出可用的模板：名称、说明、来源（内置或所在文件夹）。"""
    from .resources import template_folders
    from .schema import template_names

    folders = template_folders(None, template_dirs)
    rows = [(name, _spec_or_exit(name, template_dirs)) for name, _ in template_names(folders)]
    width = max(_width(name) for name, _ in rows)
    for name, spec in rows:
        click.echo(f"{name}{' ' * (width - _width(name))}  {spec.description}  〔{spec.origin}〕")


@cli.command("new", context_settings=_CONTEXT)
@click.argument("template", metavar="模板名")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="表单.yaml",
              help="写到这个文件（已存在时不覆盖，除非加 --overwrite）；不给则输出到屏幕。")
@click.option("--overwrite", is_flag=True, help="允许覆盖已有的文件。")
@_TEMPLATE_DIR
@_HELP
def new_command(template: str, output: Path | None, overwrite: bool, template_dirs: tuple[Path, ...]) -> None:
    """按模板生成一份带中文注释和示例的空白表单，照原样即可生成文稿。"""
    from .newform import new_form
    from .output import write_atomic

    text = new_form(_spec_or_exit(template, template_dirs))
    if output is None:
        click.echo(text, nl=False)
        return
    _refuse_overwrite(output, overwrite, "换一个文件名，或加 --overwrite")
    write_atomic(output, text.encode("utf-8"))
    click.echo(f"已生成表单：{output}（填好后运行 draft build {output}）")


@cli.command("schema", context_settings=_CONTEXT)
@click.argument("template", metavar="模板名")
@_TEMPLATE_DIR
@_HELP
def schema_command(template: str, template_dirs: tuple[Path, ...]) -> None:
    """输出模板表单的 JSON Schema，供 VS Code 等编辑器补全和校验。"""
    import json

    from .jsonschema import json_schema

    click.echo(json.dumps(json_schema(_spec_or_exit(template, template_dirs)), ensure_ascii=False, indent=2))


@cli.command("next", context_settings=_CONTEXT)
@click.argument("form", type=click.Path(path_type=Path, dir_okay=False), metavar="表单.yaml")
@click.option("-p", "--period", default=None, metavar="期间",
              help="新表单的期间，如 2023Q4；默认为下一期。")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="新表单.yaml",
              help="写到这个文件；默认写在原表单旁边，以新期间命名（如 2023Q4.yaml）。")
@click.option("--last-year", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              metavar="去年同期表单.yaml", help="去年同一期的表单，同比数从中按指标名称取。")
@click.option("--overwrite", is_flag=True, help="允许覆盖已有的文件。")
@_TEMPLATE_DIR
@_HELP
def next_command(form: Path, period: str | None, output: Path | None, last_year: Path | None, overwrite: bool,
                 template_dirs: tuple[Path, ...]) -> None:
    """由本期表单生成下一期表单：期间、日期、标题顺延，本期数字转为上期，文字保留待复核。"""
    from .errors import FormError, Location, Problem
    from .nextform import next_form_text
    from .output import write_atomic
    from .period import parse_period
    from .validate import load_form

    current = load_form(form, template_dirs)
    if period is None:
        if current.period is None:
            raise FormError(Problem(Location(current.name, 1, 1), "表单没有“期间”，无法推算下一期",
                                    "用 --period 指定新期间，或先在表单里写上期间", "N001"))
        new_period = current.period.next()
    else:
        new_period = parse_period(period)
        if new_period is None:
            raise FormError(Problem(Location("命令行"), f"期间“{period}”无法识别",
                                    "写成 2023、2023H1、2023Q3 或 2023-07", "N002"))
    target = output or form.parent / f"{new_period.code}.yaml"
    _refuse_overwrite(target, overwrite, "用 -o 换一个文件名，或加 --overwrite")
    write_atomic(target, next_form_text(current, new_period, last_year, target).encode("utf-8"))
    click.echo(f"已生成{new_period.full}的表单：{target}")
    click.echo(f"下一步：填写新的指标数值，改写或确认沿用的文字，再运行 draft check {target}")


@cli.command("import", context_settings=_CONTEXT)
@click.argument("report", type=click.Path(path_type=Path, dir_okay=False), metavar="报告.docx|报告.txt")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="表单.yaml",
              help="写到这个文件；默认写在原文件旁边，同名换成 .yaml。")
@click.option("--encoding", default=None, metavar="编码", help="文本文件的编码（默认自动识别 UTF-8、GB18030/GBK）。")
@click.option("--figures", is_flag=True, help="把正文里带单位的数字提取为指标，文中改为引用（只在重建后文字不变时）。")
@click.option("--force", is_flag=True, help="即使不像一份报告也导入（全文作为普通段落）。")
@click.option("--overwrite", is_flag=True, help="允许覆盖已有的文件。")
@_HELP
def import_command(report: Path, output: Path | None, encoding: str | None, figures: bool, force: bool,
                   overwrite: bool) -> None:
    """把已有的报告（.docx 或 .txt）导入为表单，draft build 可原样重建。"""
    from .importer import check_is_report, extract_figures, read_paragraphs, recognise
    from .importform import report_to_yaml
    from .output import write_atomic
    from .source import display_name

    paragraphs, warnings = read_paragraphs(report, encoding)
    recognised = recognise(paragraphs)
    if not force:
        check_is_report(recognised, display_name(report))
    target = output or report.with_suffix(".yaml")
    _refuse_overwrite(target, overwrite, "用 -o 换一个文件名，或加 --overwrite")
    extracted = extract_figures(recognised) if figures else None
    write_atomic(target, report_to_yaml(recognised, display_name(report), extracted).encode("utf-8"))
    for problem in warnings:
        _echo_problem(problem)
    counts = recognised.heading_counts()
    click.echo(f"已导入：{target}（一级标题 {counts[1]} 个、二级 {counts[2]} 个、三级 {counts[3]} 个、四级 {counts[4]} 个"
               + (f"，提取指标 {len(extracted)} 个" if extracted is not None else "") + "）")
    click.echo(f"下一步：运行 draft check {target} 查看原文中的空白和占位符，再 draft build {target}")


@cli.command("build", context_settings=_CONTEXT)
@click.argument("forms", nargs=-1, required=True, metavar="表单.yaml|文件夹|通配符...")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=None, metavar="路径",
              help="输出文件或文件夹（- 表示标准输出）；默认写在表单旁边，同名换扩展名。多个表单时是文件夹。")
@click.option("-f", "--format", "fmt", type=click.Choice(["docx", "txt"]), default="docx",
              help="输出格式：docx（Word 文稿，默认）或 txt（纯文本，每段一行）。")
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成 PDF（所有文稿只启动一次 LibreOffice）。")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=1, metavar="N",
              help="用 N 个进程并行生成（默认 1，单进程已足够快）。")
@click.option("--changed", is_flag=True, help="只重新生成表单、模板或引用的表单比文稿新的那些。")
@click.option("-q", "--quiet", is_flag=True, help="成功时不输出任何信息，也不列出警告（便于脚本调用）。")
@click.option("--force", is_flag=True, help="检查发现错误时仍然生成（草稿用；未填的指标印成“【待填】”）。")
@_FIX_TEXT
@_TEMPLATE_DIR
@_HELP
def build_command(forms: tuple[str, ...], output: Path | None, fmt: str, pdf: bool, jobs: int, changed: bool,
                  quiet: bool, force: bool, fix_text: bool, template_dirs: tuple[Path, ...]) -> None:
    """按表单生成文稿（编号、字体、版式全部自动）；生成前先做 draft check 的检查。

    \b
    可以一次给多个表单、一个文件夹或通配符（如 乡镇/*.yaml），一个出错不影响其他。
    退出码：0 全部成功；1 有表单出错（或 PDF 没能生成）。
    """
    from .batch import build_many, ensure_output_dir, expand_forms
    from .errors import DraftError, FormError, Location, Problem

    _apply_fix_text(fix_text)
    paths = expand_forms(forms)
    if not paths:
        raise FormError(Problem(Location("命令行"), "没有找到要生成的表单：" + "、".join(forms),
                                "检查文件名、文件夹或通配符是否写对", "E001"))
    if pdf and fmt != "docx":
        raise click.UsageError("--pdf 只能和 docx 格式一起用")
    many = len(paths) > 1
    output_dir = ensure_output_dir(output, many)
    if not many:  # one form: its problems are the command's own
        outcome = next(build_many(paths, output_dir, fmt, force, template_dirs, changed))
        _report_fixes()
        if outcome.errors:
            raise DraftError(outcome.errors)
        if not quiet:
            for problem in outcome.warnings:
                _echo_problem(problem)
            if outcome.skipped:
                click.echo(f"没有改动，无需重新生成：{outcome.target}")
            elif str(outcome.target) != "-":
                click.echo(f"已生成：{outcome.target}")
        outcomes = [outcome]
    else:
        outcomes = []
        show_bar = not quiet and sys.stderr.isatty()
        with click.progressbar(length=len(paths), label="生成文稿", file=sys.stderr,
                               show_pos=True) if show_bar else _NoBar() as bar:
            for outcome in build_many(paths, output_dir, fmt, force, template_dirs, changed, jobs):
                outcomes.append(outcome)
                bar.update(1)
        _report_fixes()
        failed = [o for o in outcomes if o.errors]
        for outcome in failed:
            for problem in outcome.errors:
                _echo_problem(problem)
        if not quiet:
            for outcome in outcomes:
                for problem in outcome.warnings:
                    _echo_problem(problem)
        built = sum(1 for o in outcomes if not o.errors and not o.skipped)
        skipped = sum(1 for o in outcomes if o.skipped)
        summary = f"已生成 {built} 份" + (f"，{len(failed)} 份有错误" if failed else "") + \
            (f"，{skipped} 份没有改动未重新生成" if skipped else "")
        if not quiet or failed:
            click.echo(summary, err=bool(failed))
    pdf_failed = False
    if pdf:
        documents = [o.target for o in outcomes if o.target is not None and not o.errors and str(o.target) != "-"]
        from .pdf import convert_to_pdf

        problems = convert_to_pdf(documents)
        for problem in problems:
            _echo_problem(problem)
        pdf_failed = bool(problems)
        if not quiet and documents and not problems:
            click.echo(f"已生成 PDF {len(documents)} 份")
    if any(o.errors for o in outcomes) or pdf_failed:
        sys.exit(EXIT_INPUT)


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
                metavar="表单.yaml...")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              help="输出格式：text（默认，按文件分组）或 json（供其他程序读取）。")
@click.option("--strict", is_flag=True, help="把警告也当作错误（退出码 1）。")
@_FIX_TEXT
@_TEMPLATE_DIR
@_HELP
def check_command(forms: tuple[Path, ...], fmt: str, strict: bool, fix_text: bool,
                  template_dirs: tuple[Path, ...]) -> None:
    """检查表单：漏填的数字、占位符、半角标点、与期间不符的字眼、算错的百分比等。

    \b
    退出码：0 没有错误（可能有警告）；1 有错误（--strict 时警告也算）。
    """
    import json

    from .check import ERROR, check_form
    from .errors import DraftError
    from .validate import load_form

    _apply_fix_text(fix_text)
    findings = []
    for path in forms:
        try:
            findings.extend(check_form(load_form(path, template_dirs)))
        except DraftError as error:  # a form that cannot be read is itself a finding
            findings.extend(error.problems)
    _report_fixes()
    if fmt == "json":
        click.echo(json.dumps([{"file": p.location.file, "line": p.location.line, "column": p.location.column,
                                "severity": p.severity, "code": p.code, "message": p.message, "hint": p.hint}
                               for p in findings], ensure_ascii=False, indent=2))
    else:
        current = None
        for problem in findings:
            if problem.location.file != current:
                current = problem.location.file
                click.echo(f"{current}")
            _echo_problem(problem, err=False)
        errors = sum(1 for p in findings if p.severity == ERROR)
        warnings = len(findings) - errors
        click.echo(f"检查完毕：{len(forms)} 个表单，错误 {errors} 处，警告 {warnings} 处。" if findings
                   else f"检查完毕：{len(forms)} 个表单，没有发现问题。")
    failed = any(p.severity == ERROR for p in findings) or (strict and findings)
    sys.exit(EXIT_INPUT if failed else EXIT_OK)


def _echo_problem(problem, err: bool = True) -> None:
    """One finding: ``file:line:col: 错误[C201]：message``, its source line and hint."""
    code = f"[{problem.code}]" if problem.code.startswith("C") else ""
    click.echo(f"{problem.location}: {problem.severity}{code}：{problem.message}", err=err)
    if problem.excerpt is not None:
        for line in _excerpt_lines(problem.excerpt, problem.location.column):
            click.echo(f"    {line}", err=err)
    if problem.hint:
        click.echo(f"    提示：{problem.hint}", err=err)


def _width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if ord(c) >= 0x1100 and not 0xFF61 <= ord(c) <= 0xFFDC else 1 for c in text)


def _excerpt_lines(excerpt: str, column: int | None, before: int = 16, after: int = 24) -> list[str]:
    """The source line, cut to a window around ``column``, with a caret under it when known."""
    line = excerpt.rstrip()
    indent = len(line) - len(line.lstrip())
    index = max(indent, (column or 1) - 1)
    start = max(indent, index - before)
    end = min(len(line), index + after)
    head = "..." if start > indent else ""
    shown = head + line[start:end] + ("..." if end < len(line) else "")
    if column is None:
        return [shown]
    return [shown, " " * _width(head + line[start:index]) + "^"]


def print_problems(error: DraftError) -> None:
    """Print each problem as ``file:line:col: 错误：message``, its source line and hint."""
    for problem in error.problems:
        _echo_problem(problem)
    errors = sum(1 for p in error.problems if p.severity == "错误")
    warnings = len(error.problems) - errors
    counted = f"共 {errors} 处错误" + (f"、{warnings} 处警告" if warnings else "")
    checked = any(p.code.startswith("C") for p in error.problems)
    click.echo((f"{counted}，" if len(error.problems) > 1 else "") + "未生成文件。"
               + ("（确需先出草稿可加 --force）" if checked else ""), err=True)


_USAGE_RULES = [
    (re.compile(r"^No such option:? '?([^' ]+?)'?\.?$"), "没有这个选项：{0}"),
    (re.compile(r"^No such command:? '?([^' ]+?)'?\.?$"), "没有这个命令：{0}"),
    (re.compile(r"^Missing argument:? '?([^']+?)'?\.?$"), "缺少参数：'{0}'"),
    (re.compile(r"^Missing option:? '?([^']+?)'?\.?$"), "缺少选项：'{0}'"),
    (re.compile(r"^Got unexpected extra arguments? \((.*)\)$"), "多了参数：{0}"),
    (re.compile(r"^Option '?([^']+?)'? requires an argument\.?$"), "选项 {0} 后面缺少值"),
    (re.compile(r"^Invalid value for (.+?): '(.*)' is not one of (.*)\.$"), "参数 {0} 的值“{1}”无效，可选：{2}"),
    (re.compile(r"^Invalid value for (.+?): (.*)$"), "参数 {0} 的值无效：{1}"),
]
_SUGGESTION = re.compile(r"\s*(?:\(Possible options: (.*)\)|Did you mean (.*)\?)\s*$")


def _usage_message(exc: click.UsageError) -> str:
    """Click's English usage error, in Chinese where the wording is known."""
    text = exc.format_message().strip()
    suggestion = ""
    match = _SUGGESTION.search(text)
    if match:
        text = text[: match.start()].strip()
        suggestion = f"，您是否想写 {(match.group(1) or match.group(2)).strip()}？"
    for pattern, chinese in _USAGE_RULES:
        found = pattern.match(text)
        if found:
            return chinese.format(*found.groups()) + suggestion
    return text + suggestion


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the CLI, turn errors into Chinese messages and exit codes."""
    from .errors import DraftError

    try:
        cli.main(args=argv, prog_name="draft", standalone_mode=False)
    except DraftError as error:
        print_problems(error)
        sys.exit(error.exit_code)
    except click.exceptions.NoArgsIsHelpError as exc:  # bare `draft`: show help
        click.echo(exc.ctx.get_help() if exc.ctx else "", err=False)
        sys.exit(EXIT_OK)
    except click.UsageError as exc:
        hint = f"运行 {exc.ctx.command_path} --help 查看用法" if exc.ctx else "运行 draft --help 查看用法"
        click.echo(f"用法错误：{_usage_message(exc)}\n{hint}", err=True)
        sys.exit(EXIT_USAGE)
    except click.exceptions.Abort:
        click.echo("已取消。", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except Exception:  # a bug: never show a traceback to the user, keep it in a file
        import tempfile
        import traceback

        fd, path = tempfile.mkstemp(prefix="draft-internal-error-", suffix=".txt")
        with open(fd, "w", encoding="utf-8") as handle:
            traceback.print_exc(file=handle)
        click.echo(f"内部错误：draft 出现了意外问题（这是软件缺陷，不是您的错）。\n"
                   f"详细信息已保存到 {path}，请把它发给开发者。", err=True)
        sys.exit(EXIT_INTERNAL)
    sys.exit(EXIT_OK)
