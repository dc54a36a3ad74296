"""Lighthouse (mobile) scores of a built site's page types, served with gzip on 127.0.0.1.

    npm i -E --prefix /tmp/lh lighthouse@12.2.3      # once, outside the checkout
    SITE_URL=http://127.0.0.1:8765/ commhub build -d /tmp/site
    python scripts/lighthouse.py /tmp/site --port 8765 --lighthouse /tmp/lh/node_modules/.bin/lighthouse

Builds with SITE_URL set to the address served, as a published site has its own (the SEO score
counts absolute hreflang and canonical links). Prints one line per page: performance, accessibility,
best practices, SEO, and the audits that did not pass. A measurement, not a test: the scores depend
on the machine (Lighthouse simulates a slow phone from the timings it observes).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from serve_gzip import GzipHandler  # noqa: E402

PAGES = ("", "products/tro-giup-phap-ly-mien-phi/", "km/products/tro-giup-phap-ly-cho-dong-bao-khmer/", "km/",
         "catalogue/", "search/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--lighthouse", default="lighthouse")
    parser.add_argument("pages", nargs="*", default=PAGES)
    args = parser.parse_args()
    handler = functools.partial(GzipHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or ""}
    try:
        for page in args.pages:
            with tempfile.NamedTemporaryFile(suffix=".json") as report:
                subprocess.run([args.lighthouse, f"http://127.0.0.1:{args.port}/{page}", "--quiet",
                                "--chrome-flags=--headless=new --no-sandbox --disable-gpu", "--output=json",
                                f"--output-path={report.name}"], env=env, check=True, timeout=300)
                data = json.loads(Path(report.name).read_text(encoding="utf-8"))
            scores = " / ".join(f"{round(category['score'] * 100)}" for category in data["categories"].values())
            failed = [audit["id"] for audit in data["audits"].values()
                      if audit.get("score") is not None and audit["score"] < 0.9
                      and audit["scoreDisplayMode"] in ("binary", "numeric", "metricSavings")]
            print(f"/{page}: {scores}  {', '.join(failed)}")
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
