"""The draft command: messages, exit codes, and what it leaves on disk."""
import subprocess
import sys


from drafting import __version__

from ..conftest import MINIMAL, run


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
