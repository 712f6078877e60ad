"""The county server's storage and workflow: accounts, rounds, form versions and the audit log, no HTTP."""
