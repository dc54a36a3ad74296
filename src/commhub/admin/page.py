"""The browser editor's folder in the built site: `admin/` with its page, configuration and Sveltia CMS.

The page carries its own Content-Security-Policy (documented in CONTRIBUTING.md): scripts only
commhub's start script and Sveltia, each by its SHA-384; styles inline too (Svelte injects its
components' styles); connections to the site itself and, for the GitHub backend, to GitHub's API
and the OAuth client if one is set. The public pages keep their own, stricter policy
(site/csp.py); nothing of the admin is linked from them, searched or put in the sitemap.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from commhub.admin.config import AdminSettings, cms_config
from commhub.admin.vendor import SVELTIA_LOCALES
from commhub.content.model import Content
from commhub.i18n.messages import Messages
from commhub.site.csp import integrity

ASSETS = Path(__file__).parent / "assets"
FOLDER = "admin"
GITHUB_API = "https://api.github.com"
GITHUB_IMAGES = "https://avatars.githubusercontent.com"


def write_admin(site_dir: Path, content: Content, settings: AdminSettings, messages: Messages,
                vendor: Path) -> Path:
    """Write `<site_dir>/admin/`; return that folder."""
    folder = Path(site_dir) / FOLDER
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(vendor, folder, ignore=shutil.ignore_patterns("COMPLETE"))
    for name in ("boot.js", "fonts.css"):
        shutil.copyfile(ASSETS / name, folder / name)
    config = cms_config(content, settings, messages)
    (folder / "config.yml").write_text(
        "# Made by commhub from the content schema at each build: edit the schema, not this file.\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    page = admin_page(content, settings, config["app_title"], integrity(folder / "boot.js"),
                      integrity(folder / "sveltia-cms.js"))
    (folder / "index.html").write_text(page, encoding="utf-8")
    return folder


def admin_policy(settings: AdminSettings, boot_hash: str, sveltia_hash: str) -> str:
    connect = ["'self'", "blob:", "data:"]
    images = ["'self'", "blob:", "data:"]
    if not settings.is_test:
        connect.append(GITHUB_API)
        images.append(GITHUB_IMAGES)
        if settings.auth_url:
            parts = urlsplit(settings.auth_url)
            connect.append(f"{parts.scheme}://{parts.netloc}")
    return "; ".join((
        "default-src 'self'",
        f"script-src '{boot_hash}' '{sveltia_hash}'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src {' '.join(images)}",
        "font-src 'self'",
        f"connect-src {' '.join(connect)}",
        "media-src 'self' blob: data:",
        "worker-src 'self' blob:",
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ))


def ui_locale(lang: str) -> str:
    """Sveltia's interface language for a hub language (English when Sveltia has none)."""
    for code in SVELTIA_LOCALES:
        if code == lang or code.split("-")[0] == lang:
            return code
    return "en-US"


def admin_page(content: Content, settings: AdminSettings, title: str, boot_hash: str, sveltia_hash: str) -> str:
    lang = content.default_language.code
    e = html.escape
    return f"""<!doctype html>
<html lang="{e(lang)}" data-ui-locale="{e(ui_locale(lang))}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{e(admin_policy(settings, boot_hash, sveltia_hash))}">
<meta name="robots" content="noindex, nofollow">
<meta name="referrer" content="same-origin">
<title>{e(title)}</title>
<link rel="stylesheet" href="fonts.css">
<link href="config.yml" type="application/yaml" rel="cms-config-url">
<script src="boot.js" integrity="{e(boot_hash)}"></script>
</head>
<body>
<script src="sveltia-cms.js" integrity="{e(sveltia_hash)}"></script>
</body>
</html>
"""
