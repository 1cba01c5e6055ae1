"""Rendering: content → HTML (Jinja2) → laid-out document and PDF bytes (WeasyPrint)."""
