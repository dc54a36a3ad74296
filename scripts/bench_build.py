"""Build benchmark of issue 6: commhub against the stock MkDocs + Material + mkdocs-static-i18n stack.

    python scripts/bench_build.py --sizes 100,1000,5000 --runs 3 --stock-max 1000 --out bench-out

Run by hand, not a test: the timings mean something only on a quiet machine.
For each size N it generates the synthetic corpus of scripts/synthetic_corpus.py
once (reused later), writes the same texts as plain suffixed Markdown for the
stock stack, and times, each as a new process tree:

- stock:   `mkdocs build` of material + search + i18n (mkdocs-static-i18n,
           docs_structure: suffix), languages vi (default), en, km, zh and
           Hmong under the stand-in locale `hm` (static-i18n refuses `hmn`);
           only for N <= --stock-max, and once only from N = 1,000 up;
- commhub: `commhub build --jobs J` and `mkdocs build` (sequential) with the
           page cache deleted before each run (cold), then `commhub build
           --jobs J` again with the cache left by the previous build (warm).

Each build reports its wall time (median of the runs), its peak memory (the
PSS and the RSS of the whole process tree, each summed over the process and all
its descendants, the maximum kept: RSS every 50 ms, PSS every 250 ms), the size
of its output and of its search index, and the ratio commhub / stock of the
wall time.

Also, unless disabled: `commhub check` and `commhub report` at 10,000 products
x 3 versions (the corpora of scripts/bench_check.py and scripts/bench_report.py),
the time `mkdocs serve` takes to serve one edited product at N = 1,000, and the
compressed weight of a product page's first view. The table is printed and
written between the markers of BENCHMARKS.md; raw figures go to OUT/results.json
and every build's log to OUT/logs/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import synthetic_corpus  # noqa: E402

PYTHON = sys.executable
# Commands run as in a normal Python installation, which keeps the bytecode of imported modules:
# some sandboxes set PYTHONDONTWRITEBYTECODE, which makes every command compile commhub again.
ENV = {**{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
       "NO_MKDOCS_2_WARNING": "1"}
MARK_START, MARK_END = "<!-- bench:start -->", "<!-- bench:end -->"
# commhub code -> stock locale: static-i18n's locale check only accepts 2-letter codes.
STOCK_LOCALES = {"vi": "vi", "en": "en", "km": "km", "zh": "zh", "hmn": "hm"}
LANGUAGE_NAMES = {code: name for code, name, *_ in synthetic_corpus.LANGUAGES}
QUADRATIC_FROM = 1000  # stock builds from this size up run once: ~6 minutes each at N = 1,000
LARGE_FROM = 5000  # commhub builds from this size up run once: minutes each
FIRST_RESULTS = 10  # results the search page shows at first (commhub-search.js PAGE_SIZE)
POLL_RSS = 0.05
POLL_PSS = 0.25
POLL_SERVE = 0.1


class BenchError(Exception):
    pass


def say(message: str) -> None:
    print(message, flush=True)


# --- running a command: wall time and peak RSS of its process tree -------------------------------------


def parent_pid(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None  # the process has just ended
    # The command name (field 2) may hold spaces and parentheses: the fields after it are safe.
    return int(stat[stat.rindex(")") + 2:].split()[1])


class ProcessTable:
    """pid -> parent pid of every process; /proc/<pid>/stat is read once per new process (cheap to poll)."""

    def __init__(self):
        self.parents: dict[int, int] = {}

    def refresh(self) -> None:
        alive = {int(name) for name in os.listdir("/proc") if name.isdigit()}
        self.parents = {pid: parent for pid, parent in self.parents.items() if pid in alive}
        for pid in alive - self.parents.keys():
            parent = parent_pid(pid)
            if parent is not None:
                self.parents[pid] = parent

    def tree(self, root: int) -> list[int]:
        """`root` and all its descendants."""
        self.refresh()
        children: dict[int, list[int]] = {}
        for pid, parent in self.parents.items():
            children.setdefault(parent, []).append(pid)
        tree, todo = [], [root]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, ()))
        return tree


MEMORY_PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def resident(pid: int) -> int:
    """RSS of one process in bytes (0 once it has ended), from /proc/PID/statm: cheap to read."""
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * MEMORY_PAGE_BYTES
    except (OSError, IndexError, ValueError):
        return 0


def proportional(pid: int) -> int:
    """PSS of one process in bytes (0 once it has ended).

    PSS counts a page shared by n processes as 1/n in each: forked processes that share
    the parent's memory are then not counted twice, as summed RSS counts them. The kernel
    walks the process's page tables for it (~8 ms for 400 MB): sampled less often than RSS.
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii", errors="replace") as rollup:
            for line in rollup:
                name, _, rest = line.partition(":")
                if name == "Pss":
                    return int(rest.split()[0]) * 1024
    except OSError:
        pass
    return 0


class PeakMemory(threading.Thread):
    """Samples a process tree: the largest sum of RSS (every POLL_RSS seconds) and of PSS (every
    POLL_PSS seconds; reading it costs the measured processes' CPU time on a machine they fill)."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.done, self.table = pid, threading.Event(), ProcessTable()
        self.peak_rss = self.peak_pss = 0

    def run(self) -> None:
        next_pss = 0.0
        while not self.done.is_set():
            tree = self.table.tree(self.pid)
            self.peak_rss = max(self.peak_rss, sum(resident(pid) for pid in tree))
            if time.monotonic() >= next_pss:
                self.peak_pss = max(self.peak_pss, sum(proportional(pid) for pid in tree))
                next_pss = time.monotonic() + POLL_PSS
            self.done.wait(POLL_RSS)

    def stop(self) -> tuple[int, int]:
        self.done.set()
        self.join()
        return self.peak_rss, self.peak_pss


@dataclass
class Run:
    seconds: float
    peak_rss: int
    returncode: int
    peak_pss: int = 0


def run_measured(command: list[str], cwd: Path, log: Path, must_succeed: bool = True) -> Run:
    """Run `command` to its end; its output goes to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("ab") as out:
        out.write(f"\n$ {shlex.join(command)}\n".encode())
        out.flush()
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        sampler = PeakMemory(process.pid)
        sampler.start()
        try:
            code = process.wait()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            seconds = time.perf_counter() - started
            peak_rss, peak_pss = sampler.stop()
    if must_succeed and code:
        raise BenchError(f"`{shlex.join(command)}` failed with exit code {code}; see {log}")
    return Run(seconds, peak_rss, code, peak_pss)


@dataclass
class Timing:
    """Several runs of one command: the median wall time, the largest peak RSS."""

    runs: list[Run] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_rss(self) -> int:
        return max(run.peak_rss for run in self.runs)

    @property
    def peak_pss(self) -> int:
        return max(run.peak_pss for run in self.runs)

    def as_dict(self) -> dict:
        return {"seconds": self.seconds, "peak_rss": self.peak_rss, "peak_pss": self.peak_pss,
                "runs": [asdict(run) for run in self.runs]}


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()


# --- corpora -------------------------------------------------------------------------------------------


def corpus(out: Path, products: int) -> Path:
    """The synthetic corpus of N products under OUT/corpus-N (content/, docs/, mkdocs.yml), made once."""
    root = out / f"corpus-{products}"
    stamp = root / "corpus.json"
    wanted = {"products": products, "images": 2, "seed": 1,
              "generator": file_digest(REPO / "scripts" / "synthetic_corpus.py")}
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == wanted:
        synthetic_corpus.write_site_files(root)  # follow the repository's mkdocs.yml
        return root
    say(f"generating the corpus of {products} products in {root} ...")
    remove(root)
    root.mkdir(parents=True)
    synthetic_corpus.generate(root, products, images=wanted["images"], seed=wanted["seed"])
    stamp.write_text(json.dumps(wanted), encoding="utf-8")
    return root


def file_digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def split_front_matter(text: str) -> tuple[dict, str]:
    import yaml

    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


STOCK_CONFIG = """\
# The stock stack, for comparison only: material + search + mkdocs-static-i18n (suffix structure).
site_name: commhub benchmark (stock stack)
docs_dir: docs
site_dir: site
theme:
  name: material
  custom_dir: overrides   # only partials/languages/{km,hm}.html, which Material lacks
  language: vi
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
"""


def stock_tree(root: Path) -> Path:
    """The same texts as plain suffixed Markdown under root/stock, with a minimal mkdocs.yml; made once."""
    stock = root / "stock"
    stamp = stock / "stock.json"
    wanted = {"corpus": json.loads((root / "corpus.json").read_text(encoding="utf-8")),
              "writer": file_digest(Path(__file__))}
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == wanted:
        return stock
    remove(stock)
    docs = stock / "docs"
    for code, locale in STOCK_LOCALES.items():
        suffix = "" if code == "vi" else f".{locale}"
        title = json.dumps(LANGUAGE_NAMES[code], ensure_ascii=False)
        write(docs / f"index{suffix}.md", f"---\ntitle: {title}\n---\n\ncommhub benchmark.\n")
    for folder in sorted((root / "content" / "products").iterdir()):
        write_stock_product(folder, docs / "products" / folder.name)
    english = material_dir() / "templates" / "partials" / "languages" / "en.html"
    for locale in ("km", "hm"):
        target = stock / "overrides" / "partials" / "languages" / f"{locale}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(english, target)
    entries = "".join(
        f"        - locale: {locale}\n          name: {json.dumps(LANGUAGE_NAMES[code], ensure_ascii=False)}\n"
        f"          build: true\n" + ("          default: true\n" if code == "vi" else "")
        for code, locale in STOCK_LOCALES.items())
    write(stock / "mkdocs.yml", STOCK_CONFIG + entries)
    stamp.write_text(json.dumps(wanted), encoding="utf-8")
    return stock


def write_stock_product(source: Path, target: Path) -> None:
    """products/<slug>/index.<locale>.md: front matter title, the summary, the images, the body."""
    import yaml

    target.mkdir(parents=True, exist_ok=True)
    media = yaml.safe_load((source / "product.yml").read_text(encoding="utf-8")).get("media") or []
    for item in media:
        shutil.copyfile(source / item["file"], target / item["file"])
    for code, locale in STOCK_LOCALES.items():
        path = source / f"index.{code}.md"
        if not path.is_file():
            continue  # static-i18n falls back to the default language by itself
        front, body = split_front_matter(path.read_text(encoding="utf-8"))
        images = "".join(f"![{item['alt'].get(code) or item['alt']['vi']}]({item['file']})\n\n" for item in media)
        write(target / f"index.{locale}.md",
              f"---\ntitle: {json.dumps(front['title'], ensure_ascii=False)}\n---\n\n"
              f"{front.get('summary', '')}\n\n{images}{body.lstrip()}")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def material_dir() -> Path:
    import material

    return Path(material.__file__).parent


# --- output figures ------------------------------------------------------------------------------------


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def site_figures(site: Path, stock: bool) -> dict:
    pages = html_bytes = total = 0
    for directory, _, files in os.walk(site):
        for name in files:
            size = os.stat(os.path.join(directory, name)).st_size
            total += size
            if name.endswith(".html"):
                pages += 1
                html_bytes += size
    if stock:
        index = site / "search" / "search_index.json"
        search = {"all": index.stat().st_size} if index.is_file() else {}
        search_gz = {"all": gzip_size(index.read_bytes())} if index.is_file() else {}
    else:
        folders = sorted(path for path in (site / "search").iterdir() if path.is_dir())
        search = {folder.name: folder_bytes(folder) for folder in folders}
        search_gz = {folder.name: sum(gzip_size(path.read_bytes()) for path in folder.glob("*.json"))
                     for folder in folders}
    return {"pages": pages, "html_bytes": html_bytes, "site_bytes": total, "search": search, "search_gz": search_gz}


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


# --- builds --------------------------------------------------------------------------------------------


def cache_dir(root: Path) -> Path:
    """The page cache folder named by the corpus's mkdocs.yml (cache_dir, relative to it)."""
    match = re.search(r"^\s*cache_dir:\s*(\S+)", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return root / (match.group(1) if match else ".commhub-cache")


def timed_builds(command: list[str], cwd: Path, site: Path, runs: int, log: Path, before=None) -> Timing:
    """`runs` builds of `command`; the site folder (and whatever `before` clears) removed before each."""
    timing = Timing()
    for number in range(runs):
        remove(site)
        if before:
            before()
        run = run_measured(command, cwd, log)
        say(f"    run {number + 1}/{runs}: {run.seconds:.1f} s, peak PSS {human_bytes(run.peak_pss)}, "
            f"RSS {human_bytes(run.peak_rss)}")
        timing.runs.append(run)
    return timing


def bench_stock(root: Path, runs: int, logs: Path) -> dict:
    stock = stock_tree(root)
    site = stock / "site"
    command = [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(stock / "mkdocs.yml"), "-d", str(site)]
    say(f"  stock: mkdocs build (material + search + static-i18n), {runs} run(s)")
    timing = timed_builds(command, stock, site, runs, logs / f"stock-{root.name}.log")
    return {"name": "stock", "label": "stock: material + search + static-i18n", "command": shlex.join(command[1:]),
            **timing.as_dict(), **site_figures(site, stock=True), "site": str(site)}


def commhub_variants(root: Path, jobs: int) -> list[tuple[str, str, list[str], Path, bool]]:
    """(name, label, command, site folder, cold) of each commhub build, in the order they run."""
    config = str(root / "mkdocs.yml")
    parallel_site, sequential_site = root / "site-parallel", root / "site-sequential"
    parallel = [PYTHON, "-m", "commhub", "build", "--jobs", str(jobs), "-f", config, "-d", str(parallel_site)]
    sequential = [PYTHON, "-m", "commhub", "build", "--jobs", "1", "-q", "-f", config, "-d", str(sequential_site)]
    return [
        ("sequential", "commhub: commhub build --jobs 1, cold", sequential, sequential_site, True),
        ("parallel", f"commhub: commhub build --jobs {jobs}, cold", parallel, parallel_site, True),
        # Runs right after the cold parallel builds: their last one left the page cache filled.
        ("warm", f"commhub: commhub build --jobs {jobs}, warm cache", parallel, parallel_site, False),
    ]


def bench_commhub(root: Path, runs: int, jobs: int, logs: Path) -> list[dict]:
    cache = cache_dir(root)
    results = []
    for name, label, command, site, cold in commhub_variants(root, jobs):
        say(f"  {label}, {runs} run(s)")
        timing = timed_builds(command, root, site, runs, logs / f"{name}-{root.name}.log",
                              before=(lambda: remove(cache)) if cold else None)
        results.append({"name": name, "label": label, "command": shlex.join(command[1:]), **timing.as_dict(),
                        **site_figures(site, stock=False), "site": str(site)})
    return results


# --- first view of a product page: HTML + CSS + JS + fonts, gzip -6 ------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


class PageParser(HTMLParser):
    """Stylesheets, scripts and inline styles a page loads, and its text by language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.inline_css: list[str] = []
        self.text: dict[str, set[str]] = {}  # language -> characters shown in it
        self.page_lang = ""
        self.stack: list[tuple[str, str]] = []  # (tag, language) of the open elements

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang") or (self.stack[-1][1] if self.stack else "")
        if tag == "html":
            self.page_lang = lang
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "").split() and attrs.get("href"):
            self.stylesheets.append(attrs["href"])
        if tag == "script" and attrs.get("src"):
            self.scripts.append(attrs["src"])
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        tag, lang = self.stack[-1] if self.stack else ("", "")
        if tag == "style":
            self.inline_css.append(data)
        elif tag not in ("script", "template", "noscript") and data.strip():
            self.text.setdefault(lang, set()).update(data)


@dataclass
class FontFace:
    family: str
    url: Path | str  # a file of the site, or an external address
    ranges: list[tuple[int, int]]

    def covers(self, char: str) -> bool:
        return any(low <= ord(char) <= high for low, high in self.ranges)


def unicode_ranges(value: str) -> list[tuple[int, int]]:
    ranges = []
    for part in value.split(","):
        part = part.strip().upper().removeprefix("U+")
        if "?" in part:
            ranges.append((int(part.replace("?", "0"), 16), int(part.replace("?", "F"), 16)))
        elif "-" in part:
            low, high = part.split("-")
            ranges.append((int(low, 16), int(high, 16)))
        elif part:
            ranges.append((int(part, 16), int(part, 16)))
    return ranges


def family_names(value: str) -> list[str]:
    return [name.strip().strip("\"'") for name in value.split(",") if name.strip()]


def font_faces(css: str, base: Path) -> list[FontFace]:
    faces = []
    for block in re.findall(r"@font-face\s*\{([^}]*)\}", css):
        family = re.search(r"font-family\s*:\s*([^;]+)", block)
        url = re.search(r"url\(\s*[\"']?([^\"')]+)", block)
        ranges = re.search(r"unicode-range\s*:\s*([^;]+)", block)
        if not (family and url):
            continue
        target = url.group(1)
        faces.append(FontFace(family_names(family.group(1))[0],
                              target if re.match(r"^[a-z]+:", target) else (base / target.split("?")[0]).resolve(),
                              unicode_ranges(ranges.group(1)) if ranges else [(0, 0x10FFFF)]))
    return faces


def families_for(css: str, lang: str) -> list[str]:
    """The font-family list of text in `lang`: a rule whose selector is exactly :lang(<lang>),
    else Material's text font (--md-text-font); the last declaration wins, as in the cascade."""
    chosen = []
    for selector_lang, body in re.findall(r"(?:^|[};])\s*:lang\(([\w-]+)\)\s*\{([^}]*)\}", css):
        declaration = re.search(r"font-family\s*:\s*([^;]+)", body)
        if declaration and lang.split("-")[0] == selector_lang:
            chosen = family_names(declaration.group(1))
    if chosen:
        return chosen
    root_fonts = re.findall(r"--md-text-font\s*:\s*([^;}]+)", css)
    return family_names(root_fonts[-1]) if root_fonts else []


def fonts_needed(faces: list[FontFace], families: list[str], chars: set[str]) -> list[FontFace]:
    """Every face a browser may fetch for `chars` set in `families`: for each character, the first
    web-font family with a face covering it, and all that family's faces covering it (all weights)."""
    needed = []
    for char in chars:
        for family in families:
            covering = [face for face in faces if face.family == family and face.covers(char)]
            if covering:
                needed.extend(face for face in covering if face not in needed)
                break
    return needed


def resolve(page: Path, url: str) -> Path | str:
    if re.match(r"^([a-z]+:)?//", url):
        return url  # external: not part of the site
    return (page.parent / url.split("?")[0].split("#")[0]).resolve()


def first_view(site: Path, page: Path, search_files: list[Path]) -> dict:
    """gzip -6 bytes of the page, its CSS, JS and the fonts its text needs; and with `search_files` added."""
    parser = PageParser()
    parser.feed(page.read_text(encoding="utf-8"))
    stylesheets = [resolve(page, url) for url in parser.stylesheets]
    scripts = [resolve(page, url) for url in parser.scripts]
    css_text, faces = re.sub(r"/\*.*?\*/", "", "\n".join(parser.inline_css), flags=re.S), []
    for sheet in stylesheets:
        if isinstance(sheet, Path) and sheet.is_file():
            text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)  # comments
            css_text += "\n" + text
            faces += font_faces(text, sheet.parent)
    families = families_for(css_text, parser.page_lang)
    fonts = fonts_needed(faces, families, parser.text.get(parser.page_lang, set()))
    parts = {"html": [page], "css": stylesheets, "js": scripts, "fonts": [face.url for face in fonts]}
    sizes = {kind: sum(gzip_size(path.read_bytes()) for path in paths if isinstance(path, Path) and path.is_file())
             for kind, paths in parts.items()}
    total = sum(sizes.values())
    search = sum(gzip_size(path.read_bytes()) for path in search_files)
    external = sorted({str(url) for paths in parts.values() for url in paths if not isinstance(url, Path)})
    missing = sorted({str(path.relative_to(site)) for paths in parts.values() for path in paths
                      if isinstance(path, Path) and not path.is_file() and path.is_relative_to(site)})
    return {"page": str(page.relative_to(site)), "lang": parser.page_lang, **sizes, "total": total,
            "search": search, "total_with_search": total + search, "font_files": sorted(
                {str(Path(face.url).name) for face in fonts}), "external": external, "missing": missing}


def product_with(root: Path, code: str) -> str | None:
    """The first product (by folder name) with a real version in language `code`."""
    for folder in sorted((root / "content" / "products").iterdir()):
        if (folder / f"index.{code}.md").is_file():
            return folder.name
    return None


def commhub_first_views(root: Path, site: Path) -> list[dict]:
    views = []
    for code in STOCK_LOCALES:
        slug = product_with(root, code)
        page = site / ("" if code == "vi" else code) / "products" / str(slug) / "index.html"
        if slug is None or not page.is_file():
            continue
        folder = site / "search" / code
        shards = sorted(folder.glob("[0-9]*.json"), key=lambda path: path.stat().st_size)
        row_files = sorted(folder.glob("d[0-9]*.json"), key=lambda path: path.stat().st_size)
        # A one-word query fetches the header, one shard (the largest, to be safe) and the rows of
        # the ten results it shows: at most ten files of rows (the largest ten, to be safe).
        search = [folder / "docs.json"] + shards[-1:] + row_files[-FIRST_RESULTS:]
        views.append(first_view(site, page, search))
    return views


def stock_first_view(root: Path, site: Path) -> list[dict]:
    page = site / "products" / str(product_with(root, "vi")) / "index.html"
    if not page.is_file():
        return []
    # Material's first query fetches the one index of every language and starts its search worker.
    search = [site / "search" / "search_index.json", *sorted(site.glob("assets/javascripts/workers/search*.js"))]
    return [first_view(site, page, [path for path in search if path.is_file()])]


# --- mkdocs serve: one edited product -------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def wait_until(condition, timeout: float, step: float = POLL_SERVE, alive=lambda: True) -> float:
    """Seconds until `condition()` holds; BenchError after `timeout` or once `alive()` is false."""
    started = time.perf_counter()
    while not condition():
        if not alive():
            raise BenchError("the server stopped")
        if time.perf_counter() - started > timeout:
            raise BenchError(f"gave up after {timeout:.0f} s")
        time.sleep(step)
    return time.perf_counter() - started


def builds_logged(log: Path) -> list[float]:
    """The durations MkDocs logged ('Documentation built in X seconds') so far."""
    text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
    return [float(seconds) for seconds in re.findall(r"Documentation built in ([\d.]+) seconds", text)]


def bench_serve(root: Path, edits: int, timeout: float, logs: Path) -> dict:
    """Start `mkdocs serve`, edit one product's Vietnamese body `edits` times, time until it is served."""
    slug = product_with(root, "vi")
    source = root / "content" / "products" / str(slug) / "index.vi.md"
    port = free_port()
    url = f"http://127.0.0.1:{port}/products/{slug}/"
    log = logs / f"serve-{root.name}.log"
    remove(log)
    remove(cache_dir(root))  # the first build is then a cold one, like the others measured here
    command = [PYTHON, "-m", "commhub", "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"]
    original = source.read_bytes()
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=root, env=ENV, stdout=out, stderr=subprocess.STDOUT)
    alive = lambda: server.poll() is None  # noqa: E731
    try:
        first = wait_until(lambda: fetch(url) is not None, timeout, alive=alive)
        say(f"  first build served after {first:.1f} s")
        times, logged = [], []
        for number in range(edits):
            marker = f"benchedit{number}x{time.time_ns()}"
            done = len(builds_logged(log))
            started = time.perf_counter()
            source.write_bytes(original + f"\n{marker}\n".encode())
            wait_until(lambda: marker in (fetch(url) or ""), timeout, alive=alive)
            times.append(time.perf_counter() - started)
            # Let the rebuild (and any other the edit triggered) finish before the next edit.
            wait_until(lambda: len(builds_logged(log)) > done, timeout, alive=alive)
            settle(log, timeout, alive)
            logged.append(builds_logged(log)[done])
            say(f"    edit {number + 1}/{edits}: served after {times[-1]:.2f} s (MkDocs: built in {logged[-1]:.2f} s)")
        return {"products": int(root.name.split("-")[-1]), "url": url, "first_build": first, "edits": times,
                "seconds": statistics.median(times), "mkdocs_logged": logged}
    finally:
        source.write_bytes(original)
        stop(server)


def settle(log: Path, timeout: float, alive, quiet: float = 1.0) -> None:
    """Wait until MkDocs has logged no new build for `quiet` seconds."""
    started, count = time.perf_counter(), -1
    while count != len(builds_logged(log)) and time.perf_counter() - started < timeout and alive():
        count = len(builds_logged(log))
        time.sleep(quiet)


def stop(process: subprocess.Popen) -> None:
    """End a process we started: SIGTERM, then SIGKILL after 15 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- commhub check and commhub report at 10,000 products x 3 versions ----------------------------------


def load_script(name: str):
    path = REPO / "scripts" / f"{name}.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"_bench_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def check_corpus(out: Path, products: int) -> Path:
    """The corpus of scripts/bench_check.py (vi + en + km per product), else a synthetic one."""
    module = load_script("bench_check")
    if module is not None:
        return module.corpus(out / f"check-{products}", products)
    return fallback_corpus(out / f"fallback-{products}", products)


def report_corpus(out: Path, products: int) -> Path:
    """The corpus of scripts/bench_report.py (3 versions, the demo's plans), else a synthetic one."""
    module = load_script("bench_report")
    if module is None:
        return fallback_corpus(out / f"fallback-{products}", products)
    root = out / f"report-{products}"
    marker = root / "COMPLETE"
    if not (marker.is_file() and marker.read_text(encoding="utf-8").split()[:2] == [str(products), "3"]):
        say(f"  generating {products} products x 3 versions in {root} (scripts/bench_report.py) ...")
        module.generate(root, products, 3)
    return root / "content"


FALLBACK_TARGETS = """\
plan: {name: Benchmark plan}
period: {from: 2023-01-01, to: 2025-12-31}
count: versions
targets:
  - id: khmer
    label: {vi: Sản phẩm bằng tiếng Khmer, en: Products in Khmer}
    any: [{language: km}]
    count: {min: 10}
"""


def fallback_corpus(root: Path, products: int) -> Path:
    """vi + en + km for every product, no images, from synthetic_corpus (when the other scripts are gone)."""
    marker = root / "COMPLETE"
    if not marker.is_file():
        say(f"  generating {products} products x 3 versions in {root} (synthetic_corpus) ...")
        remove(root)
        synthetic_corpus.generate(root, products, images=0, coverage={"en": 1, "km": 1, "zh": 0, "hmn": 0})
        write(root / "content" / "targets.yml", FALLBACK_TARGETS)
        marker.write_text(str(products), encoding="utf-8")
    return root / "content"


def commhub_has(verb: str) -> bool:
    result = subprocess.run([PYTHON, "-m", "commhub", verb, "--help"], env=ENV, capture_output=True)
    return result.returncode == 0


def bench_check_report(out: Path, products: int, runs: int, logs: Path) -> dict:
    """Each command `runs` times cold (no .commhub-cache beside the content) and `runs` times warm."""
    results = {}
    plans = [("check", check_corpus, []), ("report", report_corpus, ["--format", "json"])]
    for verb, make_corpus, options in plans:
        if not commhub_has(verb):
            say(f"  `commhub {verb}` does not exist yet: skipped")
            continue
        content = make_corpus(out, products)
        command = [PYTHON, "-m", "commhub", verb, "--content", str(content), *options]
        log = logs / f"{verb}-{products}.log"
        cold, warm = Timing(), Timing()
        for _ in range(runs):
            remove(content.parent / ".commhub-cache")
            cold.runs.append(run_measured(command, REPO, log, must_succeed=False))
        for _ in range(runs):  # after the cold runs, which left the caches
            warm.runs.append(run_measured(command, REPO, log, must_succeed=False))
        exit_code = warm.runs[-1].returncode
        say(f"  commhub {verb}: cold {cold.seconds:.2f} s, warm {warm.seconds:.2f} s (medians of {runs}), "
            f"exit code {exit_code}")
        results[verb] = {"command": shlex.join(command[1:]), "products": products, "versions": 3,
                         "cold": cold.as_dict(), **warm.as_dict()}
    return results


# --- the report ----------------------------------------------------------------------------------------


def human_bytes(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" or size >= 100 else f"{size:.1f} {unit}"
        size /= 1024
    return ""


def human_seconds(seconds: float) -> str:
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s" if seconds < 100 else f"{seconds:.0f} s"


def search_cell(build: dict) -> str:
    if "all" in build["search"]:
        return f"{human_bytes(build['search']['all'])} for all ({human_bytes(build['search_gz']['all'])} gz)"
    return " · ".join(f"{lang} {human_bytes(size)}" for lang, size in build["search"].items())


def build_table(sizes: list[dict]) -> list[str]:
    lines = ["| products | build | runs | pages | wall time | per page | peak memory (PSS) | peak RSS (sum) "
             "| HTML per page | HTML total | site total | search index per language | wall time b/a |",
             "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
    for size in sizes:
        stock = next((build for build in size["builds"] if build["name"] == "stock"), None)
        for build in size["builds"]:
            ratio = f"{build['seconds'] / stock['seconds']:.3f}" if stock and build is not stock else "—"
            lines.append(
                f"| {size['products']:,} | {build['label']} | {len(build['runs'])} | {build['pages']:,} "
                f"| {human_seconds(build['seconds'])} | {1000 * build['seconds'] / build['pages']:.1f} ms "
                f"| {human_bytes(build.get('peak_pss', 0))} | {human_bytes(build['peak_rss'])} "
                f"| {human_bytes(build['html_bytes'] / build['pages'])} "
                f"| {human_bytes(build['html_bytes'])} | {human_bytes(build['site_bytes'])} | {search_cell(build)} "
                f"| {ratio} |")
    return lines


def first_view_table(sizes: list[dict]) -> list[str]:
    lines = ["| products | site | language | HTML | CSS | JS | fonts | first view | + first query | font files |",
             "|---:|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for size in sizes:
        for site, views in (("stock", size.get("first_view_stock", [])), ("commhub", size.get("first_view", []))):
            for view in views:
                lines.append(
                    f"| {size['products']:,} | {site} | {view['lang']} | {human_bytes(view['html'])} "
                    f"| {human_bytes(view['css'])} | {human_bytes(view['js'])} | {human_bytes(view['fonts'])} "
                    f"| **{human_bytes(view['total'])}** | {human_bytes(view['total_with_search'])} "
                    f"| {', '.join(view['font_files']) or '—'}"
                    + (f" (not counted: {external_hosts(view)})" if view["external"] else "") + " |")
    return lines


def external_hosts(view: dict) -> str:
    return ", ".join(sorted({urllib.parse.urlsplit(url).netloc or url for url in view["external"]}))


def other_lines(results: dict) -> list[str]:
    lines = []
    serve = results.get("serve")
    if serve:
        lines.append(f"- `commhub serve` (`mkdocs serve --dirty`), one product's `index.vi.md` edited, at "
                     f"N = {serve['products']:,}: served "
                     f"after **{human_seconds(serve['seconds'])}** (median of {len(serve['edits'])}: "
                     f"{', '.join(f'{s:.2f}' for s in serve['edits'])} s; MkDocs logged rebuilds of "
                     f"{', '.join(f'{s:.2f}' for s in serve['mkdocs_logged'])} s; first build served after "
                     f"{serve['first_build']:.1f} s).")
    elif results.get("serve_error"):
        lines.append(f"- `mkdocs serve`: not measured ({results['serve_error']}).")
    for verb, goal in (("check", "< 5 s"), ("report", "< 1 s")):
        figures = results.get("check_report", {}).get(verb)
        if figures and "cold" in figures:
            cold = figures["cold"]
            lines.append(f"- `commhub {verb}` at {figures['products']:,} products x {figures['versions']} versions "
                         f"(goal {goal}), the whole command in a new process, medians of {len(figures['runs'])}: "
                         f"cold (no `.commhub-cache`) **{human_seconds(cold['seconds'])}** "
                         f"({seconds_list(cold['runs'])} s), "
                         f"warm **{human_seconds(figures['seconds'])}** "
                         f"({seconds_list(figures['runs'])} s); "
                         f"peak RSS {human_bytes(max(cold['peak_rss'], figures['peak_rss']))}.")
        elif figures:
            lines.append(f"- `commhub {verb}` at {figures['products']:,} products x {figures['versions']} versions: "
                         f"**{human_seconds(figures['seconds'])}** (median of {len(figures['runs'])}, whole command "
                         f"in a new process; peak RSS {human_bytes(figures['peak_rss'])}; goal {goal}).")
    return lines


def probe_line(probes: list) -> str:
    return ("CPU probe (`PROBE` in the script: a fixed pure-Python workload in one process; lower is faster), "
            "taken before each part and at the end: " + ", ".join(f"{when} {seconds * 1000:.0f} ms" for when, seconds in probes)
            + ". This machine's speed drifts within the hour: read figures of different parts and runs with it.")


def seconds_list(runs: list[dict]) -> str:
    return ", ".join(f"{run['seconds']:.2f}" for run in runs)


def markdown(results: dict) -> str:
    machine, versions = results["machine"], results["versions"]
    lines = [
        f"Measured {results['date']} on {machine['cores']} cores ({machine['cpu']}), "
        f"{human_bytes(machine['memory'])} memory, load average {machine['load']} at the start; "
        + ", ".join(f"{name} {version}" for name, version in versions.items()) + ".",
        *([""] + [probe_line(results["probes"])] if results.get("probes") else []),
        "",
        "```sh",
        results["command"],
        "```",
        "",
        "### Full builds",
        "",
        *build_table(results["sizes"]),
        "",
        "### Other figures",
        "",
        *other_lines(results),
        "",
        "### First view of a product page (gzip -6)",
        "",
        *first_view_table(results["sizes"]),
        "",
        "### How these figures are made",
        "",
        *METHOD,
    ]
    return "\n".join(lines) + "\n"


METHOD = [
    "- Corpus: `scripts/synthetic_corpus.py` (N products, vi/en/km/zh/hmn at about 100/60/40/20/10 %, "
    "2 images each). The stock stack gets the same texts as `products/<slug>/index.<lang>.md` (front matter "
    "title; summary, images and body as Markdown), home pages `index.<lang>.md`, and nothing more than it needs "
    "to build: `partials/languages/km.html` and `hm.html` (copies of Material's `en.html`) in a custom_dir.",
    "- **Hmong on the stock side is built as `hm`**: static-i18n's locale check refuses the ISO 639-3 code "
    "`hmn`, so a 2-letter stand-in is used. Stock languages without a version fall back to the Vietnamese "
    "text (static-i18n's `fallback_to_default`), as commhub's fallback pages do.",
    f"- Wall time: median of `--runs` runs, each a new process tree; the stock build runs only up to "
    f"`--stock-max` products and only once from N = {QUADRATIC_FROM:,} up (it grows with the square of N); "
    f"commhub's builds run once from N = {LARGE_FROM:,} up. "
    "Cold commhub builds start without `.commhub-cache` (page, load and check caches deleted); the warm build reuses the "
    "cache left by the last cold `commhub build`. The site folder is deleted (untimed) before every build.",
    "- Peak memory: `Rss` every 50 ms (/proc/PID/statm) and `Pss` every 250 ms (/proc/PID/smaps_rollup, which "
    "costs the kernel a walk of the process's memory: ~8 ms for 400 MB, CPU time taken from the measured "
    "processes when they fill both cores), each summed over the build process "
    "and all its descendants; the largest sums over the runs. PSS divides each page shared by n processes "
    "among them, so forked workers that share the parent's memory count it once; summed RSS counts it once "
    "per process. The stock build is one process: its two figures differ only by shared libraries.",
    "- Pages: HTML files written (404 included); KB and MB are 1024-based. Search index: commhub's "
    "`search/<lang>/` folder per language; stock: `search/search_index.json`, one file for all languages.",
    "- First view: the HTML of the first product with a version in that language, every `<link "
    "rel=stylesheet>` and `<script src>` it names, and the font files a browser may fetch for it: the "
    "`@font-face` files of the font-family the CSS sets for the page's language (`:lang(xx)` rule, else "
    "`--md-text-font`) whose unicode-range covers a character of the page's text in that language, both "
    "weights counted; text in other languages (the language menu) is left out, as the CSS intends. Each file "
    "gzipped at level 6. Images, the favicon and external files (Google Fonts of the stock theme) are not "
    "counted. \"+ first query\": commhub adds `search/<lang>/docs.json` (the index's header), the largest "
    "shard of that language (a one-word query fetches one shard) and its ten largest files of document rows "
    "(the first ten results shown need at most ten); stock adds `search_index.json` and the search worker.",
    "- `commhub serve` (that is `mkdocs serve --dirty`, see README): started on 127.0.0.1 on the N-product "
    "corpus without `.commhub-cache`; after its first build, one product's "
    "`index.vi.md` gets a new line and the served page is polled every 100 ms until it shows it; the next "
    "edit waits for MkDocs to log the end of that rebuild; the file is restored at the end.",
    "- `commhub check` / `commhub report --format json`: the whole command in a new process, on the corpora of "
    "`scripts/bench_check.py` and `scripts/bench_report.py`; cold: `.commhub-cache` deleted before each of "
    "`--runs` runs; warm: `--runs` runs after those. Every command of the benchmark runs without "
    "`PYTHONDONTWRITEBYTECODE` (which some sandboxes set), so that Python keeps the bytecode of commhub's "
    "modules as a normal installation does.",
]


def write_benchmarks(path: Path, block: str) -> None:
    """Replace the figures between the markers, keeping the hand-written prose around them."""
    wrapped = f"{MARK_START}\n{block}{MARK_END}"
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if MARK_START in old and MARK_END in old:
        before, rest = old.split(MARK_START, 1)
        text = before + wrapped + rest.split(MARK_END, 1)[1]
    elif old:
        text = old.rstrip("\n") + "\n\n" + wrapped + "\n"
    else:
        text = BENCHMARKS_INTRO + wrapped + "\n"
    path.write_text(text, encoding="utf-8")


BENCHMARKS_INTRO = """\
# Benchmarks

Build figures for commhub against the stock MkDocs + Material + mkdocs-static-i18n stack (issue 6),
made by `scripts/bench_build.py`. Everything between the `bench:start` and `bench:end` markers is
rewritten by each run of the script; text outside them is kept.

"""


# --- machine and versions ------------------------------------------------------------------------------


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text()
    memory = int(re.search(r"MemTotal:\s+(\d+) kB", meminfo).group(1)) * 1024
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").is_file() else ""
    model = re.search(r"model name\s*:\s*(.+)", cpuinfo)
    return {"cores": os.cpu_count(), "memory": memory, "cpu": model.group(1).strip() if model else platform.machine(),
            "load": " / ".join(f"{value:.1f}" for value in os.getloadavg())}


# A fixed CPU-bound workload of plain Python (string, dict and list work, as in a build), timed in a
# new process: this machine's speed drifts by a third within an hour, and the probe, taken before and
# after each part of the benchmark, shows how fast it was while that part ran.
PROBE = """
import time
start = time.perf_counter()
table = {}
for number in range(300_000):
    key = f"khóa-{number % 5_000}"
    table[key] = table.get(key, 0) + len(key.upper())
words = sorted(str(value) * 3 for value in table.values())
print(time.perf_counter() - start)
"""


def speed_probe(runs: int = 3) -> float:
    """Seconds the PROBE workload takes, median of `runs` runs, each a new process."""
    times = [float(subprocess.run([PYTHON, "-c", PROBE], capture_output=True, text=True, check=True, env=ENV)
                   .stdout) for _ in range(runs)]
    return statistics.median(times)


def versions() -> dict:
    found = {"Python": platform.python_version()}
    for package in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "commhub"):
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


# --- main ----------------------------------------------------------------------------------------------


def bench_size(out: Path, products: int, args, logs: Path) -> dict:
    say(f"\nN = {products:,} products")
    root = corpus(out, products)
    builds = []
    if importlib.util.find_spec("mkdocs_static_i18n") is None:
        say("  stock: skipped (mkdocs-static-i18n is not installed: pip install mkdocs-static-i18n==1.3.1)")
    elif products <= args.stock_max:
        builds.append(bench_stock(root, args.runs if products < QUADRATIC_FROM else 1, logs))
    else:
        say(f"  stock: skipped (N > --stock-max {args.stock_max})")
    builds += bench_commhub(root, args.runs if products < LARGE_FROM else 1, args.jobs, logs)
    size = {"products": products, "builds": builds,
            "first_view": commhub_first_views(root, root / "site-parallel")}
    if builds[0]["name"] == "stock":
        stock_site = Path(builds[0]["site"])
        size["first_view_stock"] = stock_first_view(root, stock_site)
        if not args.keep_sites:
            remove(stock_site)  # 6.4 GB at N = 1,000
    return size


def parse_sizes(value: str) -> list[int]:
    return [int(item.replace("_", "")) for item in value.split(",") if item.strip()]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 2)[2])
    parser.add_argument("--sizes", type=parse_sizes, default=[100, 1000, 5000],
                        help="numbers of products, e.g. 100,1000")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build; the median is reported")
    parser.add_argument("--stock-max", type=int, default=1000, help="largest N for the stock build")
    parser.add_argument("--jobs", type=int, default=2, help="processes of `commhub build --jobs`")
    parser.add_argument("--out", type=Path, default=REPO / "bench-out", help="corpora, sites, logs, results.json")
    parser.add_argument("--serve-size", type=int, default=1000, help="N for the `mkdocs serve` timing (0: skip)")
    parser.add_argument("--serve-edits", type=int, default=3)
    parser.add_argument("--serve-timeout", type=float, default=900, help="seconds to wait for any served page")
    parser.add_argument("--check-products", type=int, default=10_000,
                        help="products (x 3 versions) for check/report (0: skip)")
    parser.add_argument("--benchmarks", type=Path, default=REPO / "BENCHMARKS.md", help="the file to update")
    parser.add_argument("--keep-sites", action="store_true", help="keep the stock site (deleted after measuring)")
    parser.add_argument("--report-only", action="store_true",
                        help="measure nothing: rewrite the tables from OUT/results.json")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    out = args.out.resolve()
    if args.report_only:
        results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    else:
        results = measure_all(args, out)
        (out / "results.json").write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    block = markdown(results)
    write_benchmarks(args.benchmarks, block)
    print("\n" + block)
    say(f"figures written to {args.benchmarks} and {out / 'results.json'}")
    return 0


def measure_all(args, out: Path) -> dict:
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    results = {"date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "command": "python scripts/bench_build.py " + shlex.join(sys.argv[1:]),
               "machine": machine(), "versions": versions(), "sizes": []}
    say("Stock stack: Hmong is built under the stand-in locale `hm` (static-i18n refuses `hmn`); "
        f"stock builds run once from N = {QUADRATIC_FROM:,} up, --runs times below.")
    probes = results["probes"] = []

    def probe(before: str) -> None:
        probes.append((before, speed_probe()))
        say(f"  (CPU probe: {probes[-1][1] * 1000:.0f} ms)")

    for products in args.sizes:
        probe(f"N = {products:,}")
        results["sizes"].append(bench_size(out, products, args, logs))
    if args.check_products:
        say(f"\ncommhub check / report at {args.check_products:,} products x 3 versions")
        probe("check / report")
        results["check_report"] = bench_check_report(out, args.check_products, args.runs, logs)
    if args.serve_size:
        say(f"\nmkdocs serve at N = {args.serve_size:,}")
        try:
            results["serve"] = bench_serve(corpus(out, args.serve_size), args.serve_edits, args.serve_timeout, logs)
        except BenchError as error:
            results["serve_error"] = str(error)
            say(f"  mkdocs serve: {error}")
    probe("the end")
    return results


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        sys.exit(f"bench_build: {error}")
