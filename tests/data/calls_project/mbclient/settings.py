"""Where the client's base URL is made: a helper of several statements."""

import os

DASHBOARD = "dashboard"
TIMEOUT = 30


def api_base(host=None):
    url = host or os.environ.get("MB_HOST", "localhost:3000")
    url = url.rstrip("/")
    if not url.startswith("http"):
        url = "https://" + url
    return f"{url}/api"
