"""The Nu Html Checker (vnu.jar, the W3C's HTML validator) for the tests: fetched once from the npm
registry's `vnu-jar` package, verified against the SHA-512 the registry publishes for the pinned
version (commhub.admin.vendor's check), kept in the user's cache, and run with Debian's Java."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from commhub.admin.vendor import Package, registry_url, verify

VNU = Package("vnu-jar", "26.9.27",
              "sha512-TkQd5DFfOaWC9ebtvozTsrH2Vaod3jYg+vrOeREzIXxBexLz9+rS2DNtjn7+RPUiZhgli0SghgBX6RJRNea0KA==",
              {"package/build/dist/vnu.jar": "vnu.jar"})
CI = os.environ.get("CI", "").lower() in ("true", "1")


def _unavailable(reason: str):
    if CI:
        pytest.fail(f"{reason} — under CI=true the HTML validation must run (.ci/run installs Java)")
    pytest.skip(f"{reason}: HTML validation skipped")


def vnu_jar() -> Path:
    # In the user's own cache, not the test run's XDG_CACHE_HOME (conftest.py): downloaded once per machine.
    jar = Path.home() / ".cache" / "commhub-test-tools" / f"vnu-{VNU.version}" / "vnu.jar"
    if jar.is_file():
        return jar
    import urllib.request

    url = f"{registry_url()}/{VNU.name}/-/{VNU.tarball_name}"
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            tarball = response.read()
    except OSError as error:
        _unavailable(f"vnu.jar could not be downloaded from {url} ({error})")
    verify(VNU, tarball)
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        data = archive.extractfile("package/build/dist/vnu.jar").read()
    jar.parent.mkdir(parents=True, exist_ok=True)
    partial = jar.with_suffix(f".{os.getpid()}.part")
    partial.write_bytes(data)
    partial.replace(jar)
    return jar


def java() -> str:
    found = shutil.which("java")
    if found is None:
        _unavailable("java is missing (apt-get install default-jre-headless)")
    return found


def validate(site: Path) -> list[dict]:
    """vnu's errors (not its informational messages) for every HTML file under `site`."""
    result = subprocess.run([java(), "-jar", str(vnu_jar()), "--errors-only", "--format", "json",
                             "--skip-non-html", str(site)], capture_output=True, text=True, timeout=900)
    report = json.loads(result.stderr or "{}")  # vnu writes its JSON report to standard error
    if result.returncode not in (0, 1) or "messages" not in report:
        raise AssertionError(f"vnu failed ({result.returncode}): {result.stderr[-2000:]}")
    return [message for message in report["messages"] if message.get("type") != "info"]
