"""``proceedings check-book [book.toml]``: is the book's identity file right?

The Makefile runs it before Sphinx (``make html``, ``make serve``…): Sphinx would print a
crash report for a broken ``book.toml``, when one line with its line number says it all.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from proceedings.core.identity import IdentityError, load

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    """Check the file; say what is wrong in one line, and exit with status 1."""
    try:
        load(args.identity)
    except IdentityError as exc:
        print(f'The book cannot be built: {exc}', file=sys.stderr)
        return 1
    except OSError as exc:
        print(f'The book cannot be built: {exc.filename}: {exc.strerror}', file=sys.stderr)
        return 1
    return 0

