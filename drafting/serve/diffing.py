"""The form page's “与上期对照”: the form against its 上期 as a 对照稿 beside it, run by the handed services."""
from __future__ import annotations

from ..options import Options
from .actions import Done, shown
from .services import Services
from .workspace import Workspace


def diff_previous(workspace: Workspace, services: Services, name: str, options: Options) -> Done:
    """``draft diff NAME --previous``: the 对照稿 to download, or why there is none."""
    return shown(workspace, services.diff_previous(workspace.path(name), options))
