"""The paragraphs of a report file (.docx through ooxml's reader, .txt in UTF-8 or GB18030) and what was left out."""
from __future__ import annotations

from pathlib import Path

from ..chars import XML_ILLEGAL
from ..errors import WARNING, FormError, Location, Problem, display_name, os_reason
from ..ooxml.parser import UNREADABLE_DOCX, DeclaresDTD
from ..ooxml.reader import MAX_PARAGRAPHS, MAX_PART_BYTES, DocxTooLarge, ReadParagraph, read_docx

def read_paragraphs(path: Path, encoding: str | None = None) -> tuple[list[ReadParagraph], list[Problem]]:
    """The paragraphs of a .txt or .docx file and warnings about what was left out. Raises FormError."""
    name = display_name(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FormError(Problem(Location(name), f"找不到文件“{name}”", "检查文件名和所在文件夹", "I001")) from None
    except OSError as exc:
        raise FormError(Problem(Location(name), f"无法读取“{name}”：{os_reason(exc)}", "检查文件权限", "I001")) from None
    if not raw.strip():
        raise FormError(Problem(Location(name), f"“{name}”是空文件", "请给出一份报告的 .docx 或 .txt 文件", "I002"))
    warnings: list[Problem] = []
    if path.suffix.lower() == ".docx" or raw[:2] == b"PK":
        try:
            document = read_docx(raw)
        except DocxTooLarge:
            raise FormError(Problem(Location(name), f"“{name}”解压后的内容过大，不像一份报告（可能是压缩炸弹）",
                                    f"一份报告的正文解压后不超过 {MAX_PART_BYTES // 1_000_000} MB、"
                                    f"{MAX_PARAGRAPHS // 10000} 万段；用 Word 或 WPS 打开后另存再导入", "I006")) from None
        except DeclaresDTD:
            raise FormError(Problem(Location(name), f"“{name}”里有 DTD 声明（Word 文件从不写它，可能是特意构造的文件），"
                                    "为安全起见没有读取", "用 Word 或 WPS 打开后另存为 .docx 再导入", "I003")) from None
        except UNREADABLE_DOCX as exc:
            raise FormError(Problem(Location(name), f"“{name}”不是有效的 Word 文件（.docx）",
                                    "用 Word 或 WPS 打开后另存为 .docx 再导入", "I003")) from exc
        warnings.extend(problem._replace(location=Location(name), message=f"“{name}”里的{problem.message}")
                        for problem in document.warnings)
        revisions = sum(len(p.revisions) for p in document.paragraphs)
        if revisions:
            warnings.append(Problem(Location(name), f"文件里有 {revisions} 处没有处理的修订，按全部接受后的文字导入",
                                    "如要按原文导入，先在 Word 或 WPS 里拒绝这些修订再导入", "I303", WARNING))
        comments = sum(len(p.comments) for p in document.paragraphs)
        if comments:
            warnings.append(Problem(Location(name), f"文件里有 {comments} 条批注，没有导入",
                                    "批注里的意见请对照原文件另行处理", "I304", WARNING))
        if document.drawings:
            warnings.append(Problem(Location(name), f"文件里有 {document.drawings} 处图片或文本框，没有导入",
                                    "图片、文本框里的文字请另行处理", "I102", WARNING))
        return _clean(list(document.paragraphs), name, warnings), warnings
    if path.suffix.lower() == ".doc" or raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FormError(Problem(Location(name), f"“{name}”是旧版 Word 格式（.doc），无法直接读取",
                                "用 Word 或 WPS 打开后另存为 .docx 再导入", "I003"))
    utf16 = raw[:2] in (b"\xff\xfe", b"\xfe\xff")  # Windows Notepad's “Unicode”
    if encoding is None and utf16:
        encoding = "utf-16"
    if encoding is None and b"\x00" in raw[:4096]:
        raise FormError(Problem(Location(name), f"“{name}”不是文本文件（像是二进制文件）",
                                "请给出 .docx 或 .txt 文件", "I002"))
    for candidate in ([encoding] if encoding else ["utf-8-sig", "gb18030"]):
        try:
            text = raw.decode(candidate)
            break
        except (UnicodeDecodeError, LookupError):
            continue
    else:
        raise FormError(Problem(Location(name), f"无法识别“{name}”的文字编码",
                                "用 --encoding 指定编码，如 --encoding gbk", "I004"))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _clean([ReadParagraph(line, "") for line in lines], name, warnings), warnings


def _clean(paragraphs: list[ReadParagraph], name: str, warnings: list[Problem]) -> list[ReadParagraph]:
    """Drop characters a Word file cannot hold, saying how many went."""
    dropped = sum(len(XML_ILLEGAL.findall(p.text)) for p in paragraphs)
    if dropped:
        warnings.append(Problem(Location(name), f"删除了 {dropped} 个 Word 文件不能容纳的控制字符", None, "I103", WARNING))
        paragraphs = [p._replace(text=XML_ILLEGAL.sub("", p.text)) for p in paragraphs]
    return paragraphs
