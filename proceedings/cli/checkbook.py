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
    from pathlib import Path


def identity_problem(identity: Path) -> str | None:
    """What is wrong with the identity file, in one line, or None."""
    try:
        load(identity)
    except IdentityError as exc:
        return f'The book cannot be built: {exc}'
    except OSError as exc:
        return f'The book cannot be built: {exc.filename}: {exc.strerror}'
    return None


def run(args: argparse.Namespace) -> int:
    """Check the file; say what is wrong in one line, and exit with status 1."""
    problem = identity_problem(args.identity)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    return 0

