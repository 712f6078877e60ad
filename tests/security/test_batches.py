"""A batch reports, never aborts: each form's failure — a hostile form, even drafting's own defect — under its name."""
from __future__ import annotations

import os

import pytest

from ..conftest import run


def test_a_deeply_nested_form_does_not_stop_the_batch(forms, capsys):
    """Bug: a form nested 600 deep ended the whole batch in an internal error, with only the forms before it built."""
    (forms / "表单" / "甲深.yaml").write_text("模板: 通用\n标题: " + "[" * 600 + "]" * 600 + "\n", encoding="utf-8")
    code, _, err = run(["build", "表单", "-o", "出"], capsys)
    assert code == 1 and "表单/甲深.yaml:2:" in err and "嵌套层数超过 64 层" in err
    assert sorted(os.listdir(forms / "出")) == [f"乡镇{i}.docx" for i in range(1, 5)]
    assert err.splitlines()[-1] == "已生成 4 份，2 份有错误"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_internal_error_is_reported_under_its_form_and_saved(forms, capsys, monkeypatch, jobs):
    import drafting.commands.build as build_module

    real = build_module.render_bytes

    def flaky(form, fmt="docx", session=None):
        if form.name.endswith("乡镇2.yaml"):
            raise RuntimeError("a defect")
        return real(form, fmt, session)

    monkeypatch.setattr(build_module, "render_bytes", flaky)
    (forms / "表单" / "坏的.yaml").unlink()
    code, _, err = run(["build", "表单", "-o", "出", "-j", jobs], capsys)
    assert code == 3  # worker processes fork after the patch, so they meet the defect too
    assert "表单/乡镇2.yaml: 错误：内部错误：draft 出现了意外问题（这是软件缺陷，不是您的错），详细信息已保存到 " in err
    assert sorted(os.listdir(forms / "出")) == ["乡镇1.docx", "乡镇3.docx", "乡镇4.docx"]
    assert err.splitlines()[-1] == "已生成 3 份，1 份有错误（其中 1 份是 draft 的内部错误）"
    saved = err.split("详细信息已保存到 ")[1].split("，")[0]
    with open(saved, encoding="utf-8") as report:
        assert "RuntimeError: a defect" in report.read()
