"""The pages' Content-Security-Policy: everything from the site itself, and scripts only commhub's own.

`script-src 'self'` would let any file the site serves run as a script once some HTML injection
loads it (a media file that is also valid JavaScript). Instead the policy lists the SHA-384 of
each script commhub's templates load, and each `<script src>` carries the same hash as its
`integrity`: a browser runs no other file as a script, whatever the site serves (CSP Level 3
hashes for external scripts: Chrome 59, Firefox 116, Safari 15.6).
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

# The scripts commhub's templates load, by their path in the site (theme assets).
SCRIPTS = ("assets/javascripts/commhub-search.js",)

_POLICY = ("default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; font-src 'self'; "
           "media-src 'self'; connect-src 'self'; worker-src 'none'; object-src 'none'; frame-src 'none'; "
           "base-uri 'none'; form-action 'self'")


def integrity(path: Path) -> str:
    """The Subresource Integrity value of a file: `sha384-<base64 digest>`."""
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode("ascii")


def script_hashes(theme_dirs: list[Path]) -> dict[str, str]:
    """Each of SCRIPTS by its integrity value, from the first theme folder that has it (as MkDocs copies it)."""
    hashes = {}
    for script in SCRIPTS:
        found = next((directory / script for directory in theme_dirs if (directory / script).is_file()), None)
        if found is not None:
            hashes[script] = integrity(found)
    return hashes


def policy(hashes: dict[str, str]) -> str:
    """The Content-Security-Policy allowing exactly these scripts (none: `'none'`)."""
    scripts = " ".join(f"'{value}'" for value in sorted(set(hashes.values()))) or "'none'"
    return _POLICY.format(scripts=scripts)
