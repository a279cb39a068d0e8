"""What the quality gates share: the pages of the built site and the tools `make gates` installs.

The gates check the real book (the session-scoped ``site`` fixture) with the tools the field
trusts. A tool that is missing fails its gate with the command that installs it: a gate
that skipped itself on a fresh machine would pass without checking anything.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from testing import BASE_URL, LANGUAGES, PROJECT

TOOLS = PROJECT / 'tools' / 'node_modules'
VNU_JAR = TOOLS / 'vnu-jar' / 'build' / 'dist' / 'vnu.jar'
LIGHTHOUSE = TOOLS / 'lighthouse' / 'cli' / 'index.js'
CHROMIUM = Path(os.environ.get('CHROMIUM', '/usr/bin/chromium'))
#: Headless Chromium that talks to no one on its own (updates, sync, field trials…).
CHROMIUM_FLAGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
]


def require(path: Path | str, what: str) -> str:
    """*path* as a string, or fail the gate saying how to install *what*."""
    found = shutil.which(path) if isinstance(path, str) else (os.fspath(path) if path.exists() else None)
    if not found:
        pytest.fail(f'{what} is missing ({path}): run `make gates` (as root, or with the '
                    f'`sudo apt-get install` line it prints), then the tests again.', pytrace=False)
    return found


def site_pages(site: Path, language: str | None = None) -> list[Path]:
    """Every HTML page of one edition, or of the whole site (both editions and the root page)."""
    if language is None:
        return [site / 'index.html', *(p for lang in LANGUAGES for p in site_pages(site, lang))]
    root = site / language
    return sorted(p for p in root.rglob('*.html') if '_static' not in p.relative_to(root).parts)


def url_path(site: Path, page: Path) -> str:
    """The path of *page* on a server whose root is the site's root."""
    return '/' + page.relative_to(site).as_posix()


def published(address: str) -> str | None:
    """The path inside the site of an address under the site's published address, else None."""
    if address.startswith(BASE_URL):
        return '/' + address[len(BASE_URL):]
    return None
