"""The form page's “生成审核稿”: the form as saved, its findings as Word comments, offered for download."""
from __future__ import annotations

from ..options import Options
from .actions import Done, shown
from .services import Services
from .workspace import Workspace


def annotate_form(workspace: Workspace, services: Services, name: str, options: Options) -> Done:
    """``draft check NAME --annotate``: “名称（审核稿）.docx” beside the form, to download."""
    return shown(workspace, services.annotate(workspace.path(name), options))
