"""Benchmark `commhub check` on a synthetic corpus (default 10,000 products x 3 language versions).

    python scripts/bench_check.py [--dir DIR] [--products N] [--runs R]

The corpus is written once under DIR (default bench-out/check), in commhub's
real content format: the repository's registries, one folder per product with
product.yml and index.vi.md (original), index.en.md and index.km.md
(translations carrying the original's source_sha). Bodies have headings,
lists and paragraphs of real words; one product in five links to another,
one in twenty has a video link card, one in ten an image with alt texts. It
is deterministic and reused on later runs with the same --dir and size.

The script prints the median of --runs timings, wall-clock and CPU, of the
whole command (`python -m commhub check --content DIR/content`, a new process
each time, interpreter start-up included) and, in-process, of `load_content`
alone and of `check_content` (with its worker processes, and in one process).
The issue's goal is under 5 s for the whole command.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from commhub.checks.checker import check_content  # noqa: E402
from commhub.content.loader import load_content  # noqa: E402
from commhub.content.model import PRODUCT_TYPES  # noqa: E402

REGISTRIES = ("languages.yml", "channels.yml", "units.yml", "topics.yml")
LANGUAGES = ("vi", "en", "km")
WORDS = {
    "vi": ("quyền trẻ em được bảo vệ chăm sóc giáo dục pháp luật trợ giúp pháp lý miễn phí người dân đồng bào "
           "dân tộc thiểu số phòng chống bạo lực gia đình tảo hôn bình đẳng giới tiếp cận thông tin bầu cử cử tri "
           "đăng ký khai sinh ủy ban nhân dân xã hỗ trợ tư vấn nghĩa vụ công dân người khuyết tật").split(),
    "en": ("children's rights protection care education law free legal aid people ethnic minority communities "
           "preventing domestic violence child marriage gender equality access to information elections voters "
           "birth registration commune committee support advice duties citizens persons disabilities").split(),
    "km": ["សិទ្ធិកុមារ", "ការការពារ", "ការថែទាំ", "ការអប់រំ", "ច្បាប់", "ជំនួយផ្នែកច្បាប់", "ឥតគិតថ្លៃ",
           "ប្រជាពលរដ្ឋ", "ជនជាតិដើមភាគតិច", "អំពើហិង្សាក្នុងគ្រួសារ", "សមភាពយេនឌ័រ", "ព័ត៌មាន", "ការបោះឆ្នោត"],
}
SEPARATOR = {"vi": " ", "en": " ", "km": ""}
END = {"vi": ".", "en": ".", "km": "។"}


def sentence(rng: random.Random, lang: str, words: int) -> str:
    text = SEPARATOR[lang].join(rng.choice(WORDS[lang]) for _ in range(words))
    return text[0].upper() + text[1:] + END[lang]


def paragraph(rng: random.Random, lang: str) -> str:
    return " ".join(sentence(rng, lang, rng.randint(8, 18)) for _ in range(rng.randint(3, 6)))


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80\x80\xff" * 8 for _ in range(8))
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def ids(path: Path, key: str) -> list[str]:
    import yaml

    return [entry["id"] for entry in yaml.safe_load(path.read_text(encoding="utf-8"))[key]]


def body(rng: random.Random, lang: str, number: int, products: int) -> str:
    parts = []
    for _ in range(rng.randint(2, 4)):
        parts.append(f"## {sentence(rng, lang, 4).rstrip('.។')}")
        parts.append(paragraph(rng, lang))
        if rng.random() < 0.5:
            parts.append("\n".join(f"- {sentence(rng, lang, 6)}" for _ in range(3)))
    if number % 5 == 0:
        other = f"san-pham-{(number * 7 + 1) % products:05d}"
        parts.append(f"[{sentence(rng, lang, 3)}](../{other}/index.{lang}.md)")
    if number % 20 == 0:
        parts.append(f"[{sentence(rng, lang, 4)}](https://www.youtube.com/watch?v=bench{number:06d})")
    return "\n\n".join(parts) + "\n"


def generate(root: Path, products: int, seed: int = 4) -> Path:
    rng = random.Random(seed)
    content = root / "content"
    if content.exists():
        shutil.rmtree(content)
    (content / "products").mkdir(parents=True)
    for name in REGISTRIES:
        shutil.copyfile(REPO / "content" / name, content / name)
    topics, units = ids(content / "topics.yml", "topics"), ids(content / "units.yml", "units")
    channels = ids(content / "channels.yml", "channels")
    image = png()
    for number in range(products):
        folder = content / "products" / f"san-pham-{number:05d}"
        folder.mkdir()
        media = ""
        if number % 10 == 0:
            (folder / "hinh.png").write_bytes(image)
            media = "media:\n  - file: hinh.png\n    kind: image\n    alt:\n" + "".join(
                f"      {lang}: \"{sentence(rng, lang, 6)}\"\n" for lang in LANGUAGES)
        (folder / "product.yml").write_text(
            f"type: {rng.choice(PRODUCT_TYPES)}\n"
            f"topics: [{', '.join(rng.sample(topics, 2))}]\n"
            f"unit: {rng.choice(units)}\n"
            f"channels: [{', '.join(rng.sample(channels, 3))}]\n"
            f"published: {rng.choice((2023, 2024, 2025))}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
            "original_language: vi\nstatus: published\n" + media, encoding="utf-8")
        source_sha = None
        for lang in LANGUAGES:
            front = (f"---\ntitle: \"{sentence(rng, lang, 6).rstrip('.។')}\"\n"
                     f"summary: \"{sentence(rng, lang, 20)[:280]}\"\n")
            if source_sha:
                front += f"translation:\n  method: machine\n  reviewed: false\n  source_sha: {source_sha}\n"
            path = folder / f"index.{lang}.md"
            path.write_text(front + "---\n\n" + body(rng, lang, number, products), encoding="utf-8")
            if lang == "vi":
                source_sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return content


def corpus(root: Path, products: int) -> Path:
    """The corpus under `root`, generated unless the same one is already there."""
    stamp = root / "corpus.json"
    wanted = {"products": products, "versions": len(LANGUAGES), "format": 1}
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == wanted:
        return root / "content"
    root.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    content = generate(root, products)
    stamp.write_text(json.dumps(wanted), encoding="utf-8")
    print(f"generated {products} products x {len(LANGUAGES)} versions in {time.perf_counter() - started:.1f} s")
    return content


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its finished child processes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(function, runs: int) -> tuple[float, float, object]:
    """Median wall-clock seconds, median CPU seconds (all processes) and the last result of `runs` calls.

    CPU time is printed too because wall-clock time on a shared machine says more about the
    other tenants than about commhub.
    """
    walls, cpus, result = [], [], None
    for _ in range(runs):
        started, cpu = time.perf_counter(), cpu_seconds()
        result = function()
        walls.append(time.perf_counter() - started)
        cpus.append(cpu_seconds() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=REPO / "bench-out" / "check")
    parser.add_argument("--products", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    content = corpus(args.dir, args.products)
    command = [sys.executable, "-m", "commhub", "check", "--content", str(content)]

    def run_command():
        return subprocess.run(command, capture_output=True, text=True)

    whole, whole_cpu, completed = timed(run_command, args.runs)
    loading, loading_cpu, (_, load_problems) = timed(lambda: load_content(content), args.runs)
    checking, checking_cpu, (_, problems) = timed(lambda: check_content(content), args.runs)
    serial, serial_cpu, _ = timed(lambda: check_content(content, jobs=1), args.runs)
    last = completed.stdout.strip().splitlines()[-1] if completed.stdout.strip() else "-"
    print(f"corpus: {args.products} products x {len(LANGUAGES)} versions in {content}; {os.cpu_count()} cores")
    print(f"median of {args.runs}, wall-clock / CPU (all processes):")
    print(f"  `commhub check` (new process):  {whole:6.2f} s / {whole_cpu:6.2f} s  exit {completed.returncode}: {last}")
    print(f"  load_content:                   {loading:6.2f} s / {loading_cpu:6.2f} s  ({len(load_problems)} problems)")
    print(f"  check_content:                  {checking:6.2f} s / {checking_cpu:6.2f} s  ({len(problems)} problems)")
    print(f"  check_content, one process:     {serial:6.2f} s / {serial_cpu:6.2f} s")
    print("goal: under 5 s wall-clock for `commhub check`")


if __name__ == "__main__":
    main()
