"""A user's .docx read whole within the reader's size limits and written back with some parts replaced or added.

The one package rewriter for a file drafting did not write: the 审核稿 (comments added), the 对照稿 (a revised
document.xml), the copy handed to LibreOffice (external links and comments removed). Every part's declared size is
checked before it is inflated and all parts together stay under MAX_TOTAL_BYTES, so a zip bomb of many small parts
is refused at once instead of being inflated part by part.
"""
from __future__ import annotations

import io
import zipfile

from .origins import read_custom
from .reader import DocxTooLarge, _part

MAX_TOTAL_BYTES = 200_000_000  # every part unpacked together: more is not a report
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)


class UserPackage:
    """A .docx's parts in their order and its custom properties, read once with the reader's size limits."""

    def __init__(self, data: bytes) -> None:
        """Read every part of ``data`` (raises DocxTooLarge past the limits, zipfile's errors for no zip)."""
        self.infos: list[zipfile.ZipInfo] = []
        self.parts: dict[str, bytes] = {}
        total = 0
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                total += info.file_size
                if total > MAX_TOTAL_BYTES:
                    raise DocxTooLarge(info.filename)
                self.infos.append(info)
                self.parts[info.filename] = _part(archive, info.filename)
            self.custom = read_custom(archive)

    def zipped(self, changed: dict[str, bytes]) -> bytes:
        """The package with ``changed`` parts replaced or added (at the end), other parts as they were, in order."""
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for info in self.infos:
                entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                archive.writestr(entry, changed.get(info.filename, self.parts[info.filename]),
                                 compress_type=zipfile.ZIP_DEFLATED)
            for name in changed:
                if name not in self.parts:
                    archive.writestr(zipfile.ZipInfo(name, date_time=_FIXED_TIME), changed[name],
                                     compress_type=zipfile.ZIP_DEFLATED)
        return out.getvalue()
