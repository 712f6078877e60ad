"""``draft serve``: a local web form over a folder of forms (workspace, form state, pages, guard, app)."""
