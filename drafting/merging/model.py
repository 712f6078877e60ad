"""The merge's results: a change in the list, the plan with the form text it makes, and the refusal."""
from __future__ import annotations

from typing import Collection

from ..errors import DraftError, Location, Problem
from ..form.roundtrip import dump_round_trip, load_round_trip
from ..records import NamedTuple
from .ops import Op, apply
from .pairing import Para


class Change(NamedTuple):
    """One change the edited document makes to the form, in the change list."""

    id: str            # "1", "2", … in list order, stable for one plan
    kind: str          # 改写 新增 删除 移动 指标 批注 修订 冲突
    path: str          # the form path it concerns (正文/0/下级/1/内容, 指标/执行结案, …)
    location: Location  # where in the form (file:line:col); for an added item, its parent's
    text: str          # one Chinese line saying what changed
    applied: bool      # False for 冲突 (listed, never applied)


class MergeError(DraftError):
    """A merge that cannot be planned: the form, the .docx or the two together; the form is left as it is."""


class MergePlan:
    """The changes an edited document makes to a form, the warnings, and the form text with chosen changes applied."""

    def __init__(self, form_text: str, changes: list[Change], problems: list[Problem], ops: dict[str, list[Op]],
                 edited: list[Para] | None = None) -> None:
        """Keep the form text, the changes, the warnings and each change's edits."""
        self.form_text = form_text
        self.changes = changes
        self.problems = problems
        self._ops = ops
        self.edited = edited or []

    def text(self, accepted: Collection[str] | None = None) -> str:
        """The new form text with the accepted change ids applied (None: all applicable)."""
        chosen = [c.id for c in self.changes if c.applied and (accepted is None or c.id in accepted)]
        ops = [op for id_ in chosen for op in self._ops.get(id_, [])]
        if not ops:
            return self.form_text
        yaml, data = load_round_trip(self.form_text)
        apply(data, ops)
        return dump_round_trip(yaml, data)

    @property
    def conflicts(self) -> list[Change]:
        """The 冲突 listed and not applied."""
        return [c for c in self.changes if c.kind == "冲突"]
