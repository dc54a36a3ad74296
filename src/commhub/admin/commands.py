"""`commhub admin install` and `commhub admin config`: the browser editor without a build."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import yaml

from commhub.admin.config import TEST_REPO, AdminSettings, cms_config
from commhub.admin.vendor import PACKAGES, VendorError, install
from commhub.content.loader import load_content
from commhub.content.problems import ProblemList
from commhub.i18n.hub_locales import load_hub_locales
from commhub.i18n.messages import Messages


def run_install(lang: str, echo: Callable[[str], None]) -> int:
    """Fetch and verify Sveltia CMS and its fonts into commhub's cache (once per version)."""
    messages = Messages(lang)
    try:
        folder = install()
    except VendorError as error:
        echo(messages(f"problem.{error.code}", **error.params))
        return 1
    packages = ", ".join(f"{package.name}@{package.version}" for package in PACKAGES)
    echo(messages("problem.admin.installed", folder=str(folder), packages=packages))
    return 0


def run_config(config_file: Path, repo: str | None, lang: str, echo: Callable[[str], None]) -> int:
    """Print the editor's configuration as the build would write it (admin/config.yml)."""
    messages = Messages(lang)
    options = _plugin_options(config_file)
    settings = AdminSettings(repo or options.get("admin_repo") or TEST_REPO, options.get("admin_branch", ""),
                             options.get("admin_auth_url", ""), options.get("site_url", ""))
    problem = settings.problem()
    if problem is not None:
        echo(messages(f"problem.{problem[0]}", **problem[1]))
        return 1
    root = config_file.resolve().parent
    content, problems = load_content(root / options.get("content_dir", "content"), need_products=False,
                                     hub_dir=root)
    if problems.errors or not content.languages:
        echo(messages("problem.admin.content_broken", count=len(problems.errors)))
        return 1
    default = content.default_language.code
    hub = load_hub_locales(root / "locales", content.languages, ProblemList())
    labels = Messages(default, hub=hub)
    echo(yaml.safe_dump(cms_config(content, settings, labels), allow_unicode=True, sort_keys=False, width=100))
    return 0


def _plugin_options(config_file: Path) -> dict:
    """The commhub plugin's options in mkdocs.yml (MkDocs's loader: `!ENV` resolved), and site_url."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file))
    plugin = config.plugins.get("commhub")
    options = dict(plugin.config) if plugin is not None else {}
    options["site_url"] = config.site_url or ""
    return options
