"""One module per command, holding its logic; the cli package only declares options and prints."""
