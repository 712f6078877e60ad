"""The tracked-change markup: NEW's runs cut and kept with their properties, OLD's text deleted in OLD's, paragraph
marks and rows marked where the schema puts them, copies of OLD's content stripped of what only OLD defines."""
from __future__ import annotations

from lxml import etree

from drafting.ooxml.blocks import paragraph_text
from drafting.ooxml.comparable import accept_revisions
from drafting.ooxml.names import W, W_NS
from drafting.ooxml.revisions import Revisions


def xml(text: str):  # type: ignore[no-untyped-def]
    return etree.fromstring(f'<w:root xmlns:w="{W_NS}">{text}</w:root>')[0]


def revisions() -> Revisions:
    return Revisions("审核人", "2024-07-10T00:00:00Z", 100, frozenset({"Body"}), frozenset({"1"}))


def tags(element) -> list[str]:  # type: ignore[no-untyped-def]
    return [child.tag.replace(W, "") for child in element]


def accepted(paragraph) -> str:  # type: ignore[no-untyped-def]
    """The paragraph's text once every change is accepted: w:del dropped, w:ins kept."""
    return "".join(t.text or "" for t in paragraph.iter(W + "t") if not any(a.tag == W + "del" for a in t.iterancestors()))


def rejected(paragraph) -> str:  # type: ignore[no-untyped-def]
    """The paragraph's text once every change is rejected: w:ins dropped, w:delText back."""
    return "".join(t.text or "" for t in paragraph.iter(W + "t", W + "delText")
                   if not any(a.tag == W + "ins" for a in t.iterancestors()))


NEW = ('<w:p><w:pPr><w:pStyle w:val="Body"/></w:pPr><w:bookmarkStart w:id="0" w:name="_dft_1"/>'
       '<w:r><w:rPr><w:b/></w:rPr><w:t>各项工作</w:t></w:r><w:r><w:t>开局平稳有序。</w:t></w:r>'
       '<w:bookmarkEnd w:id="0"/></w:p>')
OLD = '<w:p><w:r><w:t>各项工作</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>开局良好。</w:t></w:r></w:p>'


def test_a_changed_paragraph_keeps_new_s_runs_and_old_s_properties_for_deleted_text():
    paragraph, made = xml(NEW), revisions()
    made.rewrite(paragraph, [("=", "各项工作开局"), ("-", "良好"), ("+", "平稳有序"), ("=", "。")], xml(OLD))
    assert accepted(paragraph) == "各项工作开局平稳有序。" and rejected(paragraph) == "各项工作开局良好。"
    assert tags(paragraph) == ["pPr", "bookmarkStart", "r", "r", "del", "ins", "r", "bookmarkEnd"]
    deleted, inserted = paragraph[4], paragraph[5]
    assert deleted[0].find(f"{W}rPr/{W}i") is not None and deleted[0].find(W + "delText").text == "良好"
    assert inserted[0].find(W + "rPr") is None and inserted[0].find(W + "t").text == "平稳有序"
    assert paragraph[2].find(f"{W}rPr/{W}b") is not None  # NEW's bold run, whole
    assert [n.get(W + "id") for n in (deleted, inserted)] == ["100", "101"] and made.count == 2
    assert deleted.get(W + "author") == "审核人" and deleted.get(W + "date") == "2024-07-10T00:00:00Z"


def test_runs_in_a_hyperlink_are_revised_in_place():
    paragraph = xml('<w:p><w:hyperlink w:anchor="甲"><w:r><w:t>平安建设</w:t></w:r></w:hyperlink><w:r><w:t>。</w:t></w:r></w:p>')
    revisions().rewrite(paragraph, [("=", "平安"), ("-", "创建"), ("+", "建设"), ("=", "。")],
                        xml("<w:p><w:r><w:t>平安创建。</w:t></w:r></w:p>"))
    link = paragraph.find(W + "hyperlink")
    assert tags(link) == ["r", "del", "ins"] and accepted(paragraph) == "平安建设。" and rejected(paragraph) == "平安创建。"


def test_deletions_at_the_end_and_tabs_and_breaks():
    paragraph = xml('<w:p><w:r><w:t>一</w:t><w:tab/><w:t>二</w:t></w:r></w:p>')
    revisions().rewrite(paragraph, [("=", "一\t二"), ("-", "\n三")],
                        xml('<w:p><w:r><w:t>一</w:t><w:tab/><w:t>二</w:t><w:br/><w:t>三</w:t></w:r></w:p>'))
    assert tags(paragraph) == ["r", "del"]
    assert [tags(run) for run in paragraph[1]] == [["br"], ["delText"]]  # a run a piece, in OLD's properties


def test_an_inserted_paragraph_has_its_mark_inserted_first_in_its_run_properties():
    paragraph = xml('<w:p><w:pPr><w:jc w:val="center"/><w:rPr><w:sz w:val="2"/></w:rPr><w:sectPr/></w:pPr>'
                    '<w:r><w:t>新</w:t></w:r><w:r><w:drawing/></w:r></w:p>')
    revisions().insert_paragraph(paragraph)
    assert tags(paragraph.find(f"{W}pPr/{W}rPr")) == ["ins", "sz"]
    assert tags(paragraph) == ["pPr", "ins", "ins"]  # the picture's run too
    empty = xml("<w:p/>")
    revisions().insert_paragraph(empty)
    assert tags(empty) == ["pPr"] and tags(empty[0]) == ["rPr"] and tags(empty[0][0]) == ["ins"]


def test_a_deleted_paragraph_is_a_clean_copy_of_old_s():
    old = xml('<w:p w14:paraId="1A2B3C4D" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml">'
              '<w:pPr><w:pStyle w:val="OldOnly"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>'
              '<w:jc w:val="both"/><w:sectPr/></w:pPr><w:bookmarkStart w:id="3" w:name="x"/>'
              '<w:r><w:rPr><w:rStyle w:val="OldOnly"/><w:b/></w:rPr><w:t>旧的一段</w:t></w:r>'
              '<w:r><w:drawing/></w:r><w:bookmarkEnd w:id="3"/></w:p>')
    made = revisions().deleted_paragraph(old)
    assert tags(made) == ["pPr", "del"] and tags(made[0]) == ["jc", "rPr"] and tags(made[0][1]) == ["del"]
    assert tags(made[1][0]) == ["rPr", "delText"] and tags(made[1][0][0]) == ["b"]
    assert not made.attrib and rejected(made) == "旧的一段" and accepted(made) == ""


def test_rows_are_marked_after_their_other_properties():
    made = revisions()
    row = xml('<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr><w:tc><w:p><w:r><w:t>新</w:t></w:r></w:p></w:tc></w:tr>')
    made.insert_row(row, [[row.find(f"{W}tc/{W}p")]])
    assert tags(row.find(W + "trPr")) == ["cantSplit", "tblHeader", "ins"]
    old = xml('<w:tr><w:tblPrEx/><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>旧</w:t></w:r></w:p>'
              '</w:tc></w:tr>')
    deleted = made.deleted_row(old)
    assert tags(deleted) == ["tblPrEx", "trPr", "tc"] and tags(deleted[1]) == ["del"]
    assert tags(deleted[2]) == ["tcPr", "p"] and rejected(deleted[2][1]) == "旧"


def test_earlier_tracked_changes_are_taken_as_accepted():
    body = xml('<w:body><w:p><w:pPr><w:rPr><w:ins w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"/></w:rPr></w:pPr>'
               '<w:ins w:id="2" w:author="a"><w:r><w:t>留下</w:t></w:r></w:ins>'
               '<w:del w:id="3" w:author="a"><w:r><w:delText>删去</w:delText></w:r></w:del></w:p>'
               '<w:tbl><w:tr><w:trPr><w:del w:id="4" w:author="a"/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body>')
    assert accept_revisions(body) == 4
    assert paragraph_text(body[0]) == "留下" and not list(body.iter(W + "ins", W + "del")) and not list(body.iter(W + "tr"))
