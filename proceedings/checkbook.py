"""``python -m proceedings.checkbook [book.toml]``: is the book's identity file right?

The Makefile runs it before Sphinx (``make html``, ``make serve``…): Sphinx would print a
crash report for a broken ``book.toml``, when one line with its line number says it all.
"""

from __future__ import annotations

import sys
from pathlib import Path

from proceedings.identity import IdentityError, load


def main(argv: list[str] | None = None) -> int:
    """Check the file; say what is wrong in one line, and exit with status 1."""
    args = sys.argv[1:] if argv is None else argv
    try:
        load(Path(args[0] if args else 'book.toml'))
    except IdentityError as exc:
        print(f'The book cannot be built: {exc}', file=sys.stderr)
        return 1
    except OSError as exc:
        print(f'The book cannot be built: {exc.filename}: {exc.strerror}', file=sys.stderr)
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
