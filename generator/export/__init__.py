"""IR -> other formats."""
