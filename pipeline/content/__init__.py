"""Content: reading YAML with source lines, typed models, validation."""
