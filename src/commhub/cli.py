"""The `commhub` command. Each verb only parses its options and calls the module that does the work."""

from __future__ import annotations

import os
import subprocess
import sys

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="commhub")
def main() -> None:
    """commhub: build, check and report on a multilingual hub of communication products."""


def run_mkdocs(verb: str, args: tuple[str, ...]) -> int:
    # Material 9.7 prints a notice about MkDocs 2.0 on every run; commhub pins MkDocs 1.6 (README).
    env = {"NO_MKDOCS_2_WARNING": "1", **os.environ}
    return subprocess.call([sys.executable, "-m", "mkdocs", verb, *args], env=env)


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
def build(mkdocs_args: tuple[str, ...]) -> None:
    """Build the site (same as `mkdocs build`; extra options go to MkDocs)."""
    sys.exit(run_mkdocs("build", mkdocs_args))


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
def serve(mkdocs_args: tuple[str, ...]) -> None:
    """Serve the site with live reload on 127.0.0.1:8000 (same as `mkdocs serve`)."""
    sys.exit(run_mkdocs("serve", mkdocs_args))


@main.command()
@click.option("--content", "content_dir", default="content", show_default=True,
              type=click.Path(file_okay=False), help="The content folder.")
@click.option("--targets", "targets_file", type=click.Path(dir_okay=False),
              help="The plan's targets (default: <content>/targets.yml).")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), help="First day counted (YYYY-MM-DD).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), help="Last day counted (YYYY-MM-DD).")
@click.option("--year", type=int, help="Count one calendar year (instead of --from/--to).")
@click.option("--unit", help="Count only the products of this unit (an id from units.yml).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "markdown"]), default="table",
              show_default=True)
@click.option("--strict", is_flag=True, help="Exit 1 when any target is below its minimum.")
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True,
              help="Language of labels and messages.")
def report(content_dir, targets_file, start, end, year, unit, fmt, strict, lang) -> None:
    """Report the product mix of a period against the plan's targets (period: the plan's, unless given)."""
    from .report import run

    sys.exit(run(content_dir, targets_file, start=start.date() if start else None, end=end.date() if end else None,
                 year=year, unit=unit, fmt=fmt, strict=strict, lang=lang,
                 out=click.echo, err=lambda line: click.echo(line, err=True)))
