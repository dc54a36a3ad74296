"""The commhub plugin's options in a hub's mkdocs.yml, declared once: the plugin's MkDocs
configuration is made from this list (mkdocs/plugin.py), and `commhub check` validates mkdocs.yml
against it (checks/mkdocs_config.py), so that both refuse the same settings."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Option:
    name: str
    kind: type  # bool, str, int or list (of strings)
    default: object
    choices: tuple[str, ...] = ()
    # What the option does, for whoever reads this list (the user-facing words are in CONTRIBUTING).
    about: str = ""


OPTIONS = (
    Option("enabled", bool, True, about="Build commhub's pages at all."),
    Option("content_dir", str, "content", about="The content folder, relative to mkdocs.yml."),
    Option("messages_language", str, "vi", ("vi", "en"), about="Language of the build's messages about content."),
    Option("demo_notice", bool, False, about="Show readers a banner: the products are a demonstration corpus."),
    Option("data_license", str, "", about='Licence named in the open-data catalogue, e.g. "CC-BY-4.0".'),
    Option("cache_dir", str, "", about="Folder keeping rendered pages across builds; empty: memory only."),
    Option("jobs", int, 0, about="Processes rendering pages; 0: one per core when the site is large."),
    Option("languages", list, [], about="Languages this build renders (one part of a split build); empty: all."),
    Option("require_site_url", bool, False, about="Refuse to build without site_url: set by `commhub build`, "
           "which builds for publishing (`commhub build --preview` does not)."),
    Option("admin_repo", str, "", about="The browser editor at /admin/: the GitHub repository it saves to "
           "(owner/name), or test-repo (files kept in the browser: demonstrations); empty: no editor."),
    Option("admin_branch", str, "", about="The branch the editor's pull requests go to; empty: the default branch."),
    Option("admin_auth_url", str, "", about="An OAuth client for signing in with GitHub (e.g. Sveltia CMS "
           "Authenticator); empty: editors sign in with a personal access token."),
    Option("printable_pdfs", bool, True, about="Write pdf/<lang>/<slug>.pdf for leaflets, posters and handbooks "
           "(outputs/pdfs.py), linked from their pages; false: none (a cold build renders each in ~0.1 s)."),
    Option("offline_bundles", bool, True, about="Write offline/commhub-<lang>.zip, one language's pages to read "
           "from a USB stick without internet (outputs/bundle.py), linked from its home page."),
    Option("offline_media_budget_mb", int, 200, about="Megabytes of media (images, audio, video, documents) an "
           "offline copy may hold; the media beyond are left online, and its notice lists them."),
)
BY_NAME = {option.name: option for option in OPTIONS}


def option_problem(option: Option, value) -> str | None:
    """None when `value` suits `option`, else what it should be (for the message)."""
    if option.kind is bool:
        ok = isinstance(value, bool)
    elif option.kind is int:
        ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
    elif option.kind is list:
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
    else:
        ok = isinstance(value, str) and (not option.choices or value in option.choices)
    if ok:
        return None
    if option.choices:
        return " | ".join(option.choices)
    return {bool: "true | false", int: "0, 1, 2…", list: "[vi, en]", str: "text"}[option.kind]
