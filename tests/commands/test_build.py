"""draft build for one form: the file beside the form or in a folder, nothing written on errors."""


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
        "表单.yaml:5:1: 错误[E101]：表单里没有“落欵”这个字段，您是否想写“落款”？",
        "    落欵: 县委",
        "    ^",
        "    提示：可用的字段有：模板、标题、主送、落款、简称、日期、期间、印章、两级编号、版式、版头、指标、指标文件、增减措辞、上期、去年同期、开头、正文、结尾、附件、沿用上期",
        "未生成文件。",
    ]
    assert (tmp_path / "表单.docx").read_bytes() == before


def test_several_problems_are_counted(write_form, capsys):
    code, _, err = run(["build", str(write_form("模板: 通用\n落欵: 县委\n日期: 明天\n"))], capsys)
    assert code == 1 and err.splitlines()[-1] == "共 2 处错误，未生成文件。"
