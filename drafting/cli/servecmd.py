"""``draft serve``'s click declaration (kept apart from app.py; the server's modules load only when it runs)."""
from __future__ import annotations

from pathlib import Path

import click

from ..options import Options
from .app import _CONTEXT, _HELP, _TEMPLATE_DIR, cli


@cli.command("serve", context_settings=_CONTEXT)
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False, exists=True), default=".",
                metavar="[文件夹]")
@click.option("--port", type=click.IntRange(0, 65535), default=0, metavar="端口",
              help="用这个端口（默认自动找一个空闲端口）。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
@_TEMPLATE_DIR
@_HELP
def serve_command(folder: Path, port: int, no_browser: bool, template_dirs: tuple[Path, ...]) -> None:
    """在本机浏览器里填写表单：按模板生成的网页表单，边填边看文稿预览和检查结果，保存、生成 Word 文稿。

    \b
    只在本机（127.0.0.1）提供，只读写所给文件夹里的文件；保存时保留表单里的注释。
    示例：draft serve examples
    """
    if not folder.is_dir():  # click's file_okay=False lets a device or a pipe through (/dev/null)
        code = "S031"
        raise click.UsageError(f"“{folder}”不是文件夹（{code}）：draft serve 要一个放表单的文件夹，如 draft serve examples")
    from ..commands.services import CommandServices
    from ..office.holder import Office
    from ..serve.run import serve

    with Office() as office:  # LibreOffice starts with the first PDF and stays until the server stops
        serve(folder, port, not no_browser, Options(template_dirs=template_dirs), CommandServices(office),
              lambda line: click.echo(line))
