"""export: other formats of newsgraph's output, one module per format."""
