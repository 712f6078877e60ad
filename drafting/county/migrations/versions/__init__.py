"""The county database's migrations, one module per schema version."""
