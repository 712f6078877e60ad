"""Fixtures of real writers' edits: a .docx that ``draft build`` wrote, edited as Word (修订, 批注), WPS,
LibreOffice and python-docx leave it, for the tests of reading and merging a report edited outside drafting.

One edit vocabulary for all of them (:mod:`.edits`: Replace, Delete, InsertAfter, Move, Comment); a paragraph is
named by a piece of its text (the first paragraph holding it), and each edit should touch a paragraph no other
edit of the same call touches. Test code may speak WordprocessingML (lxml here); the package may only in
``drafting/ooxml/``. Paragraphs are found among the body's and tables' paragraphs, runs split at character
boundaries: what drafting writes (runs of text and tabs), not hyperlinks or fields.
"""
from __future__ import annotations

from .edits import AUTHOR, DATE, Comment, Delete, DeleteRow, Edit, InsertAfter, InsertRow, Move, Replace
from .libreoffice import edited_in_libreoffice
from .pythondocx import edit_with_python_docx
from .word import with_comment, with_tracked_changes
from .wps import WPS_APPLICATION, as_wps_saves
from .xml import find_paragraph, read_parts, text_of, write_parts

__all__ = ["AUTHOR", "DATE", "WPS_APPLICATION", "Comment", "Delete", "DeleteRow", "Edit", "InsertAfter", "InsertRow",
           "Move", "Replace", "as_wps_saves", "edit_with_python_docx", "edited_in_libreoffice", "find_paragraph", "read_parts",
           "text_of", "with_comment", "with_tracked_changes", "write_parts"]
