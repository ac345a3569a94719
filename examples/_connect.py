"""Shared by the examples: a client for the Metabase named by the environment.

METABASE_URL=http://localhost:3000 METABASE_API_KEY=mb_... python examples/search.py
"""

from __future__ import annotations

import os

from metabase_client import MetabaseClient


def connect() -> MetabaseClient:
    return MetabaseClient(
        os.environ.get("METABASE_URL", "http://localhost:3000"),
        api_key=os.environ.get("METABASE_API_KEY", "YOUR_API_KEY"),
    )
