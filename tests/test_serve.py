"""`commhub serve` (mkdocs serve --dirty): an edit is served after rendering only what it changed.

A real server on 127.0.0.1, a real edit on disk: this is what an editor previewing a product does.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from helpers import standard_corpus

TIMEOUT = 120


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def wait_for(condition, what: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        assert server.poll() is None, log.read_text(encoding="utf-8")
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}:\n{log.read_text(encoding='utf-8')}")


def builds(log: Path) -> list[str]:
    return re.findall(r"pages: .*", log.read_text(encoding="utf-8"))


@pytest.fixture
def served(tmp_path):
    corpus = standard_corpus(tmp_path)
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "commhub", "serve", "-a", f"127.0.0.1:{port}"],
                                  cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: fetch(base + "products/quyen-tre-em/")[0] == 200, "the first build", server, log)
        yield corpus, base, server, log
    finally:
        server.terminate()
        server.wait(timeout=30)
    # `commhub serve` is the server itself: stopping it leaves nothing serving.
    assert fetch(base)[0] == 0


def test_an_edit_renders_only_its_pages_once_and_a_removed_product_leaves_the_site(served):
    corpus, base, server, log = served
    assert builds(log) == ["pages: 56 rendered, 0 from the cache, 0 left to other parts"]

    path = corpus.content / "products" / "quyen-tre-em" / "index.vi.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Nội dung.", "Nội dung đã sửa."), encoding="utf-8")
    wait_for(lambda: "Nội dung đã sửa." in fetch(base + "products/quyen-tre-em/")[1], "the edit", server, log)
    wait_for(lambda: len(builds(log)) >= 2, "the rebuild's summary", server, log)
    # The page, and its km, hmn and en fallback pages; everything else from the cache.
    assert builds(log)[1] == "pages: 4 rendered, 52 from the cache, 0 left to other parts"
    # The fallback pages show the edit too, and the search index has it.
    assert "Nội dung đã sửa." in fetch(base + "en/products/quyen-tre-em/")[1]
    header = json.loads(fetch(base + "search/vi/docs.json")[1])
    assert "sửa" in "".join(fetch(f"{base}search/vi/{shard}.json")[1] for shard in range(header["shards"]))

    # Reading the content during a build is not an edit: no further rebuild follows by itself.
    time.sleep(3)
    assert len(builds(log)) == 2

    # A product made a draft disappears from the served site (the site folder is kept between builds).
    product = corpus.content / "products" / "tro-giup-phap-ly" / "product.yml"
    product.write_text(product.read_text(encoding="utf-8").replace("status: published", "status: draft"),
                       encoding="utf-8")
    wait_for(lambda: fetch(base + "products/tro-giup-phap-ly/")[0] == 404, "the draft to leave", server, log)
    assert fetch(base + "km/products/tro-giup-phap-ly/")[0] == 404
    assert "tro-giup-phap-ly" not in fetch(base + "catalogue/")[1]
