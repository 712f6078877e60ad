"""The .docx zip: every part present and well formed, the profile's parts built once, timestamps fixed."""
from __future__ import annotations

import io
import zipfile
import xml.etree.ElementTree as ET

from drafting.form.profile import builtin_profile
from drafting.ooxml.origins import custom_xml
from drafting.ooxml.package import base_package, zip_package
from drafting.ooxml.parts import core_xml

PARTS = ["[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/styles.xml",
         "word/settings.xml", "word/fontTable.xml", "word/footer1.xml", "word/footer2.xml", "word/footer3.xml", "docProps/app.xml",
         "word/document.xml", "docProps/core.xml", "docProps/custom.xml"]


def test_the_package_holds_every_part_well_formed_with_fixed_times():
    base = base_package(builtin_profile())
    data = zip_package(base, '<w:document xmlns:w="x"/>', core_xml("标题", "县委", "2023-07-10T00:00:00Z"),
                       custom_xml({"drafting.form": "表单.yaml"}))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == PARTS
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0) and info.compress_type == zipfile.ZIP_DEFLATED
            ET.fromstring(archive.read(info))
        assert "<dc:title>标题</dc:title>" in archive.read("docProps/core.xml").decode("utf-8")
        assert "<vt:lpwstr>表单.yaml</vt:lpwstr>" in archive.read("docProps/custom.xml").decode("utf-8")
    assert zip_package(base, "<a/>", "<b/>", "<c/>") == zip_package(base, "<a/>", "<b/>", "<c/>")  # reproducible
