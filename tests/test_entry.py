"""The draft process: exit codes as documented, output flushed before the fast exit."""
import subprocess
import sys

from drafting import __version__


def _draft(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "drafting", *args], capture_output=True, text=True, cwd=cwd)


def test_output_reaches_a_pipe_and_success_is_0():
    result = _draft("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"draft {__version__}"


def test_bad_input_is_1_with_a_chinese_message(tmp_path):
    result = _draft("build", "没有这个.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "找不到表单文件“没有这个.yaml”" in result.stderr and "Traceback" not in result.stderr


def test_usage_error_is_2():
    result = _draft("build", "--没有这个选项")
    assert result.returncode == 2 and "用法错误" in result.stderr


def test_a_text_exit_code_is_printed_and_is_1():
    code = "from drafting.entry import exit_now; print('已生成', end=''); exit_now('出错了')"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr.strip()) == (1, "已生成", "出错了")


def test_yamls_slowest_pattern_is_given_in_an_equal_cheaper_form():
    """PyYAML's import takes the pattern the draft process compiled for it, and both match the same characters."""
    import re

    from drafting.chars import UNWANTED
    from drafting.entry import NOT_PRINTABLE, YAML_NON_PRINTABLE

    code = ("from drafting.entry import NOT_PRINTABLE, spare_yaml_its_slowest_pattern as spare; spare(); import yaml; "
            "print(yaml.reader.Reader.NON_PRINTABLE.pattern == NOT_PRINTABLE)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"
    import yaml.reader

    assert yaml.reader.Reader.NON_PRINTABLE.pattern in (YAML_NON_PRINTABLE, NOT_PRINTABLE)  # PyYAML's own text
    every = "".join(map(chr, range(0x110000)))
    assert re.compile(YAML_NON_PRINTABLE).findall(every) == re.compile(NOT_PRINTABLE).findall(every)
    assert UNWANTED.pattern == NOT_PRINTABLE  # the build's own pattern then comes from the cache as well
