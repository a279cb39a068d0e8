"""``proceedings debian-packages tex|spelling``: what the book's languages need, for make.

The Makefile installs these as it installs French's: the TeX Live collection of each
language's hyphenation for the PDF, and each translation's hunspell dictionary for the
spelling check. A language this toolchain knows no package for is named on standard
error, and the command fails, so that make says so instead of leaving it out.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from proceedings.core.identity import IdentityError, load
from proceedings.core.languages import hunspell_dictionary, hunspell_package, tex_package

if TYPE_CHECKING:
    import argparse

GLOSSARY = Path('locale') / 'glossary.toml'


def _declared_dictionaries(root: Path) -> dict[str, str]:
    import tomllib

    try:
        data = tomllib.loads((root / GLOSSARY).read_text(encoding='utf-8'))
    except (OSError, tomllib.TOMLDecodeError):
        return {}  # the spelling check itself names a broken glossary
    found = data.get('dictionaries', {})
    return {k: v for k, v in found.items() if isinstance(v, str)} if isinstance(found, dict) else {}


def packages(identity_path: Path, need: str) -> tuple[list[str], list[str]]:
    """The packages, and the languages whose package is unknown."""
    identity = load(identity_path)
    wanted: list[str] = []
    unknown: list[str] = []
    if need == 'tex':
        for language in identity.languages:
            package = tex_package(language)
            if package is None:
                unknown.append(language)
            elif package:
                wanted.append(package)
    else:
        declared = _declared_dictionaries(identity_path.parent)
        for language in identity.languages[1:]:
            wanted.append(hunspell_package(hunspell_dictionary(language, declared)))
    return list(dict.fromkeys(wanted)), unknown


def run(args: argparse.Namespace) -> int:
    try:
        wanted, unknown = packages(args.identity, args.need)
    except IdentityError:
        # A broken book.toml is reported in one line by what builds next (check-book,
        # the publisher), in their words: the set-up has no packages to add for it.
        return 0
    print(' '.join(wanted))
    if unknown:
        print(f'error: no known Debian TeX Live package for the hyphenation of '
              f'{", ".join(unknown)}: install the texlive-lang-… collection that has it',
              file=sys.stderr)
        return 1
    return 0
