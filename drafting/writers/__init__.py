"""Writers by output format: each turns a numbered Document into file bytes."""
from __future__ import annotations

from typing import Callable

from .docx import write_docx
from .text import write_text

Writer = Callable[..., bytes]  # (document, profile, cache=None) → the file's bytes

WRITERS: dict[str, Writer] = {"docx": write_docx, "txt": write_text}
SUFFIXES = {"docx": ".docx", "txt": ".txt"}
