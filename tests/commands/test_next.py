"""The next command: refuses to overwrite, needs a period."""
from __future__ import annotations

from ..conftest import run


def test_next_refuses_to_overwrite_and_needs_a_period(workdir, write_form, capsys):
    run(["next", "half-year-summary.yaml"], capsys)
    code, _, err = run(["next", "half-year-summary.yaml"], capsys)
    assert code == 1 and "已经存在，没有覆盖" in err
    write_form("模板: 通用\n标题: 无期间\n", "无期间.yaml")
    code, _, err = run(["next", "无期间.yaml"], capsys)
    assert code == 1 and "表单没有“期间”，无法推算下一期" in err


def test_next_of_year_one_writes_a_form_its_own_check_accepts(write_form, capsys):
    """Issue #25.19: 期间 0001H1 led to 1H2.yaml with 期间: 1H2, refused by draft check (E122)."""
    write_form("模板: 通用\n标题: 测试报告\n期间: 0001H1\n落款: 县委\n日期: 0001-07-10\n正文:\n  - 内容\n", "第一年.yaml")
    code, out, err = run(["next", "第一年.yaml"], capsys)
    assert code == 0, err
    assert "第一年-0001H2.yaml" in out + err
    code, out, err = run(["check", "第一年-0001H2.yaml"], capsys)
    assert code == 0 and "E122" not in out + err, out + err


def test_a_period_of_year_zero_is_a_located_error_not_an_internal_one(write_form, capsys):
    write_form("模板: 通用\n标题: 测试报告\n期间: 0000H1\n落款: 县委\n日期: 2023-07-10\n正文:\n  - 内容\n")
    code, out, err = run(["check", "表单.yaml"], capsys)
    assert code == 1 and "表单.yaml:3:5: 错误[E122]：期间“0000H1”无法识别" in out + err, out + err


def test_next_takes_a_period_as_written_and_a_form_may_write_its_period_so(write_form, capsys):
    """Bug (#26 point 16): 期间: 2026年第三季度 was E122, --period 2026年第四季度 was N002."""
    form = write_form("模板: 通用\n标题: 测试报告\n期间: 2026年第三季度\n落款: 县委\n日期: 2026-10-10\n正文:\n  - 内容\n",
               "三季度.yaml")
    code, out, err = run(["check", "三季度.yaml"], capsys)
    assert code == 0 and "E122" not in out + err, out + err
    code, out, err = run(["next", "三季度.yaml", "--period", "2026年第四季度"], capsys)
    assert code == 0, err
    assert "四季度.yaml" in out + err and (form.parent / "四季度.yaml").is_file()


_YEAR_FORM = "模板: 通用\n标题: {title}\n期间: 2023\n落款: 县委\n日期: 2024-01-10\n正文:\n  - 内容\n"


def test_next_names_the_new_form_after_this_one_so_two_kinds_share_a_folder(write_form, capsys):
    """Both of a year's forms in one folder went to 2024.yaml, the second refused (O007): each keeps its name now."""
    folder = write_form(_YEAR_FORM.format(title="平安建设汇报"), "平安建设汇报.yaml").parent
    write_form(_YEAR_FORM.format(title="工作总结"), "2023年工作总结.yaml")
    code, out, err = run(["next", "平安建设汇报.yaml"], capsys)
    assert code == 0 and out.startswith("已生成2024年的表单：平安建设汇报-2024.yaml"), out + err
    code, out, err = run(["next", "2023年工作总结.yaml"], capsys)
    assert code == 0 and out.startswith("已生成2024年的表单：2024年工作总结.yaml"), out + err
    assert {"平安建设汇报-2024.yaml", "2024年工作总结.yaml"} <= {p.name for p in folder.iterdir()}
    code, _, err = run(["next", "平安建设汇报.yaml", "-o", "明年.yaml"], capsys)
    assert code == 0 and (folder / "明年.yaml").is_file(), err  # -o names the file as before


def test_next_never_writes_over_the_name_it_chose(write_form, capsys):
    """The new name is refused (O007) when a file has it already; the file stays as it was."""
    folder = write_form(_YEAR_FORM.format(title="工作总结"), "2023年工作总结.yaml").parent
    (folder / "2024年工作总结.yaml").write_text("标题: 别人的\n", encoding="utf-8")
    code, _, err = run(["next", "2023年工作总结.yaml"], capsys)
    assert code == 1 and "O007" in err and "2024年工作总结.yaml" in err, err
    assert (folder / "2024年工作总结.yaml").read_text(encoding="utf-8") == "标题: 别人的\n"
