"""Write the field tables of CONTRIBUTING.md again from the content schema (content/schema.py).

    python scripts/schema_docs.py [--check] [FILE ...]     (default: CONTRIBUTING.md)

Each table stands between `<!-- commhub:schema <file> … <lang> -->` and `<!-- /commhub:schema -->`
(see scaffold/schema_docs.py). With --check nothing is written: the exit status is 1 when a table
differs from the schema (tests/test_schema.py checks the same).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from commhub.scaffold.schema_docs import update_tables

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when a table is stale")
    parser.add_argument("files", nargs="*", type=Path, default=[REPO / "CONTRIBUTING.md"])
    args = parser.parse_args(argv)
    stale = []
    for path in args.files:
        text = path.read_text(encoding="utf-8")
        updated = update_tables(text)
        if updated == text:
            continue
        stale.append(path)
        if not args.check:
            path.write_text(updated, encoding="utf-8", newline="\n")
    for path in stale:
        print(f"{path}: {'tables differ from the schema' if args.check else 'tables written'}", file=sys.stderr)
    return 1 if stale and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
