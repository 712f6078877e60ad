"""Check: what a reviewer would circle — pattern rules and the checks over a whole form."""
