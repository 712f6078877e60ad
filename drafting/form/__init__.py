"""Form: the source text with line marks → YAML nodes → reader and validation against the template's declaration → the model."""
