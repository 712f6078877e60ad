"""Tests of merging an edited .docx into its form (drafting/merging)."""
