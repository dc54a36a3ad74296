"""One MkDocs build with commhub's settings, in the process `commhub build` starts for it.

`python -m commhub.mkdocs.run -f mkdocs.yml -d SITE [--jobs N] [--languages km,zh] [--preview] [--strict] [-q|-v]`
does what `mkdocs build` does (load the configuration, run the build between the plugins'
startup and shutdown events), with the commhub plugin's `jobs` and `languages` options set from
the command line: settings reach the plugin as its configuration, never through environment
variables. Every failure ends as a message and exit code 1; the traceback only with `-v`.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import traceback

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

# MkDocs's own console format ("INFO    -  …", coloured on a terminal), as `mkdocs build` prints.
from mkdocs.__main__ import ColorFormatter

from commhub.i18n.messages import Messages

log = logging.getLogger("mkdocs")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="commhub build", add_help=False)
    parser.add_argument("-f", "--config-file", required=True)
    parser.add_argument("-d", "--site-dir", required=True)
    parser.add_argument("--jobs", type=int, default=0)
    parser.add_argument("--languages", default="")
    parser.add_argument("-s", "--strict", action="store_true")
    parser.add_argument("--preview", action="store_true")
    parser.add_argument("-q", "--quiet", action="store_true")
    parser.add_argument("-v", "--verbose", action="store_true")
    known, unknown = parser.parse_known_args(argv)
    known.unknown = unknown
    return known


def show_logs(verbose: bool, quiet: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    log.addHandler(handler)
    log.propagate = False
    log.setLevel(logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO)


def run(argv: list[str]) -> int:
    options = parse(argv)
    messages = Messages("vi")  # until the configuration names the build's language (messages_language)
    show_logs(options.verbose, options.quiet)
    if options.unknown:
        log.error(messages("problem.build_option_unknown", options=" ".join(options.unknown),
                           allowed="--strict, --preview, -q, -v"))
        return 1
    try:
        config = load_config(config_file=options.config_file, site_dir=options.site_dir, strict=options.strict or None)
        plugin = config.plugins.get("commhub")
        if plugin is not None:
            messages = Messages(plugin.config.messages_language)
            plugin.config.jobs = options.jobs or plugin.config.jobs
            plugin.config.require_site_url = not options.preview  # a build to publish needs its address
            plugin.config.languages = [code for code in options.languages.split(",") if code] \
                or plugin.config.languages
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except Abort as abort:  # MkDocs has logged why (strict warnings, a BuildError)
        log.error(aborted(messages, str(abort)))
        return 1
    except (ConfigurationError, MkDocsException) as error:
        log.error(str(error))
        return 1
    except Exception as error:  # noqa: BLE001 - a message, not a traceback, for whoever builds
        log.debug(traceback.format_exc())
        log.error(messages("problem.build_crashed", error=f"{type(error).__name__}: {error}"))
        return 1
    return 0


def aborted(messages: Messages, text: str) -> str:
    """MkDocs's last words ("Aborted with 2 warnings in strict mode!") in the build's language."""
    strict = re.search(r"Aborted with (\d+) warnings? in strict mode", text)
    if strict:
        return messages("problem.build_aborted_strict", count=strict.group(1))
    if "Aborted with a BuildError" in text:
        return messages("problem.build_aborted_error")
    return text


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
