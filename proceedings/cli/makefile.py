"""``proceedings makefile-path``: where the make rules that every book's Makefile includes are.

A volume's Makefile includes ``proceedings/make/proceedings.mk`` from the toolchain installed
in its environment, which this command names; it imports nothing else, so that it answers
as soon as the toolchain is installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse

#: The make rules shipped with the toolchain, as package data.
RULES = Path(__file__).resolve().parents[1] / 'make' / 'proceedings.mk'


def run(args: argparse.Namespace) -> int:
    print(RULES)
    return 0
