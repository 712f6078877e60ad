"""Allow ``python -m drafting``."""
from .cli import main

main()
