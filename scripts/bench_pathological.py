"""Worst cases of the Markdown budget: how long a body within every limit takes to check, and its memory.

    python scripts/bench_pathological.py [--cap-kib 128] [--timeout 60] [--only NAME]

For each construct known to cost Python-Markdown more than linear time (or to recurse), the body
is that construct repeated as often as the budget (commhub.markup.render.over_budget) allows, within the
size cap of a Markdown file; then everything the checker does with a body is timed in a fresh
process: the budget test, rendering, judging the rendered HTML (sanitise.removed) and the links.
Also timed: a body one step over each limit, which must be refused before rendering. Prints one
row per case: seconds (median of 3) and the process's peak RSS. A timing script, not a test.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import time

# (name, repeated unit): constructs that are quadratic, recursive or dense in Python-Markdown.
CASES = [
    ("prose", "Người dân được trợ giúp pháp lý miễn phí theo quy định của pháp luật. "),
    ("atx headings", "# Tiêu đề\n"), ("same headings", "## Câu hỏi\n"), ("setext headings", "Tiêu đề\n===\n"),
    ("headings with attributes", "# a {: #x .y }\n"), ("rules", "***\n"), ("spaced rules", "* * *\n"),
    ("open tags", "<div>"), ("open spans", "<span>"), ("unclosed tag attributes", "<a b=c "),
    ("CDATA", "<![CDATA["), ("comments", "<!--"), ("processing instructions", "<?x "), ("declarations", "<!X "),
    ("autolinks", "<http://a.b/c> "), ("e-mail autolinks", "<a@b.cd> "), ("links", "[a](b) "),
    ("images", "![a](b) "), ("reference links", "[a][b] "), ("reference definitions", "[a]: http://x\n"),
    ("unclosed brackets", "["), ("link openers", "[x]("), ("emphasis", "*a* "), ("strong", "**a** "),
    ("underscores", "_a_ "), ("nested emphasis", "*a **b "), ("escapes", "\\* "), ("code spans", "`a` "),
    ("backticks", "`"), ("entities", "&amp; "), ("paragraphs", "a\n\n"), ("line breaks", "a  \n"),
    ("list items", "- a\n"), ("ordered items", "1. a\n"), ("nested list markers", "- "), ("quotes", "> "),
    ("quoted list", "> - "), ("quote lines", ">\n"), ("indented nesting", "    - a\n"), ("table rows", "|a|b|\n"),
    ("fences", "```\na\n```\n"), ("open fences", "```\n"), ("admonitions", "!!! note\n    a\n\n"),
    ("attribute lists", "{: .a } "), ("html blocks", "<div>\n"), ("inline html", "a <b> c "),
    ("wide table row", "|a"), ("numeric entities", "&#7907; "), ("paragraph attributes", "a\n{: .b }\n\n"),
    ("nested admonitions", "!!! note\n    "), ("long heading", "# " + "Tiêu đề dài " * 2000 + "\n"),
    ("indented code", "    a\n"), ("hard tabs", "\t"), ("angle brackets", "< "), ("less-than words", "a<b "),
]


def fill(unit: str, cap: int, over: bool) -> str:
    """`unit` repeated as often as the budget and the cap allow (with `over`: once more than the budget)."""
    from commhub.markup.render import over_budget

    most = cap // len(unit.encode("utf-8"))  # the body fills the cap in bytes, as the file size is checked
    low, high = 0, most  # the largest count within the budget
    if over_budget(unit * most, 1) is None:
        low = most
    while low < high:
        middle = (low + high + 1) // 2
        if over_budget(unit * middle, 1) is None:
            low = middle
        else:
            high = middle - 1
    if over:
        return unit * (low + 1) if low < most else ""
    return unit * low


def check_body(body: str) -> tuple[str, int]:
    """What `commhub check` does with one body; returns (outcome, number of elements)."""
    from commhub.markup.render import BodyRenderer, over_budget
    from commhub.markup.sanitise import elements, removed

    refused = over_budget(body, 1)
    if refused is not None:
        return refused.code, 0
    html = BodyRenderer().render(body)
    parsed = elements(html)
    removed(html, parsed)
    return "rendered", len(parsed)


def _run(body: str, queue) -> None:
    start = time.perf_counter()
    outcome, count = check_body(body)
    seconds = time.perf_counter() - start
    queue.put((outcome, count, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))


def measure(body: str, timeout: float) -> tuple[str, int, float, float]:
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    process = context.Process(target=_run, args=(body, queue))
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        return "timeout", 0, float("inf"), 0.0
    return queue.get()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cap-kib", type=int, default=0, help="Size cap (default: commhub's limit for Markdown files).")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only")
    args = parser.parse_args()
    from commhub.content.limits import MAX_MARKDOWN_BYTES

    cap = args.cap_kib * 1024 or MAX_MARKDOWN_BYTES
    import commhub.markup.render  # noqa: F401 (imported before forking: the children measure the body only)
    import commhub.markup.sanitise  # noqa: F401

    print(f"cap {cap // 1024} KiB; seconds: median of {args.runs} fresh processes; RSS: peak of the process")
    print(f"{'case':26} {'within the budget':>40} | {'one step over':>30}")
    worst = (0.0, "")
    for name, unit in CASES:
        if args.only and args.only != name:
            continue
        body = fill(unit, cap, over=False)
        runs = [measure(body, args.timeout) for _ in range(args.runs)]
        outcome, count, _, rss = runs[-1]
        seconds = statistics.median(run[2] for run in runs)
        worst = max(worst, (seconds, name))
        over = fill(unit, cap, over=True)
        over_outcome, _, over_seconds, _ = measure(over, args.timeout) if over else ("(cap reached)", 0, 0.0, 0)
        print(f"{name:26} {len(body.encode()) // 1024:4} KiB {outcome:9} {count:6} el. {seconds:6.3f} s {rss:6.0f} MB"
              f" | {over_outcome:>20} {over_seconds:6.3f} s", flush=True)
    print(f"worst within the budget: {worst[1]} {worst[0]:.3f} s")


if __name__ == "__main__":
    main()
