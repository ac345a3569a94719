"""Turning what a source published into the IR: repairs, prose -> JSON Schema, naming."""
