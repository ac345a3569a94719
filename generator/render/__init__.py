"""IR -> a Python client package: naming, types, Jinja templates, black, atomic write."""
