"""The README and the guides in docs/ are part of the product: the form example builds, the tables match the code,
and CI runs the README's test command."""
import re

from drafting.pipeline.stages import render_bytes
from drafting.form.validate import load_form

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
FORM = (ROOT / "docs" / "form.md").read_text(encoding="utf-8")
FIGURES = (ROOT / "docs" / "figures.md").read_text(encoding="utf-8")
ERRORS = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")


def test_readme_form_example_builds_as_documented(tmp_path):
    example = re.search(r"## 表单怎么写.*?```yaml\n(.*?)```", FORM, re.S).group(1)
    path = tmp_path / "readme.yaml"
    path.write_text(example, encoding="utf-8")
    lines = render_bytes(load_form(path), "txt").decode("utf-8").split("\n")
    assert lines[:3] == ["青山县委政法委2023年第三季度工作总结", "", "县委："]
    for expected in ["一、第三季度工作开展情况", "（一）坚持高位推动", "强化理论学习。深入学习贯彻……",
                     "（二）加强组织领导。县委常委会专题研究政法工作2次。",
                     "（三）狠抓工作落实。主要做法：一是建立台账；二是定期调度；三是严格考核。",
                     "一是排查风险隐患。", "二、影响工作的原因分析", "1.从自身看：执法规范化建设有待加强。",
                     "三、主要措施", "1.排查隐患。每月排查一次。", "3.严打犯罪。保持高压态势。",
                     "四、存在问题", "五、第四季度工作打算", "附件：1.第三季度主要指标完成情况", "2.第四季度任务分解表",
                     "中共青山县委政法委员会", "2023年10月10日"]:
        assert expected in lines, expected


def test_ci_runs_the_readme_test_command():
    command = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest"
    assert command in README
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "draft build examples/half-year-summary.yaml" in README


def test_the_two_commands_come_first_for_linux_and_windows():
    """The install and test commands are the first section of the README, for Linux and for Windows."""
    first = README[:README.index("\n## ", README.index("## 两条命令") + 1)]
    assert README.index("## 两条命令") == README.index("\n## ") + 1
    for line in ("python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/draft build examples/half-year-summary.yaml",
                 "py -m venv .venv", ".venv\\Scripts\\pip install -e .",
                 ".venv\\Scripts\\draft build examples\\half-year-summary.yaml", '.venv\\Scripts\\pip install -e ".[test]"'):
        assert line in first, line


def test_the_readme_says_fonts_and_libreoffice_are_needed():
    for word in ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体", "LibreOffice", "data/fontconfig"):
        assert word in README, word


def test_every_filter_and_function_is_documented_with_an_example():
    from drafting.render.filters import FILTERS, FUNCTIONS
    section = FIGURES[FIGURES.index("## 指标与过滤器"):FIGURES.index("## Excel 里的指标")]
    for name in list(FILTERS) + list(FUNCTIONS):
        assert f"| {name}" in section or f"{name}(" in section, name


def test_the_filter_table_says_what_the_code_does():
    """Bug: the README said the 日期 filter used Babel while drafting formats it itself; its example must hold."""
    import datetime

    from drafting.render.filters import FILTERS

    row = next(line for line in FIGURES.splitlines() if line.startswith("| `{{ 日期 \\| 日期 }}`"))
    assert "Babel zh_CN" not in row and "不经 Babel" in row
    assert FILTERS["日期"](datetime.date(2023, 7, 10)) == row.split("|")[3].strip()


def test_every_code_in_the_check_table_is_one_the_code_can_emit():
    section = ERRORS[ERRORS.index("## 检查"):ERRORS.index("### 版面检查")]
    documented = set(re.findall(r"\b([CF]\d{3})\b", section))
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "drafting").rglob("*.py"))
    emitted = set(re.findall(r'"([CF]\d{3})"', source))
    assert documented - emitted == set()
