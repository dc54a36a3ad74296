"""`commhub bundle --lang km`: the offline copy of one language, from a built site (outputs/bundle.py).

The site plan is made as the build makes it: mkdocs.yml read by MkDocs, the content loaded (the
build that made the site checked it), the site's pages in docs/ listed as the plugin lists them.
Every refusal is a message in the editor's language (`problem.bundle.*`), never a traceback.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from commhub.i18n.messages import Messages
from commhub.outputs.bundle import (DEFAULT_MEDIA_BUDGET_MB, MAX_MEDIA_BUDGET_MB, MB, BundleError, SiteFolder,
                                    file_name, format_size, language_of, make_bundle, write_zip)

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|m|mb|g|gb|kib|mib|gib)?\s*$", re.I)
_UNITS = {None: MB, "b": 1, "k": 1000, "kb": 1000, "m": MB, "mb": MB, "g": 1000 * MB, "gb": 1000 * MB,
          "kib": 1024, "mib": 1024 ** 2, "gib": 1024 ** 3}


def parse_size(text: str) -> int:
    """Bytes of a size as an editor writes it: 200MB, 1.5GB, 500kB, 300B, 200 (megabytes)."""
    match = _SIZE.match(text or "")
    if match is None:
        raise BundleError("budget_invalid", value=text)
    size = int(float(match.group(1)) * _UNITS[(match.group(2) or "").lower() or None])
    return min(size, MAX_MEDIA_BUDGET_MB * MB)


def load_plan(config_file: Path):
    """(site plan, Messages by language, site_url, the commhub plugin's options) of the hub."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from commhub.content.hub import load_hub
    from commhub.content.loader import load_content
    from commhub.content.problems import ProblemList
    from commhub.i18n.hub_locales import load_hub_locales
    from commhub.mkdocs.docs_files import collect_docs, drop_docs_files
    from commhub.outputs.feeds import messages_by_language
    from commhub.content.targets import plan_files
    from commhub.site.plan import SitePlan

    config = load_config(config_file=str(config_file))
    plugin = config.plugins.get("commhub")
    options = dict(plugin.config) if plugin is not None else {}
    root = Path(config.config_file_path).resolve().parent
    content_dir = root / options.get("content_dir", "content")
    # Loaded, not checked again: the site was built from it, and the build checked it.
    content, problems = load_content(content_dir, hub_dir=root)
    if problems.errors or not content.languages:
        raise BundleError("content_broken", count=len(problems.errors))
    content.locales = load_hub_locales(content_dir.parent / "locales", content.languages, ProblemList())
    content.hub = load_hub(content_dir, content.languages, ProblemList())
    site_name = content.hub.texts["name"][content.default_language.code] if content.hub else config.site_name
    codes = [language.code for language in content.languages]
    files = get_files(config)
    drop_docs_files(files, Path(config.docs_dir), codes)
    docs, _ = collect_docs(files, codes, content.default_language.code)
    plan = SitePlan(content, docs, progress=bool(plan_files(content_dir)), site_name=site_name,
                    site_description=config.site_description or "")
    return plan, messages_by_language(plan), config.site_url or "", options


def run_bundle(config_file: Path, site_dir: Path, lang: str, output: Path | None, media_budget: str | None,
               messages_language: str | None, echo: Callable[[str], None], err: Callable[[str], None]) -> int:
    """Write the offline copy of `lang`; returns an exit code."""
    messages = Messages(messages_language or "vi")
    try:
        budget = parse_size(media_budget) if media_budget is not None else None
        site = SiteFolder(site_dir)
        plan, by_language, site_url, options = load_plan(config_file)
        if messages_language is None:
            messages = Messages(options.get("messages_language") or "vi")
        if lang not in plan.codes:
            raise BundleError("language_unknown", lang=lang, allowed=", ".join(plan.codes))
        if budget is None:
            budget = min(options.get("offline_media_budget_mb", DEFAULT_MEDIA_BUDGET_MB), MAX_MEDIA_BUDGET_MB) * MB
        output = output if output is not None else Path(file_name(lang))
        if output.is_dir():
            raise BundleError("output_is_folder", path=str(output), lang=lang)
        if not output.parent.is_dir():
            raise BundleError("output_invalid", path=str(output), reason=messages("problem.path_missing"))
        language = language_of(plan, by_language, lang)
        bundle = make_bundle(site, language, site_url, budget)
        try:
            size = write_zip(bundle, output)
        except OSError as error:
            raise BundleError("output_invalid", path=str(output), reason=error.strerror or str(error)) from None
    except BundleError as error:
        err(messages(f"problem.bundle.{error.code}", **error.params))
        return 1
    echo(messages("problem.bundle.written", path=str(output), language=language.name,
                  size=format_size(size, messages), files=len(bundle.entries), media=bundle.media_files))
    if bundle.left_out:
        echo(messages("problem.bundle.left_out", count=len(bundle.left_out), budget=format_size(budget, messages)))
        for item in bundle.left_out:
            echo(f"  {item.path} ({format_size(item.size, messages)})" + (f" {item.online}" if item.online else ""))
    return 0


def bundle_merged_site(site_dir: Path, config_file: Path) -> None:
    """The offline copies of a site merged from parts (`commhub merge`), as a whole build writes them."""
    import logging

    from commhub.outputs.bundle import write_bundles

    plan, by_language, site_url, options = load_plan(config_file)
    root = config_file.resolve().parent
    cache = root / options["cache_dir"] / "offline" if options.get("cache_dir") else None
    write_bundles(plan, by_language, site_dir, site_url, options, list(plan.codes),
                  logging.getLogger("mkdocs.plugins.commhub"), cache)
