"""Importing: an existing report (.docx or .txt) recognised and written back as a form."""
