"""The site's own files in docs/ as MkDocs lists them: only top-level pages and media are kept."""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import Files

from commhub.checks.media_types import MEDIA_TYPES
from commhub.content.docpages import RESERVED_NAMES, page_stem
from commhub.content.problems import Problem


def drop_docs_files(files: Files, docs_dir: Path, codes: list[str]) -> None:
    """Leave out of the site every file of docs/ but its top-level pages and media (checks/docs.py,
    `_docs_entry_refused`): `commhub check` refuses the others, and the build never copies them,
    whatever the check said (a page or script there would be served from the site itself)."""
    reserved = RESERVED_NAMES | set(codes)
    for file in list(files):
        source = Path(file.abs_src_path) if file.abs_src_path else None
        if source is None or docs_dir not in source.parents:
            continue
        top_level = source.parent == docs_dir and not source.is_symlink()
        page = file.src_uri.endswith(".md") and page_stem(source.name) not in reserved
        media = source.suffix.lower().lstrip(".") in MEDIA_TYPES
        if not (top_level and (page or media)):
            files.remove(file)


def collect_docs(files: Files, codes: list[str], default: str) -> tuple[dict[str, dict[str, Path]], list[Problem]]:
    """Take docs/*.md (`about.md`, `about.km.md`) out of `files`, by name and language (the site
    plan puts them back); and the problems of pages in undeclared languages."""
    docs: dict[str, dict[str, Path]] = {}
    problems = []
    for file in list(files.documentation_pages()):
        stem = file.src_uri[: -len(".md")]
        name, _, suffix = stem.rpartition(".")
        if not name:
            name, suffix = stem, default
        elif suffix not in codes:
            problems.append(Problem(Path(file.abs_src_path), 0, "docs_language_suffix_unknown",
                                    {"name": file.src_uri, "suffix": suffix, "allowed": ", ".join(codes)}))
            continue
        docs.setdefault(name, {})[suffix] = Path(file.abs_src_path)
        files.remove(file)
    return docs, problems
