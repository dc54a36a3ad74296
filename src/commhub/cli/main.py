"""The `commhub` command. Each verb only parses its options and calls the module that does the work."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from commhub.content.model import PRODUCT_TYPES


class CommhubGroup(click.Group):
    """The verbs, each ending on an error in the program (a bug, a process that died) with a message
    in the editor's language instead of a traceback; `commhub --debug VERB …` shows the traceback."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["commhub.args"] = list(args)  # for the language of a message about a crash
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:  # noqa: BLE001 - a message for whoever runs the command
            if ctx.params.get("debug"):
                raise
            from commhub.i18n.messages import Messages

            words = ctx.meta.get("commhub.args", [])
            lang = "en" if "--lang=en" in words or any(
                word == "--lang" and following == "en" for word, following in zip(words, words[1:])) else "vi"
            summary = f"{type(error).__name__}: {error}".strip().splitlines()[0]
            click.echo(Messages(lang)("problem.command_crashed", error=summary), err=True)
            ctx.exit(1)


@click.group(cls=CommhubGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="commhub")
@click.option("--debug", is_flag=True, help="Show the traceback when commhub stops on an error in the program.")
def main(debug: bool) -> None:
    """commhub: build, check and report on a multilingual hub of communication products."""


@main.command(context_settings={"ignore_unknown_options": True})
@click.option("-f", "--config-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default="mkdocs.yml", show_default=True, help="The MkDocs configuration.")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default="site",
              show_default=True, help="Where the site is written (replaced only when the build succeeds).")
@click.option("-j", "--jobs", type=click.IntRange(0, 64), default=0, show_default=True,
              help="Processes rendering pages side by side (0: one per core for large sites, else 1).")
@click.option("--languages", help="Build only these languages (comma-separated), as one part to merge later.")
@click.option("--part-dir", type=click.Path(file_okay=False, path_type=Path),
              help="With --languages: the folder for this part (see `commhub merge`).")
@click.option("--preview", is_flag=True,
              help="A preview, not for publishing (a pull request's): site_url may be missing.")
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
def build(config_file: Path, site_dir: Path, jobs: int, languages: str | None, part_dir: Path | None,
          preview: bool, mkdocs_args: tuple[str, ...]) -> None:
    """Build the site: the same output as `mkdocs build`, swapped into place only when whole.

    A build is for publishing: it fails when mkdocs.yml has no site_url, unless --preview.
    Extra options (e.g. --strict) go to MkDocs.
    """
    from commhub.cli.build import build_part, build_site

    if preview:
        mkdocs_args = ("--preview", *mkdocs_args)

    if languages:
        sys.exit(build_part(config_file, languages.split(","), part_dir or Path(f"part-{languages}"), mkdocs_args))
    sys.exit(build_site(config_file.resolve(), site_dir.resolve(), jobs, mkdocs_args))


@main.command()
@click.argument("parts", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default="site", show_default=True)
@click.option("-f", "--config-file", type=click.Path(dir_okay=False, path_type=Path), default="mkdocs.yml",
              show_default=True, help="The hub's MkDocs configuration: the merged site's offline copies are made from it.")
def merge(parts: tuple[Path, ...], site_dir: Path, config_file: Path) -> None:
    """Merge parts built with `commhub build --languages … --part-dir …` into the site, then write the
    whole site's offline copies."""
    from commhub.cli.build import merge as merge_parts

    merge_parts([part.resolve() for part in parts], site_dir.resolve(), config_file)


@main.command()
@click.option("--lang", "language", required=True, help="The language of the copy (a code from languages.yml).")
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path), default="site",
              show_default=True, help="The built site (`commhub build`).")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="The zip file to write (default: commhub-<lang>.zip here).")
@click.option("--media-budget", metavar="SIZE",
              help="Media the copy may hold, e.g. 200MB or 1.5GB (default: the plugin's offline_media_budget_mb).")
@click.option("-f", "--config-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default="mkdocs.yml", show_default=True, help="The MkDocs configuration.")
@click.option("--messages-language", type=click.Choice(["vi", "en"]),
              help="Language of the messages (default: the plugin's messages_language, else vi).")
def bundle(language, site_dir, output, media_budget, config_file, messages_language) -> None:
    """Make the offline copy of one language: a zip of its pages, search and media from the built site,
    to unzip on a computer without internet and open index.html from there."""
    from commhub.cli.bundle import run_bundle

    sys.exit(run_bundle(config_file, site_dir, language, output, media_budget, messages_language, click.echo,
                        lambda line: click.echo(line, err=True)))


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
def serve(mkdocs_args: tuple[str, ...]) -> None:
    """Serve the site with live reload on 127.0.0.1:8000 (`mkdocs serve --dirty`).

    --dirty keeps the site folder between rebuilds, so that an edit rewrites only the pages it
    changed; commhub still builds every page, search index and feed of the site each time.
    """
    dirty = () if {"--clean", "-c", "--dirty"} & set(mkdocs_args) else ("--dirty",)
    # Become `mkdocs serve` (no child process): stopping this process stops the server.
    os.execve(sys.executable, [sys.executable, "-m", "mkdocs", "serve", *dirty, *mkdocs_args],
              {"NO_MKDOCS_2_WARNING": "1", **os.environ})


@main.command()
@click.option("--refresh", is_flag=True, required=True,
              help="Record the original's current SHA-256 in each translation's source_sha.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of the messages.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def translate(refresh: bool, lang: str, paths: tuple[Path, ...]) -> None:
    """After updating a translation (index.<lang>.md, or a product folder: all of its translations),
    mark it as made from the original as it is now."""
    from commhub.scaffold.translate import run_refresh

    sys.exit(run_refresh(list(paths), lang, click.echo))


@main.command()
@click.option("--content", "content_dir", default="content", show_default=True,
              type=click.Path(file_okay=False), help="The content folder.")
@click.option("--plan", "plans", multiple=True, metavar="ID",
              help="Report on this plan (content/plans/ID.yml; repeatable). Default: every plan in force in the period.")
@click.option("--period", help="2025, 2025-H1, 2025-Q3, 2025-03, or FROM..TO (default: the plan's period).")
@click.option("--targets", "targets_file", type=click.Path(dir_okay=False),
              help="One plan file instead of the hub's plans.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day counted (YYYY-MM-DD).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day counted (YYYY-MM-DD).")
@click.option("--year", type=click.IntRange(1, 9999), help="Count one calendar year (as --period YEAR).")
@click.option("--unit", help="Count only the products of this unit and of the units under it (an id from units.yml).")
@click.option("--units", "units_mode", type=click.Choice(["as-of", "current"]), default="as-of", show_default=True,
              help="as-of: each product under the unit it was published under; current: under today's successor.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown", "docx", "xlsx"]),
              default="table", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (required for docx and xlsx; else standard output).")
@click.option("--explain", multiple=True, metavar="TARGET",
              help="List the products behind a target's figure (its id, PLAN/ID, or all; repeatable).")
@click.option("--number", help="docx: the document's number and symbol (e.g. 'Số: 12/BC-STP').")
@click.option("--place", help="docx: the place written before the date (default: the hub's province).")
@click.option("--signer", help="docx: the signing position (e.g. 'GIÁM ĐỐC').")
@click.option("--strict", is_flag=True, help="Exit 1 when any target is below its goal.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of labels and messages.")
def report(content_dir, plans, period, targets_file, start, end, year, unit, units_mode, fmt, output, explain,
           number, place, signer, strict, lang) -> None:
    """Report the product mix of a period against the targets of every plan in force (or of --plan)."""
    from commhub.report.command import ReportRequest, run

    document = {key: value for key, value in (("number", number), ("place", place), ("signer", signer)) if value}
    request = ReportRequest(Path(content_dir), Path(targets_file) if targets_file else None, tuple(plans), period,
                            start.date() if start else None, end.date() if end else None, year, unit, units_mode,
                            fmt, output, tuple(explain), strict, lang, document=document)
    sys.exit(run(request, out=click.echo, err=lambda line: click.echo(line, err=True)))


@main.command()
@click.option("--content", "content_dir", default="content", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The content folder.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of the messages.")
@click.option("--fix", is_flag=True, help="First rewrite, in place, files not in Unicode NFC and what pasting from Word left (non-breaking indentation, curly quotes around values, bullets, invisible characters).")
@click.option("--format", "fmt", type=click.Choice(["text", "github"]), default="text", show_default=True,
              help="github: also as GitHub Actions annotations, shown on the pull request's changed lines.")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check(content_dir: Path, lang: str, fix: bool, fmt: str, paths: tuple[Path, ...]) -> None:
    """Check the content (or only PATHS, files or folders) and list every problem as path:line: message."""
    from commhub.checks.checker import run_check

    sys.exit(run_check(content_dir, list(paths), lang, fix, click.echo, annotate=fmt == "github"))


@main.command()
@click.argument("what", required=False, type=click.Choice(["topic", "unit", "channel"]))
@click.argument("ident", required=False, metavar="[ID]")
@click.option("--title", help="Title of the new product, in its original language.")
@click.option("--type", "product_type", type=click.Choice(PRODUCT_TYPES), help="Product type.")
@click.option("--lang", help="Language of the new file (a code from languages.yml); with topic, unit or "
              "channel: of the messages (vi or en).")
@click.option("--unit", help="Producing unit (an id from units.yml).")
@click.option("--slug", help="Folder name (default: made from the title).")
@click.option("--translate", metavar="SLUG", help="Start a translation of this product instead.")
@click.option("--name", "names", multiple=True, metavar="[LANG=]NAME",
              help="With topic, unit or channel: its name (in the default language, or LANG=NAME; repeatable).")
@click.option("--group", help="With channel: digital or traditional.")
@click.option("--level", help="With unit: its level (province, department, agency, district, commune, other).")
@click.option("--parent", help="With unit: the unit above it (an id from units.yml).")
@click.option("--from", "start", metavar="DATE", help="With unit: its first day (YYYY-MM-DD).")
@click.option("--replaces", multiple=True, metavar="UNIT",
              help="With unit and --from: a unit it replaces, which ceases the day before (repeatable; "
                   "ID may then be an existing unit the others merge into).")
@click.option("--content", "content_dir", default="content", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The content folder.")
def new(what, ident, title, product_type, lang, unit, slug, translate, names, group, level, parent, start, replaces,
        content_dir) -> None:
    """Start a product (--title, --type, --lang) or a translation (--translate SLUG --lang), or add a
    topic, unit or channel: `commhub new topic binh-dang-gioi --name "Bình đẳng giới"`; a merger of units:
    `commhub new unit thanh-pho-can-tho --name "…" --replaces tinh-soc-trang --from 2025-07-01`."""
    if what is not None:
        from commhub.scaffold.registry_entry import UnitPlace, run_add_entry

        place = UnitPlace(level, parent, start, tuple(replaces))
        sys.exit(run_add_entry(content_dir, what, ident or "", list(names), group,
                               lang if lang in ("vi", "en") else "vi", click.echo, place))
    if lang is None:
        raise click.UsageError("Missing option '--lang'.")
    from commhub.scaffold.new import run_new

    sys.exit(run_new(content_dir, title, product_type, lang, unit, slug, translate, click.echo))


@main.command()
@click.argument("directory", metavar="DIR", type=click.Path(path_type=Path))
@click.option("--name", help="The site's name, in the default language.")
@click.option("--languages", help="Language codes, comma-separated; the first is the default (e.g. vi,km,en).")
@click.option("--province", help="The province the site serves (named on its pages).")
@click.option("--agency", help="The agency running the site: the first producing unit in units.yml.")
@click.option("--site-url", help="The site's address (default: the GitHub Pages address the publish workflow sets).")
@click.option("--requirement", help="What the hub's requirements.txt installs (default: this commhub release).")
@click.option("--force", is_flag=True, help="Write into DIR even if it is not empty (files of the same names are replaced).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of the messages.")
def init(directory, name, languages, province, agency, site_url, requirement, force, lang) -> None:
    """Start a hub in DIR: configuration, content registries, an example product, pages, workflows.

    Asks for --name and --languages when they are missing and the input is a terminal.
    """
    from commhub.scaffold.init import run_init

    sys.exit(run_init(directory, name, languages, province, agency, site_url, requirement, force, lang,
                      click.echo, click.prompt, sys.stdin.isatty()))


@main.command()
@click.option("--base", required=True, help="The branch or commit the change is compared with (e.g. HEAD^1).")
@click.option("--content", "content_dir", default="content", show_default=True, help="The content folder.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of the summary.")
def changes(base, content_dir, lang) -> None:
    """What a change does to the site, in Markdown for a pull request's job summary: the pages it
    adds, changes or removes in each language, and every problem found."""
    from commhub.report.changes import run_changes

    sys.exit(run_changes(Path.cwd(), base, lang, click.echo, content_dir))


@main.group()
def admin() -> None:
    """The browser editor at /admin/ (Sveltia CMS): fetch it, show its configuration, prepare the content."""


@admin.command("install")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of the messages.")
def admin_install(lang) -> None:
    """Fetch Sveltia CMS and its fonts from the npm registry, verified by their pinned integrity
    (a build with admin_repo does it when needed)."""
    from commhub.admin.commands import run_install

    sys.exit(run_install(lang, click.echo))


@admin.command("config")
@click.option("-f", "--config-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default="mkdocs.yml", show_default=True, help="The MkDocs configuration.")
@click.option("--repo", help="The repository to save to (default: the plugin's admin_repo, else test-repo).")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of the messages.")
def admin_config(config_file, repo, lang) -> None:
    """Print the editor's configuration (admin/config.yml), made from the content schema."""
    from commhub.admin.commands import run_config

    sys.exit(run_config(config_file, repo, lang, click.echo))


@admin.command("migrate")
@click.option("--content", "content_dir", default="content", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The content folder.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of the messages.")
def admin_migrate(content_dir, lang) -> None:
    """Move each product's fields from product.yml into its default-language version, where the
    browser editor reads and writes them."""
    from commhub.scaffold.migrate import run_migrate

    sys.exit(run_migrate(content_dir, lang, click.echo))


@main.group()
def language() -> None:
    """Declare a language of the hub (content/languages.yml), or remove everything in one."""


@language.command("add")
@click.argument("code")
@click.option("--name", help="The language's name, written in the language itself.")
@click.option("--group", help="national, ethnic_minority or foreign.")
@click.option("--ui-fallback", metavar="CODE",
              help="Interface language for its pages while it has none (default: the default language's).")
@click.option("--content", "content_dir", default="content", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The content folder.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of the messages.")
def language_add(code, name, group, ui_fallback, content_dir, lang) -> None:
    """Declare CODE in languages.yml (and write locales/CODE.yml when commhub has no interface in it)."""
    from commhub.scaffold.languages import run_add

    sys.exit(run_add(content_dir, code, name, group, ui_fallback, lang, click.echo))


@language.command("remove")
@click.argument("code")
@click.option("--archive", type=click.Path(file_okay=False, path_type=Path),
              help="Move the files into this folder (at their place in the hub) instead of deleting them.")
@click.option("--dry-run", is_flag=True, help="Only list what would change.")
@click.option("--content", "content_dir", default="content", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The content folder.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of the messages.")
def language_remove(code, archive, dry_run, content_dir, lang) -> None:
    """Remove CODE and everything in it: its entry, versions, pages, interface file and names."""
    from commhub.scaffold.languages import run_remove

    sys.exit(run_remove(content_dir, code, archive, dry_run, lang, click.echo))
