"""``proceedings citation-cff``: the repository's CITATION.cff, from the identity file."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from proceedings.core.cff import citation_cff
from proceedings.core.identity import IdentityError, load

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    try:
        identity = load(args.identity)
    except IdentityError as exc:
        print(f'error: {exc}', file=sys.stderr)
        return 1
    sys.stdout.write(citation_cff(identity))
    return 0
