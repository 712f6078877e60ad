"""drafting: YAML forms to GB/T 9704 work reports (.docx)."""
__version__ = "0.1.0"
