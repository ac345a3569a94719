"""Write docs/api-history.html, the history page of the bundled series (`mbgen changelog specs/
--format html`), and with --screenshot its picture docs/api-history.png (headless Chromium).

python scripts/api_history.py [--screenshot]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "api-history.html"
PICTURE = ROOT / "docs" / "api-history.png"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--window-size=1200,1000",
]


def write_page() -> None:
    mbgen = Path(sys.executable).parent / "mbgen"
    command = [str(mbgen), "changelog", str(ROOT / "specs"), "--format", "html", "-o", str(PAGE)]
    subprocess.run(command, check=True)


def screenshot() -> None:
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("api_history: chromium is not installed (apt-get install -y chromium)")
    with tempfile.TemporaryDirectory(prefix="mbgen-chromium-") as profile:
        subprocess.run(
            [
                chromium,
                *FLAGS,
                f"--user-data-dir={profile}",
                f"--screenshot={PICTURE}",
                PAGE.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--screenshot", action="store_true", help="also docs/api-history.png")
    args = parser.parse_args()
    write_page()
    if args.screenshot:
        screenshot()


if __name__ == "__main__":
    main()
