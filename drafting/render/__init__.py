"""Render: the sandboxed Jinja environment, the template language's filters, the form's own texts, and the template → line markup."""
