"""From files to core objects: YAML with file:line on every error."""
