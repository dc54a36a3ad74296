"""Build the site in several processes, one group of languages each, then merge.

One MkDocs run renders pages one after another on one core. `commhub build
--jobs N` starts N runs of `mkdocs build`, each told by LANGUAGES_ENV which
languages to render (the plugin leaves the other languages' pages empty, so
MkDocs does not write them), each into its own folder. The run that holds the
default language also writes everything at the root (assets, media, sitemap,
open data). The merge moves each other run's `<lang>/` and `search/<lang>/`
folders into the first one, and the result replaces the site folder in one
rename: a failed build leaves the previous site untouched.

The same two steps spread a build over machines: one CI job per group of
languages runs `commhub build --languages km,zh --part-dir part-km-zh`, and a
last job runs `commhub merge part-* --site-dir site` (see README).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LANGUAGES_ENV = "COMMHUB_LANGUAGES"
AUTO_PARALLEL_FROM = 300  # products; see build_parallel


def plan_groups(languages: list[str], weights: dict[str, float], jobs: int) -> list[list[str]]:
    """Split languages into at most `jobs` groups of similar weight; the first language stays first."""
    jobs = max(1, min(jobs, len(languages)))
    groups: list[list[str]] = [[] for _ in range(jobs)]
    totals = [0.0] * jobs
    groups[0].append(languages[0])
    totals[0] += weights.get(languages[0], 1.0)
    for lang in sorted(languages[1:], key=lambda code: -weights.get(code, 1.0)):
        lightest = totals.index(min(totals))
        groups[lightest].append(lang)
        totals[lightest] += weights.get(lang, 1.0)
    return [[code for code in languages if code in group] for group in groups if group]


def language_weights(content) -> dict[str, float]:
    """Rough cost per language: a fallback page reuses its text's rendering but not the template's."""
    weights = {}
    for language in content.languages:
        real = sum(1 for product in content.products.values()
                   if language.code in product.versions and product.versions[language.code].is_published)
        weights[language.code] = real + 0.6 * (len(content.products) - real) + 10
    return weights


def build_part(config_file: Path, languages: list[str], part_dir: Path, extra_args=()) -> subprocess.Popen:
    env = {**os.environ, LANGUAGES_ENV: ",".join(languages), "NO_MKDOCS_2_WARNING": "1"}
    part_dir.mkdir(parents=True, exist_ok=True)
    (part_dir.parent / f"{part_dir.name}.json").write_text(json.dumps({"languages": languages}), encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file), "-d", str(part_dir), *extra_args],
        env=env,
    )


def part_languages(part_dir: Path) -> list[str]:
    return json.loads((part_dir.parent / f"{part_dir.name}.json").read_text(encoding="utf-8"))["languages"]


def merge(parts: list[Path], site_dir: Path) -> None:
    """Merge part folders into `site_dir`, replacing it in one rename at the end."""
    # The part with the default language is the only one with its catalogue at the root.
    primary = next(part for part in parts if (part / "catalogue" / "index.html").is_file())
    for part in parts:
        if part == primary:
            continue
        for lang in part_languages(part):
            for relative in (Path(lang), Path("search") / lang):
                target = primary / relative
                if target.exists():
                    shutil.rmtree(target)
                if (part / relative).exists():
                    (part / relative).rename(target)
    swap_into_place(primary, site_dir)


def swap_into_place(new_site: Path, site_dir: Path) -> None:
    """Replace `site_dir` by `new_site` (same file system): the old site stays until the new one is whole."""
    site_dir = site_dir.resolve()
    old = site_dir.with_name(f".{site_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        site_dir.rename(old)
    new_site.rename(site_dir)
    if old.exists():
        shutil.rmtree(old)


def build_parallel(config_file: Path, site_dir: Path, jobs: int, extra_args=()) -> int:
    """`commhub build --jobs N`: parts in parallel, then merge. Returns an exit code."""
    from .content import load_content
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file))
    plugin_config = config.plugins["commhub"].config
    content_dir = (config_file.parent / plugin_config.content_dir).resolve()
    content, _ = load_content(content_dir)  # problems are reported by the builds themselves
    codes = [language.code for language in content.languages]
    if not codes:
        return subprocess.call([sys.executable, "-m", "mkdocs", "build", "-f", str(config_file),
                                "-d", str(site_dir), *extra_args])
    if jobs == 0:
        # Each process loads the content and starts MkDocs: below a few hundred products
        # that costs more than the second core gives back (BENCHMARKS.md).
        jobs = (os.cpu_count() or 1) if len(content.products) >= AUTO_PARALLEL_FROM else 1
    groups = plan_groups(codes, language_weights(content), jobs)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.build-", dir=site_dir.parent))
    try:
        parts = [work / f"part-{number}" for number in range(len(groups))]
        processes = [build_part(config_file, group, part, extra_args) for group, part in zip(groups, parts)]
        codes_returned = [process.wait() for process in processes]
        if any(codes_returned):
            return next(code for code in codes_returned if code)
        merge(parts, site_dir)
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)
