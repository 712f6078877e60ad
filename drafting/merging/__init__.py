"""Merge a leader's edited .docx back into the form it was built from (draft import --into)."""
