"""The pages of an offline copy (outputs/bundle.py): each page of the site as the copy has it (its
links to files of the copy, or online, or taken out; media left out named where they were; its
Content-Security-Policy for file://), and the copy's notice, on the home page, in the small
index.html at the zip's root and in README.txt, in the reader's language.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
import re
from html import escape
from urllib.parse import quote

from selectolax.lexbor import LexborHTMLParser

from commhub.outputs.bundle_site import (LINK_ELEMENTS, MAX_PAGE_BYTES, MEDIA_ELEMENTS, SEARCH_SCRIPT, Bundle,
                                         BundleError, Language, SiteFolder, Target, format_size, references,
                                         target_of)
from commhub.site.urls import absolute, relative

_INLINE_MARK = "data-commhub-inline"
# Hints to fetch early: the fonts' preload, with crossorigin, is refused under file:// (no CORS there).
HINTS = {"preload", "prefetch", "modulepreload", "preconnect", "dns-prefetch", "prerender"}
OFFLINE_KEYS = ("title", "about", "as_of", "how", "online", "open", "left_out", "left_out_item", "missing",
                "open_online", "megabytes", "size")


def rewrite_page(html: str, page: str, site: SiteFolder, language: Language, site_url: str,
                 bundle: Bundle) -> tuple[bytes, list[str], bool]:
    """The page as the copy has it, the theme files and media it uses, and whether it is the search page."""
    rewritten = _Page(html, page, site, language, site_url, bundle)
    rewritten.media()
    rewritten.links()
    return rewritten.finish(), rewritten.assets, rewritten.search_page


class _Page:
    """One page of the site, rewritten for the copy (see rewrite_page)."""

    def __init__(self, html: str, page: str, site: SiteFolder, language: Language, site_url: str, bundle: Bundle):
        self.tree = LexborHTMLParser(html)
        self.page, self.site, self.language, self.site_url, self.bundle = page, site, language, site_url, bundle
        self.t = language.t
        self.assets: list[str] = []  # the files of the copy it uses, besides pages
        self.search_page = False

    def target(self, url: str) -> Target | None:
        return target_of(self.site, self.language, self.page, url)

    def local(self, target: Target) -> str:
        """The relative link to a file of the copy."""
        link = quote(relative(self.page, target.path), safe="/")
        return link + (f"?{target.query}" if target.query else "") + (f"#{target.fragment}" if target.fragment else "")

    def online(self, target: Target) -> str:
        """The address of `target` on the site online, '' without a site_url."""
        if not self.site_url or not target.path:
            return ""
        return (absolute(self.site_url, quote(target.directory_url, safe="/"))
                + (f"?{target.query}" if target.query else "") + (f"#{target.fragment}" if target.fragment else ""))

    def kept(self, target: Target) -> bool:
        return target.kind == "media" and self.bundle.keeps(target.path, self.site.file(target.path)[1])

    def note(self, target: Target) -> str:
        """What stands where a medium left out was: its name, its size and its link online."""
        item = self.bundle.left_out_item(target.path)
        text = escape(self.t("ui.offline.missing", file=posixpath.basename(target.path),
                             size=format_size(item.size, self.t)))
        address = self.online(target)
        link = f' <a href="{escape(address)}">{escape(self.t("ui.offline.open_online"))}</a>' if address else ""
        return f'<span class="commhub-offline-missing">{text}{link}</span>'

    def media(self) -> None:
        """Images, audio and video: from the copy, or a note where one was left out."""
        replaced: set[int] = set()  # elements replaced, whose children are gone
        found = [(node, attribute, url, node.parent if node.tag in ("source", "track") else node)
                 for node, attribute, url in references(self.tree, MEDIA_ELEMENTS)]
        for node, attribute, url, holder in found:
            if node.mem_id in replaced or holder is None or holder.mem_id in replaced:
                continue
            target = self.target(url)
            if target is None:
                continue
            if target.kind == "asset" or self.kept(target):
                node.attrs[attribute] = self.local(target)
                self.assets.append(target.path)
            elif node.tag == "track":
                replaced.add(node.mem_id)
                node.decompose()
            elif attribute == "poster":
                del node.attrs["poster"]
            else:
                # Left out, or not a file of the copy: the element makes way for a note (with the
                # link online), or for its text alternative.
                if self.bundle.left_out_item(target.path) is not None:
                    replacement = self.note(target)
                else:
                    alternative = holder.attrs.get("alt") or holder.attrs.get("aria-label") or ""
                    replacement = f"<span>{escape(alternative)}</span>"
                replaced.add(holder.mem_id)
                holder.replace_with(LexborHTMLParser(replacement).css_first("span"))
        for node in self.tree.css("img[srcset], source[srcset]"):
            del node.attrs["srcset"]
        # Under file:// a fetch in CORS mode, or checked by Subresource Integrity, is refused.
        for name in ("crossorigin", "integrity"):
            for node in self.tree.css(f"[{name}]"):
                del node.attrs[name]

    def links(self) -> None:
        """Links, stylesheets, forms and scripts: to the copy's files, else online, else taken out."""
        for node, attribute, url in references(self.tree, LINK_ELEMENTS):
            if node.tag == "link" and HINTS & set((node.attrs.get("rel") or "").lower().split()):
                node.decompose()  # the stylesheet loads the fonts all the same
                continue
            target = self.target(url)
            if target is None:
                if url.startswith("//"):
                    node.attrs[attribute] = "https:" + url
            elif node.tag == "script":
                self.script(node, target)
            elif target.kind in ("page", "asset") or self.kept(target):
                node.attrs[attribute] = self.local(target)
                if target.kind != "page":
                    self.assets.append(target.path)
            else:
                self.left_out(node, attribute, target)

    def script(self, node, target: Target) -> None:
        """The search script is put inline (see bundle.py); no other script comes along."""
        if target.path == SEARCH_SCRIPT and target.kind == "asset":
            for name in ("src", "defer", "async"):
                if name in node.attrs:
                    del node.attrs[name]
            node.attrs[_INLINE_MARK] = ""
            self.search_page = True
        else:
            node.decompose()

    def left_out(self, node, attribute: str, target: Target) -> None:
        """A link to what the copy does not hold: online when the site has an address (a <link> only
        if a browser does not load it), else taken out, its text kept (a language choice goes)."""
        address = self.online(target)
        rel = set((node.attrs.get("rel") or "").lower().split())
        if address and (node.tag == "a" or (node.tag == "link" and rel <= {"alternate", "canonical"})):
            node.attrs[attribute] = address
        elif node.tag == "a":
            item = node.parent
            if item is not None and item.tag == "li" and "md-select__item" in (item.attrs.get("class") or ""):
                item.decompose()
                return
            if target.kind == "media":
                node.insert_after(LexborHTMLParser(self.note(target)).css_first("span"))
            node.unwrap()
        else:
            node.decompose()

    def finish(self) -> bytes:
        """The page's HTML: one language's selector, search and notice; its policy for file://."""
        tree = self.tree
        _drop_lonely_selector(tree)
        for aside in tree.css("aside.commhub-offline"):
            # The home page's download link (theme/commhub/offline.html) becomes the copy's notice.
            aside.inner_html = _notice_html(self.language, self.site_url, self.bundle)
        for form in tree.css("form#commhub-search"):
            form.attrs["data-languages"] = self.language.code
            for label in form.css("label.commhub-search__all"):
                label.decompose()
        script = None
        if self.search_page:
            script = self.site.read(SEARCH_SCRIPT, MAX_PAGE_BYTES).decode("utf-8")
            if re.search(r"</script|<!--|<script", script, re.I):
                raise BundleError("script_not_inlinable", file=SEARCH_SCRIPT)
        for meta in tree.css('meta[http-equiv="Content-Security-Policy"]'):
            meta.attrs["content"] = bundle_policy(meta.attrs.get("content") or "", script)
        text = tree.html
        if script is not None:
            text = text.replace(f'<script {_INLINE_MARK}=""></script>', f"<script>{script}</script>", 1)
        return text.encode("utf-8")


def _drop_lonely_selector(tree) -> None:
    """A language selector left with the page's own language only goes altogether."""
    for selector in tree.css("div.md-header__option"):
        items = selector.css("li.md-select__item")
        if selector.css_first("ul.md-select__list") is not None and len(items) < 2:
            selector.decompose()


def bundle_policy(policy: str, script: str | None) -> str:
    """The site's Content-Security-Policy for the copy: scripts only the inlined search script, by
    its hash, and the index scripts it adds ('strict-dynamic'); no script on other pages."""
    directives = [part.strip() for part in policy.split(";") if part.strip()]
    if script is not None:
        digest = base64.b64encode(hashlib.sha384(script.encode("utf-8")).digest()).decode("ascii")
        scripts = f"script-src 'sha384-{digest}' 'strict-dynamic'"
    else:
        scripts = "script-src 'none'"
    kept = [part for part in directives if part.split()[0].lower() != "script-src"]
    return "; ".join([kept[0], scripts, *kept[1:]] if kept else [scripts])


# --- the notice ---------------------------------------------------------------------------------------

def _notice_lines(language: Language, site_url: str, bundle: Bundle) -> dict:
    t = language.t
    return {
        "title": t("ui.offline.title"),
        "about": t("ui.offline.about", site=language.site_name, language=language.name),
        "as_of": t("ui.offline.as_of", date=language.newest) if language.newest else "",
        "how": t("ui.offline.how"),
        "online": absolute(site_url, language.prefix) if site_url else "",
        "online_label": t("ui.offline.online"),
        "left_out": t("ui.offline.left_out", count=len(bundle.left),
                      budget=format_size(bundle.budget, t)) if bundle.left_out else "",
    }


def _notice_html(language: Language, site_url: str, bundle: Bundle) -> str:
    """The notice as HTML, under its heading (the id the download link's aside is labelled by)."""
    lines = _notice_lines(language, site_url, bundle)
    t = language.t
    parts = [f"<h2 id=\"commhub-offline-title\">{escape(lines['title'])}</h2>",
             f"<p>{escape(lines['about'])}{(' ' + escape(lines['as_of'])) if lines['as_of'] else ''}</p>"]
    if lines["online"]:
        parts.append(f'<p>{escape(lines["online_label"])} <a href="{escape(lines["online"])}">'
                     f'{escape(lines["online"])}</a></p>')
    if bundle.left_out:
        parts.append(f"<p>{escape(lines['left_out'])}</p><ul>")
        for item in bundle.left_out:
            name = escape(t("ui.offline.left_out_item", file=item.path, size=format_size(item.size, t)))
            link = (f' <a href="{escape(item.online)}">{escape(t("ui.offline.open_online"))}</a>'
                    if item.online else "")
            parts.append(f"<li>{name}{link}</li>")
        parts.append("</ul>")
    return "".join(parts)


def root_page(language: Language, site_url: str, bundle: Bundle) -> bytes:
    """index.html at the zip's root, for a language whose home is in its folder: a link into it,
    and the notice. The theme's styles, as the home page links them; no script."""
    home = bundle.entries[language.home].data.decode("utf-8")
    tree = LexborHTMLParser(home)
    folder = posixpath.dirname(language.home)
    links = [(node.attrs["rel"], posixpath.normpath(posixpath.join(folder, node.attrs["href"])))
             for node in tree.css('link[rel="stylesheet"], link[rel="icon"]') if node.attrs.get("href")]
    styles = "".join(f'<link rel="{escape(rel)}" href="{escape(href)}">' for rel, href in links)
    policy = tree.css_first('meta[http-equiv="Content-Security-Policy"]')
    csp = policy.attrs.get("content") if policy is not None else bundle_policy("default-src 'self'", None)
    t = language.t
    open_link = escape(t("ui.offline.open", site=language.site_name, language=language.name))
    html = (
        f'<!DOCTYPE html><html lang="{escape(language.code)}"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(language.site_name)}</title>{styles}</head>"
        '<body dir="ltr"><div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">'
        '<div class="md-content"><article class="md-content__inner md-typeset">'
        f"<h1>{escape(language.site_name)}</h1>"
        f'<p><a class="md-button md-button--primary" href="{escape(language.home)}">{open_link}</a></p>'
        f'<aside class="commhub-offline">{_notice_html(language, site_url, bundle)}</aside>'
        "</article></div></div></main></div></body></html>\n")
    return html.encode("utf-8")


def readme(language: Language, site_url: str, bundle: Bundle) -> str:
    """README.txt: how to open the copy, what it holds, what it leaves out."""
    lines = _notice_lines(language, site_url, bundle)
    t = language.t
    text = [language.site_name, "=" * max(len(language.site_name), 3), "",
            lines["how"], "", " ".join(filter(None, [lines["about"], lines["as_of"]]))]
    if lines["online"]:
        text += ["", f"{lines['online_label']} {lines['online']}"]
    if bundle.left_out:
        text += ["", lines["left_out"]]
        for item in bundle.left_out:
            name = t("ui.offline.left_out_item", file=item.path, size=format_size(item.size, t))
            text.append(f"- {name}" + (f" {item.online}" if item.online else ""))
    return "\r\n".join(text) + "\r\n"  # CRLF: Windows' Notepad shows it as lines too


def notice_words(t) -> list[str]:
    """The templates of the notice's words in the language (each placeholder filled with itself)."""
    names = ("file", "size", "site", "language", "date", "count", "budget", "value")
    placeholders = {name: "{" + name + "}" for name in names}
    return [t(f"ui.offline.{key}", **placeholders) for key in OFFLINE_KEYS] + [t("ui.report.decimal_separator")]
