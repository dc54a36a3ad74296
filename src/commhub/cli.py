"""The `commhub` command. Each verb only parses its options and calls the module that does the work."""

from __future__ import annotations

import subprocess
import sys

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="commhub")
def main() -> None:
    """commhub: build, check and report on a multilingual hub of communication products."""


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
def build(mkdocs_args: tuple[str, ...]) -> None:
    """Build the site (same as `mkdocs build`; extra options go to MkDocs)."""
    sys.exit(subprocess.call([sys.executable, "-m", "mkdocs", "build", *mkdocs_args]))


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("mkdocs_args", nargs=-1, type=click.UNPROCESSED)
def serve(mkdocs_args: tuple[str, ...]) -> None:
    """Serve the site with live reload on 127.0.0.1:8000 (same as `mkdocs serve`)."""
    sys.exit(subprocess.call([sys.executable, "-m", "mkdocs", "serve", *mkdocs_args]))
