"""Sveltia CMS and the fonts its interface uses, fetched from the npm registry and verified.

Each package is pinned by version and by the `integrity` (SHA-512 of the tarball) that the registry
publishes for it; a download that does not match is refused. Only named files are read from a
tarball (nothing is extracted by the archive's own paths). Sveltia loads its fonts from
cdn.jsdelivr.net and its interface strings and update check from unpkg.com: the copy commhub serves
is patched to load them from the admin folder instead, and for one bug (`PATCHES`, each expected a
fixed number of times, so that a new Sveltia version that moved them fails here instead of calling a
CDN).

The files are kept under `$XDG_CACHE_HOME/commhub/vendor/` (default `~/.cache/commhub/vendor/`),
outside any checkout: `commhub admin install` fills it, and a build with an admin page fills it
when empty.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import secrets
import tarfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

DEFAULT_REGISTRY = "https://registry.npmjs.org"
MAX_TARBALL_BYTES = 40 * 1024 * 1024
DOWNLOAD_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # as the registry publishes it: "sha512-<base64>"
    files: dict[str, str]  # path in the tarball → path under the admin folder

    @property
    def tarball_name(self) -> str:
        return f"{self.name.split('/')[-1]}-{self.version}.tgz"


SVELTIA_VERSION = "0.221.1"
UNPKG_SVELTIA = "https://unpkg.com/@sveltia/cms"
FONTS_CDN = "https://cdn.jsdelivr.net/fontsource/fonts/"

# The interface languages of Sveltia that commhub serves (its `locales/` files; English is built in).
SVELTIA_LOCALES = ("vi", "fr", "zh-CN", "zh-TW", "ja", "ko", "ru")

PACKAGES = (
    Package("@sveltia/cms", SVELTIA_VERSION,
            "sha512-J+Qoik9kGMk2L7vNpOQrnDmFRi+NB6vwJ0f657YtsxWH0P8WYSYRRSRC2pQ/jGGbVlM//Pg/WIgmkpswqoo3gQ==",
            {"package/dist/sveltia-cms.js": "sveltia-cms.js",
             "package/LICENSE.txt": "LICENSE.sveltia-cms.txt",
             "package/package.json": "sveltia-cms/package.json",
             # Its configuration's JSON schema (tests validate commhub's configuration against it).
             "package/schema/sveltia-cms.json": "sveltia-cms/schema/sveltia-cms.json",
             **{f"package/locales/{code}.json": f"sveltia-cms@{SVELTIA_VERSION}/locales/{code}.json"
                for code in SVELTIA_LOCALES}}),
    Package("@fontsource-variable/source-sans-3", "5.3.0",
            "sha512-dpi0GZk7EQe2tYpg6Q0Fx0OmUgnuGu+0rHPgtXqtKhglYmJuP7jZ12Mu1uN+NfRaJRY1Emn8AQJEWzmoZ4wa9g==",
            {f"package/files/source-sans-3-{subset}-wght-normal.woff2": f"fonts/source-sans-3-{subset}.woff2"
             for subset in ("latin", "latin-ext", "vietnamese")} | {"package/LICENSE": "fonts/LICENSE.source-sans-3.txt"}),
    Package("@fontsource/noto-mono", "5.3.0",
            "sha512-QZieY3OyKEImCXg3HRiF6p6/H0GXX94uEb53ayLyQgCTB20LdkvsyJIgigo6lAGmVw3WEs40DdG5KTqpxfwgGg==",
            {"package/files/noto-mono-latin-400-normal.woff2": "fonts/noto-mono-latin.woff2",
             "package/LICENSE": "fonts/LICENSE.noto-mono.txt"}),
    Package("@fontsource-variable/material-symbols-outlined", "5.3.7",
            "sha512-d6kLamaMdad40AYoyJEBgCH63fRLklC7GW7bgb7WWbPh/UzuW483Dlyfmn3vxpiNsHLIMBOcYYkZDtOC9Y3MUA==",
            {"package/files/material-symbols-outlined-latin-wght-normal.woff2": "fonts/material-symbols-outlined.woff2",
             "package/LICENSE": "fonts/LICENSE.material-symbols.txt"}),
)

# (text in sveltia-cms.js, its replacement, how many times it must occur).
PATCHES = (
    (f"{FONTS_CDN}source-sans-3:vf@5.3.0/latin-wght-normal.woff2", "fonts/source-sans-3-latin.woff2", 1),
    (f"{FONTS_CDN}noto-mono@5.3.0/latin-400-normal.woff2", "fonts/noto-mono-latin.woff2", 1),
    (f"{FONTS_CDN}material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2",
     "fonts/material-symbols-outlined.woff2", 1),
    # Interface strings (`<base>@<version>/locales/<code>.json`) and the update check
    # (`<base>/package.json`), relative to the admin page. Also the JSON schema link it prints.
    (f"`{UNPKG_SVELTIA}`", "`sveltia-cms`", 1),
    # A fix: saving a product while some of its languages are still off (the usual case: a new product
    # starts in the default language only) threw in the language tabs, whose check of each language's
    # fields found no result for a language that is off (tests/browser/test_admin.py).
    ("Object.values(R(l)[t]).some(({valid:e})=>!e)", "Object.values(R(l)[t]??{}).some(({valid:e})=>!e)", 1),
)


class VendorError(Exception):
    """A package could not be fetched or did not verify; `code` names the message."""

    def __init__(self, code: str, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params


def vendor_dir() -> Path:
    """Where the verified files are kept, one folder per Sveltia version."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "commhub" / "vendor" / f"sveltia-cms-{SVELTIA_VERSION}"


def registry_url() -> str:
    """npm's registry, or the mirror set for npm itself (`npm_config_registry`)."""
    url = os.environ.get("npm_config_registry") or os.environ.get("NPM_CONFIG_REGISTRY") or DEFAULT_REGISTRY
    return url.rstrip("/")


def installed(directory: Path | None = None) -> bool:
    directory = directory or vendor_dir()
    return (directory / "COMPLETE").is_file()


def install(directory: Path | None = None, fetch=None) -> Path:
    """Fetch, verify and patch every package into `directory` (default `vendor_dir()`), unless done.

    `fetch(url) -> bytes`: how a tarball is downloaded (tests hand in a local one).
    """
    directory = directory or vendor_dir()
    if installed(directory):
        return directory
    fetch = fetch or _download
    files: dict[str, bytes] = {}
    for package in PACKAGES:
        url = f"{registry_url()}/{package.name}/-/{package.tarball_name}"
        tarball = fetch(url)
        verify(package, tarball)
        files.update(_members(package, tarball))
    files["sveltia-cms.js"] = patch(files["sveltia-cms.js"])
    _write_all(directory, files)
    return directory


def verify(package: Package, tarball: bytes) -> None:
    algorithm, _, expected = package.integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode("ascii")
    if actual != expected:
        raise VendorError("vendor_integrity", package=f"{package.name}@{package.version}",
                          expected=package.integrity, actual=f"{algorithm}-{actual}")


def patch(script: bytes) -> bytes:
    text = script.decode("utf-8")
    for old, new, count in PATCHES:
        found = text.count(old)
        if found != count:
            raise VendorError("vendor_patch", text=old, expected=count, found=found, version=SVELTIA_VERSION)
        text = text.replace(old, new)
    return text.encode("utf-8")


def _members(package: Package, tarball: bytes) -> dict[str, bytes]:
    out = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member_name, target in package.files.items():
            try:
                member = archive.getmember(member_name)
            except KeyError:
                raise VendorError("vendor_file_missing", package=f"{package.name}@{package.version}",
                                  file=member_name) from None
            handle = archive.extractfile(member) if member.isfile() else None
            if handle is None:
                raise VendorError("vendor_file_missing", package=f"{package.name}@{package.version}",
                                  file=member_name)
            out[target] = handle.read()
    return out


def _write_all(directory: Path, files: dict[str, bytes]) -> None:
    """Written under a temporary name and renamed into place whole, marked COMPLETE last."""
    directory.parent.mkdir(parents=True, exist_ok=True)
    temporary = directory.parent / f".{directory.name}.{os.getpid()}.{secrets.token_hex(4)}"
    for relative, data in files.items():
        path = temporary / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    (temporary / "COMPLETE").write_text(json.dumps(
        {package.name: package.version for package in PACKAGES}, indent=1) + "\n", encoding="utf-8")
    try:
        temporary.rename(directory)
    except OSError:
        if not installed(directory):  # else another process finished first: its copy is as good
            raise
        _remove_tree(temporary)


def _remove_tree(path: Path) -> None:
    for child in sorted(path.rglob("*"), reverse=True):
        child.rmdir() if child.is_dir() else child.unlink()
    path.rmdir()


def _download(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/octet-stream"})
    try:
        with urllib.request.urlopen(request, timeout=DOWNLOAD_TIMEOUT_SECONDS) as response:
            data = response.read(MAX_TARBALL_BYTES + 1)
    except (urllib.error.URLError, OSError) as error:
        raise VendorError("vendor_download", url=url, reason=str(getattr(error, "reason", error))) from None
    if len(data) > MAX_TARBALL_BYTES:
        raise VendorError("vendor_too_large", url=url, limit=MAX_TARBALL_BYTES // (1024 * 1024))
    return data
