"""Reading a .docx back: drafting's own styles become roles; a run-in heading or 引语 is its first runs."""
from __future__ import annotations

from drafting.ooxml.reader import read_docx

from ..helpers import build
from ..conftest import EXAMPLES


def test_drafting_styles_read_back_as_roles():
    document = read_docx(build(EXAMPLES / "half-year-summary.yaml"))
    roles = {(p.role, p.lead_role) for p in document.paragraphs}
    assert ("标题", None) in roles and ("一级标题", None) in roles and ("正文", "二级标题") in roles
    assert ("正文", "引语") in roles and ("落款", None) in roles and ("成文日期", None) in roles
    lead = next(p for p in document.paragraphs if p.lead_role == "引语")
    assert lead.text.startswith(lead.lead) and lead.lead.endswith("。")
    assert document.tables == 0 and document.drawings == 0
