"""The draft command: messages, exit codes, and what it leaves on disk."""
import subprocess
import sys


from drafting import __version__

from ..conftest import MINIMAL, run




def test_build_writes_docx_next_to_the_form(write_form, capsys, tmp_path):
    code, out, err = run(["build", str(write_form(MINIMAL))], capsys)
    assert (code, err) == (0, "")
    assert out.startswith("已生成：") and (tmp_path / "表单.docx").is_file()


def test_build_txt_to_a_folder_quietly(write_form, capsys, tmp_path):
    (tmp_path / "输出").mkdir()
    code, out, _ = run(["build", str(write_form(MINIMAL)), "-o", "输出", "-f", "txt", "-q"], capsys)
    assert (code, out) == (0, "")
    assert (tmp_path / "输出" / "表单.txt").read_text(encoding="utf-8").startswith("测试报告\n")


def test_form_error_is_printed_in_chinese_and_nothing_is_written(write_form, capsys, tmp_path):
    good = write_form(MINIMAL)
    run(["build", str(good)], capsys)
    before = (tmp_path / "表单.docx").read_bytes()
    write_form(MINIMAL + "落欵: 县委\n")
    code, out, err = run(["build", "表单.yaml"], capsys)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "表单.yaml:5:1: 错误：表单里没有“落欵”这个字段，您是否想写“落款”？",
        "    落欵: 县委",
        "    ^",
        "    提示：可用的字段有：模板、标题、主送、落款、日期、期间、印章、两级编号、版式、版头、指标、上期、去年同期、开头、正文、结尾、附件、沿用上期",
        "未生成文件。",
    ]
    assert (tmp_path / "表单.docx").read_bytes() == before


def test_several_problems_are_counted(write_form, capsys):
    code, _, err = run(["build", str(write_form("模板: 通用\n落欵: 县委\n日期: 明天\n"))], capsys)
    assert code == 1 and err.splitlines()[-1] == "共 2 处错误，未生成文件。"


def test_usage_errors_exit_2_in_chinese(capsys):
    code, _, err = run(["build", "--no-such-option", "x.yaml"], capsys)
    assert code == 2
    assert err.splitlines() == ["用法错误：没有这个选项：--no-such-option", "运行 draft build --help 查看用法"]
    code, _, err = run(["build"], capsys)
    assert code == 2 and err.startswith("用法错误：缺少参数：'表单.yaml|文件夹|通配符...'")
    code, _, err = run(["biuld", "x.yaml"], capsys)
    assert code == 2 and err.startswith("用法错误：没有这个命令：biuld")
    code, _, err = run(["build", "-f", "pdf", "x.yaml"], capsys)
    assert code == 2 and err.startswith("用法错误：参数 '-f' / '--format' 的值“pdf”无效，可选：'docx', 'txt'")


def test_version_and_help(capsys):
    assert run(["--version"], capsys)[:2] == (0, f"draft {__version__}\n")
    code, out, _ = run(["--help"], capsys)
    assert code == 0 and "用法：" in out and "命令" in out and "选项" in out and "退出码" in out
    code, out, _ = run(["build", "--help"], capsys)
    assert code == 0 and "按表单生成文稿" in out and "-f, --format" in out
    code, out, _ = run([], capsys)
    assert code == 0 and "用法：" in out


def test_internal_errors_are_saved_not_shown(write_form, capsys, monkeypatch):
    import drafting.commands.batch

    def boom(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(drafting.commands.batch, "build_one", boom)
    code, _, err = run(["build", str(write_form(MINIMAL))], capsys)
    assert code == 3
    assert err.startswith("内部错误：draft 出现了意外问题") and "Traceback" not in err


def test_real_process_has_no_traceback(write_form):
    path = write_form("标题: [未闭合\n")
    result = subprocess.run([sys.executable, "-m", "drafting", "build", str(path)],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "YAML 格式错误" in result.stderr
