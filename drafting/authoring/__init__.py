"""Authoring: forms written for the user — draft new, draft next, and the JSON Schema for editors."""
