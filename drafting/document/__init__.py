"""Document: the AST every writer reads, the markup reader that builds it, numbering and numerals."""
