"""The PDF stage: .docx files converted by the caller's LibreOffice holder, each PDF written atomically beside its .docx."""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..atomic import write_atomic
from ..errors import OutputError, Problem
from ..office.holder import Office


def convert_to_pdf(documents: Iterable[Path], office: Office, progress: Callable[[int], None] | None = None,
                   fonts: bool = True, printed: Callable[[int, Path], None] | None = None) -> list[Problem]:
    """Convert .docx files to PDF beside them with ``office``; returns problems (with ``fonts``, the fonts that
    would be replaced, named once).

    Each PDF is written to a temporary folder first and moved into place, so a failed
    conversion never leaves a half-written PDF. ``progress`` hears every document, failed ones too;
    ``printed(index, pdf)`` hears each PDF made, in the temporary folder, as soon as it is made (while the
    office's other converters go on: see ``Office.render``). ``documents`` that is not a list is read as the
    converters get free (the .docx files of a build, handed over as they are written).
    """
    if isinstance(documents, list) and not documents:
        return []
    from ..office.fonts import missing_fonts

    read: list[Path] = []  # the documents, in the order the converters took them: index i is read[i]
    with office.scratch("draft-pdf-") as scratch:  # inside the holder's folder: gone with it even if draft dies
        pdfs, problems = office.render(documents if isinstance(documents, list) else _noted(documents, read),
                                       Path(scratch), done=printed)
        documents = documents if isinstance(documents, list) else read
        if fonts and documents:
            problems = missing_fonts(documents) + problems  # a font it had to replace, said once by name
        for index, (document, pdf) in enumerate(zip(documents, pdfs)):
            if pdf is not None:
                try:  # through a temporary file beside the target, as every output: a full disk keeps the old PDF
                    write_atomic(document.with_suffix(".pdf"), pdf.read_bytes())
                except OutputError as error:
                    problems.extend(error.problems)
            if progress:
                progress(index + 1)
    return problems


def _noted(documents: Iterable[Path], read: list[Path]) -> Iterator[Path]:
    """``documents`` one by one, each added to ``read`` as it is taken."""
    for document in documents:
        read.append(document)
        yield document
