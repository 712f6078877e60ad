"""PDF export: one LibreOffice process for a batch, and a clear message without LibreOffice."""

import pytest

from drafting.office import holder

from ..conftest import require_soffice, run


def test_pdf_without_libreoffice_says_how_to_install(forms, capsys, monkeypatch):
    monkeypatch.setattr(holder, "find_soffice", lambda: None)
    code, out, err = run(["build", "表单/乡镇1.yaml", "--pdf"], capsys)
    assert code == 1 and (forms / "表单" / "乡镇1.docx").is_file()
    assert "没有找到 LibreOffice，无法生成 PDF（Word 文稿已经生成）" in err
    assert "sudo apt-get install libreoffice-writer" in err


@pytest.mark.render
def test_pdf_for_a_batch_with_one_libreoffice(forms, capsys):
    require_soffice()
    code, out, _ = run(["build", "表单/乡镇*.yaml", "-o", "出", "--pdf"], capsys)
    assert code == 0 and out.splitlines()[-1] == "已生成 PDF 4 份"
    assert sorted(p.name for p in (forms / "出").glob("*.pdf")) == [f"乡镇{i}.pdf" for i in range(1, 5)]
    assert (forms / "出" / "乡镇1.pdf").read_bytes()[:5] == b"%PDF-"
