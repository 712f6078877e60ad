"""Fresh w:id values for a part: unique among the ids it holds, and within the 32-bit range Word reads."""
from __future__ import annotations

from typing import Any

from .names import W

MAX_ID = 2**31 - 1  # ST_DecimalNumber is read as a 32-bit integer: a larger id makes Word refuse the file


class FreshIds:
    """Ids not used in the given parts, counted up from the largest in range; past MAX_ID, from 0 (gaps reused)."""

    def __init__(self, *roots: Any) -> None:
        """Collect the ids of ``roots``' elements (a number too long for int() cannot collide with ours: skipped)."""
        self.used: set[int] = set()
        largest = -1
        for root in roots:
            for node in root.iter():
                value = node.get(W + "id") if isinstance(node.tag, str) else None
                if value is None or not value.isascii() or not value.lstrip("-").isdigit() or len(value) > 12:
                    continue
                number = int(value)
                self.used.add(number)
                if number <= MAX_ID:
                    largest = max(largest, number)
        self.next = largest + 1

    @classmethod
    def counting_from(cls, first: int) -> FreshIds:
        """Ids from ``first`` on, in a part known to hold none of them."""
        fresh = cls()
        fresh.next = first
        return fresh

    def take(self) -> int:
        """An id no element holds yet (and not given before)."""
        while self.next > MAX_ID or self.next in self.used:
            self.next = 0 if self.next > MAX_ID else self.next + 1
        number = self.next
        self.used.add(number)
        self.next += 1
        return number
