"""Origin markers: a bookmark round each paragraph naming its form path, and docProps/custom.xml (docs/origin-markers.md).

A bookmark is named ``_dft_P`` (the first paragraph of path number P) or ``_dft_P_K`` (its K-th); the
custom property ``drafting.origin.P`` holds the path itself. Word hides bookmarks whose names start
with ``_``; LibreOffice keeps them, and the custom properties, when it saves a .docx again.
"""
from __future__ import annotations

import hashlib
import io
import re
import zipfile

from ..records import NamedTuple
from .names import DECL, W, escape

BOOKMARK_PREFIX = "_dft_"
FORM = "drafting.form"                # the form's path, as given to draft
FORM_SHA256 = "drafting.form.sha256"  # SHA-256 of the form's text (UTF-8)
TEXT_SHA256 = "drafting.text.sha256"  # SHA-256 of the document's text as built (see text_digest)
ORIGIN_PREFIX = "drafting.origin."    # + P: the path of bookmarks _dft_P and _dft_P_K
_NAME = r"_dft_(\d+)(?:_\w+)?"  # LibreOffice renames a framed paragraph's _dft_1_4 to _dft_1_4_Copy_1
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id user-defined properties use
MAX_CUSTOM_BYTES = 5_000_000


class Bookmarks:
    """The bookmarks of one document being written: unique names and ids, one path number per path."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.counts: dict[str, int] = {}
        self.next_id = 0

    def mark(self, path: str) -> tuple[int, str]:
        """(id, name) of a new bookmark for a paragraph printed from ``path``."""
        number = self.numbers.setdefault(path, len(self.numbers) + 1)
        count = self.counts[path] = self.counts.get(path, 0) + 1
        self.next_id += 1
        return self.next_id - 1, f"{BOOKMARK_PREFIX}{number}" + (f"_{count}" if count > 1 else "")

    def properties(self) -> dict[str, str]:
        """The custom properties naming each path number's path."""
        return {f"{ORIGIN_PREFIX}{number}": path for path, number in self.numbers.items()}


def custom_xml(properties: dict[str, str]) -> str:
    """docProps/custom.xml holding ``properties`` as text properties, in the order given."""
    items = "".join(f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name)}"><vt:lpwstr>{escape(value)}'
                    "</vt:lpwstr></property>" for pid, (name, value) in enumerate(properties.items(), start=2))
    return f'{DECL}<Properties xmlns="{_CUSTOM_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>'


def digest_of_lines(lines: list[str]) -> str:
    """SHA-256 of a document's text given as its paragraphs' texts (blank ones left out), one a line."""
    return hashlib.sha256("\n".join(line for line in lines if line).encode("utf-8")).hexdigest()


# In the document.xml drafting writes, a paragraph's text is its runs' w:t and w:tab (a tab stop in w:tabs has
# attributes); paragraphs never nest. Read with a regular expression: a build need not load lxml for it.
_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:tab/>")
_ENTITY = re.compile(r"&(amp|lt|gt|quot|apos);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def written_text_digest(document_xml: str) -> str:
    """The text digest (reader.docx_text_digest) of a document.xml drafting has just written."""
    lines = ["".join(_ENTITY.sub(lambda m: _ENTITIES[m.group(1)], found.group(1)) if found.group(1) is not None
                     else "\t" for found in _TEXT.finditer(paragraph.group(0)))
             for paragraph in _PARAGRAPH.finditer(document_xml)]
    return digest_of_lines(lines)


def origin_of(name: str | None, properties: dict[str, str]) -> str | None:
    """The form path a bookmark named ``name`` marks (None: not drafting's, or its path is unknown)."""
    found = re.fullmatch(_NAME, name or "")
    return properties.get(ORIGIN_PREFIX + found.group(1)) if found else None


class DraftProperties(NamedTuple):
    """What drafting recorded in a .docx's custom properties (empty strings when it recorded nothing)."""

    form: str
    form_sha256: str
    text_sha256: str
    origins: dict[str, str]  # path number (as in the bookmark name) → path


def read_custom(archive: zipfile.ZipFile) -> dict[str, str]:
    """The text custom properties of an open .docx by name (none when it has no custom.xml)."""
    try:
        info = archive.getinfo("docProps/custom.xml")
    except KeyError:
        return {}
    if info.file_size > MAX_CUSTOM_BYTES:
        return {}
    from .parser import parse_xml  # a .docx read back, never in a plain build

    root = parse_xml(archive.read(info))
    found = {}
    for node in root.iter(f"{{{_CUSTOM_NS}}}property"):
        value = node.find(f"{{{_VT_NS}}}lpwstr")
        if node.get("name") and value is not None:
            found[node.get("name")] = value.text or ""
    return found


def read_properties(data: bytes) -> DraftProperties:
    """The form, its hash, the text's hash and the origin paths drafting recorded in the .docx ``data``."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        custom = read_custom(archive)
    origins = {name[len(ORIGIN_PREFIX):]: path for name, path in custom.items() if name.startswith(ORIGIN_PREFIX)}
    return DraftProperties(custom.get(FORM, ""), custom.get(FORM_SHA256, ""), custom.get(TEXT_SHA256, ""), origins)
