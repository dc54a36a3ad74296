"""Benchmark `commhub report` on a synthetic corpus (default 10,000 products x 3 language versions).

    python scripts/bench_report.py [--dir DIR] [--products N] [--versions V] [--runs R]

The corpus is written once, in commhub's real content format (the repository's
registries and plans, one folder per product with product.yml and
index.<lang>.md files, translations with the original's source_sha), and
reused on later runs with the same --dir and size. It is deterministic: the
same arguments give the same files. The script prints the median of --runs
timings of (a) loading the content with load_content, (b) counting every plan
over the whole span of all plans (each target's trend by half-year included),
(c) that count + rendering each format, and (d) one report per half-year of
the span, each with every plan in force. The budget: (b) under 1 s warm, and
a cold `commhub report` (a new process, load cache empty) under 5 s.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from commhub.content.loader import load_content  # noqa: E402
from commhub.content.model import PRODUCT_TYPES  # noqa: E402
from commhub.content.targets import load_plans  # noqa: E402
from commhub.i18n.messages import Messages  # noqa: E402
from commhub.report.counting import Scope, compute  # noqa: E402
from commhub.report.labels import Labels  # noqa: E402
from commhub.report.periods import halves  # noqa: E402
from commhub.report.text_formats import FORMATS, render  # noqa: E402
from commhub.content.yamlio import load_yaml  # noqa: E402

REGISTRIES = ("languages.yml", "channels.yml", "units.yml", "topics.yml")
PARAGRAPH = ("Người dân có quyền được tiếp cận thông tin về pháp luật, được trợ giúp pháp lý miễn phí "
             "khi thuộc diện được hưởng, và được hướng dẫn thủ tục tại cơ quan nhà nước gần nhất. ")


def ids(name: str, key: str, field: str = "id") -> list[str]:
    data = load_yaml((REPO / "content" / name).read_text(encoding="utf-8"))
    return [str(entry[field]) for entry in data[key]]


def generate(root: Path, products: int, versions: int, seed: int = 2024) -> None:
    """Write the corpus into root/content, then a marker saying it is complete."""
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    (content / "products").mkdir(parents=True)
    for name in REGISTRIES:
        shutil.copyfile(REPO / "content" / name, content / name)
    shutil.copytree(REPO / "content" / "plans", content / "plans")
    languages = ids("languages.yml", "languages", "code")
    channels, topics = ids("channels.yml", "channels"), ids("topics.yml", "topics")
    units = load_yaml((REPO / "content" / "units.yml").read_text(encoding="utf-8"))["units"]
    rng = random.Random(seed)
    for index in range(products):
        slug = f"san-pham-{index:05d}"
        folder = content / "products" / slug
        folder.mkdir()
        year = rng.choice((2023, 2024, 2024, 2024, 2025))
        published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        original = "vi" if rng.random() < 0.8 else rng.choice(languages)
        status = "draft" if rng.random() < 0.05 else "published"
        (folder / "product.yml").write_text(
            f"type: {rng.choice(PRODUCT_TYPES)}\n"
            f"topics: [{', '.join(rng.sample(topics, rng.randint(1, 2)))}]\n"
            f"unit: {rng.choice(_existing(units, published))}\n"
            f"channels: [{', '.join(rng.sample(channels, rng.randint(1, 3)))}]\n"
            f"published: {published}\n"
            f"original_language: {original}\n"
            f"status: {status}\n", encoding="utf-8")
        body = f"## Sản phẩm {index}\n\n" + (PARAGRAPH * 4 + "\n\n") * rng.randint(2, 6)
        original_bytes = _version(folder, original, f"Sản phẩm số {index}", body, "")
        source_sha = hashlib.sha256(original_bytes).hexdigest()
        others = rng.sample([code for code in languages if code != original], versions - 1)
        for lang in others:
            extra = (f"translation:\n  method: {rng.choice(('human', 'machine'))}\n  reviewed: true\n"
                     f"  source_sha: {source_sha}\n")
            if rng.random() < 0.2:  # a version-level override now and then
                extra += f"channels: [{rng.choice(channels)}]\n"
            _version(folder, lang, f"Sản phẩm số {index} ({lang})", body, extra)
    (root / "COMPLETE").write_text(f"{products} {versions} {seed}\n", encoding="utf-8")


def _existing(units: list[dict], published: str) -> list[str]:
    """The units that existed on `published` (YYYY-MM-DD), as `commhub check` requires."""
    return [str(unit["id"]) for unit in units
            if str(unit.get("valid_from", "0000")) <= published <= str(unit.get("valid_to", "9999"))]


def _version(folder: Path, lang: str, title: str, body: str, extra: str) -> bytes:
    text = f'---\ntitle: "{title}"\nsummary: "Tóm tắt {title}."\n{extra}---\n\n{body}'
    data = text.encode("utf-8")
    (folder / f"index.{lang}.md").write_bytes(data)
    return data


def median_time(function, runs: int):
    """Median wall-clock and CPU seconds of `runs` calls; CPU time shows what other processes cost us."""
    walls, cpus, result = [], [], None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return (statistics.median(walls), statistics.median(cpus)), result


def show(name: str, seconds, runs: int) -> None:
    print(f"{name:<24} {seconds[0]:8.3f} s wall, {seconds[1]:8.3f} s CPU  (median of {runs})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", type=Path, help="where to keep the corpus (default: a folder in the temp dir)")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    root = args.dir or Path(tempfile.gettempdir()) / f"commhub-bench-{args.products}x{args.versions}"
    marker = root / "COMPLETE"
    if not (marker.is_file() and marker.read_text(encoding="utf-8").split()[:2] == [str(args.products),
                                                                                     str(args.versions)]):
        print(f"writing {args.products} products x {args.versions} versions to {root} ...", flush=True)
        started = time.perf_counter()
        generate(root, args.products, args.versions)
        print(f"  written in {time.perf_counter() - started:.1f} s")
    else:
        print(f"reusing the corpus in {root}")

    load_s, (content, problems) = median_time(lambda: load_content(root / "content"), args.runs)
    if problems.errors:
        sys.exit(f"the synthetic corpus has {len(problems.errors)} errors, e.g. {problems.errors[0]}")
    plans, problems = load_plans(root / "content", content)
    if problems.errors:
        sys.exit(f"the plans have errors: {problems.errors}")
    start, end = min(plan.start for plan in plans), max(plan.end for plan in plans)
    scope = Scope(start, end)
    count_s, report = median_time(lambda: compute(content, plans, scope), args.runs)
    versions = sum(len(product.versions) for product in content.products.values())
    print(f"corpus: {len(content.products)} products, {versions} versions; {len(plans)} plans, "
          f"{sum(len(plan.targets) for plan in plans)} targets; {report.total} counted in {start}..{end}")
    show("(a) load_content:", load_s, args.runs)
    show("(b) count, all plans:", count_s, args.runs)
    labels = Labels(content, Messages("vi"), "vi")
    for fmt in FORMATS:
        both_s, _ = median_time(lambda: render(compute(content, plans, scope), labels, fmt), args.runs)
        show(f"(c) count + {fmt}:", both_s, args.runs)
    parts = halves(start, end)
    each_s, _ = median_time(lambda: [compute(content, plans, Scope(part.start, part.end)) for part in parts],
                            args.runs)
    show(f"(d) {len(parts)} half-years:", each_s, args.runs)

if __name__ == "__main__":
    main()
