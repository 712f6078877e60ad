"""Allow ``python -m drafting``."""
from .entry import run

run()
