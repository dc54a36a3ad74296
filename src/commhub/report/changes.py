"""`commhub changes --base REF`: what a pull request changes on the site, for its job summary.

For each product folder the change touches: its title and, per language, whether its version was
added, changed or removed, with the address of its page in the site built from the pull request
(the preview the workflow uploads); then the hub's other files (pages in docs/, registries,
settings); then every problem `commhub check` finds, in the editor's language. File names, titles
and messages come from the pull request: every value is written as Markdown text
(report/markdown_text.py), and the list has a size budget.

The changed files are what `git diff --name-status` gives between REF and the working tree: it
reads the repository, it runs nothing from it.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from commhub.checks.checker import check_hub
from commhub.checks.scope import sorted_problems
from commhub.content.loader import load_content
from commhub.content.problems import display_path
from commhub.content.products import VERSION_FILE
from commhub.i18n.messages import MessageError, Messages
from commhub.report.markdown_text import markdown_text as md

MAX_FILES = 2000  # changed files listed; beyond, counted
MAX_PROBLEMS = 500
GIT_TIMEOUT_SECONDS = 60
STATUSES = {"A": "added", "M": "changed", "D": "removed", "T": "changed"}


class ChangesError(MessageError):
    """A change that cannot be summed up (`problem.changes.<code>`)."""


@dataclass
class ProductChange:
    slug: str
    versions: dict[str, str] = field(default_factory=dict)  # language → added / changed / removed
    other_files: list[tuple[str, str]] = field(default_factory=list)  # (name, status): product.yml, media


def changed_files(root: Path, base: str) -> list[tuple[str, str]]:
    """(status letter, path relative to `root`) of each file that differs from `base`."""
    if base.startswith("-"):
        raise ChangesError("changes_base_invalid", base=base)
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "diff", "--name-status", "--no-renames", "-z", base, "--", "."],
            capture_output=True, timeout=GIT_TIMEOUT_SECONDS, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ChangesError("changes_git_failed", reason=str(error)) from None
    if result.returncode != 0:
        raise ChangesError("changes_git_failed", reason=result.stderr.decode("utf-8", "replace").strip()[:300])
    fields = result.stdout.decode("utf-8", "replace").split("\0")
    prefix = _repo_prefix(root)
    pairs = [(status[:1], path) for status, path in zip(fields[0::2], fields[1::2])]
    # Files not yet added to git (a local run before committing) are new too.
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", "--full-name", "--", ".")
    pairs += [("A", path) for path in untracked.split("\0") if path]
    return sorted((status, path[len(prefix):]) for status, path in pairs if path.startswith(prefix))


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=GIT_TIMEOUT_SECONDS,
                            check=False)
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else ""


def _repo_prefix(root: Path) -> str:
    """`root` relative to the repository's top (git diff names paths from there)."""
    return _git(root, "rev-parse", "--show-prefix").strip()


def group_changes(files: list[tuple[str, str]], content_dir: str) -> tuple[dict[str, ProductChange], list]:
    """Changed product folders by slug, and the hub's other changed files as (status, path)."""
    products: dict[str, ProductChange] = {}
    others = []
    products_dir = f"{content_dir}/products/"
    for status, path in files:
        if not path.startswith(products_dir) or path.count("/") != products_dir.count("/") + 1:
            others.append((status, path))
            continue
        slug, name = path[len(products_dir):].split("/")
        change = products.setdefault(slug, ProductChange(slug))
        match = VERSION_FILE.match(name)
        if match and match.group("lang"):
            change.versions[match.group("lang")] = STATUSES.get(status, "changed")
        else:
            change.other_files.append((name, STATUSES.get(status, "changed")))
    return products, others


def changes_markdown(root: Path, base: str, lang: str, content_dir: str = "content") -> str:
    """The job summary: changed pages per language, other changed files, problems."""
    t = Messages(lang)
    files = changed_files(root, base)
    listed, left = files[:MAX_FILES], len(files) - MAX_FILES
    products, others = group_changes(listed, content_dir)
    content, _ = load_content(root / content_dir)
    default = content.default_language.code if content.languages else lang
    lines = [f"## {t('changes.title')}", "", t("changes.preview"), ""]
    if products:
        lines += [f"### {t('changes.products')}", "",
                  f"| {t('changes.product')} | {t('changes.language')} | {t('changes.change')} | {t('changes.page')} |",
                  "| --- | --- | --- | --- |"]
        for slug in sorted(products):
            lines += _product_rows(products[slug], content, default, t)
        lines.append("")
    if others:
        lines += [f"### {t('changes.other_files')}", ""]
        lines += [f"- {md(path)}: {t('changes.status.' + STATUSES.get(status, 'changed'))}"
                  for status, path in others]
        lines.append("")
    if left > 0:
        lines += [t("changes.more_files", count=left), ""]
    if not files:
        lines += [t("changes.nothing"), ""]
    lines += _problems(root / content_dir, t)
    return "\n".join(lines) + "\n"


def _product_rows(change: ProductChange, content, default: str, t: Messages) -> list[str]:
    product = content.products.get(change.slug)
    title = None
    if product is not None:
        version = product.versions.get(default) or product.original or next(iter(product.versions.values()), None)
        title = version.title if version else None
    name = f"{md(title)} ({md(change.slug)})" if title else f"{md(change.slug)}"
    rows = []
    languages = sorted(change.versions) or ["—"]
    for lang in languages:
        status = change.versions.get(lang, "changed")
        page = "—"
        if product is not None and lang in product.versions and product.versions[lang].is_published:
            prefix = "" if lang == default else f"{lang}/"
            page = md(f"/{prefix}products/{change.slug}/")
        elif product is not None and lang in product.versions:
            page = t("changes.draft")
        elif status != "removed" and product is None:
            page = t("changes.not_published")
        rows.append(f"| {name} | {md(lang)} | {t('changes.status.' + status)} | {page} |")
    if change.other_files:
        files = ", ".join(f"{md(file)} ({t('changes.status.' + status)})" for file, status in sorted(change.other_files))
        rows.append(f"| {name} | — | {t('changes.files')}: {files} | — |")
    return rows


def _problems(content_dir: Path, t: Messages) -> list[str]:
    problems = check_hub(content_dir)
    ordered = sorted_problems(problems)
    lines = [f"### {t('changes.problems')}", "",
             t("problem.check_summary", errors=len(problems.errors), warnings=len(problems.warnings)), ""]
    if ordered:
        lines += [f"| {t('changes.file')} | {t('changes.line')} | {t('changes.severity')} | {t('changes.message')} |",
                  "| --- | --- | --- | --- |"]
        for problem in ordered[:MAX_PROBLEMS]:
            severity = t("changes.error") if problem.severity == "error" else t("changes.warning")
            path = display_path(problem.path, content_dir.parent)
            lines.append(f"| {md(path)} | {problem.line or ''} | {severity} | {md(problem.message(t))} |")
        if len(ordered) > MAX_PROBLEMS:
            lines.append("")
            lines.append(t("changes.more_problems", count=len(ordered) - MAX_PROBLEMS))
        lines.append("")
    return lines


def run_changes(root: Path, base: str, lang: str, echo: Callable[[str], None], content_dir: str = "content") -> int:
    """Print the summary; 1 when git could not say what changed, else 0 (the check decides the rest)."""
    try:
        echo(changes_markdown(root, base, lang, content_dir))
    except ChangesError as error:
        echo(Messages(lang)(f"problem.{error.code}", **error.params))
        return 1
    return 0
