"""Comparing two versions of a report (draft diff): paragraphs aligned, then words, written as tracked changes."""
