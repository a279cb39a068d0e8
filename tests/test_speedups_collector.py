"""``speedups/collector``: the cycle collector spared during a build, given back after it,
spared again as the process ends; the same pages either way."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from io import StringIO

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from testing import built_pages

pytestmark = pytest.mark.extension


def build(book, out, spared: bool) -> tuple[dict[str, bytes], list[int]]:
    """The English pages, and the number of frozen objects as each page was written."""
    app = SphinxTestApp('html', srcdir=book.root, builddir=out,
                        confoverrides={'language': 'en', 'proceedings_spare_collector': spared},
                        status=StringIO(), warning=StringIO())
    frozen: list[int] = []
    app.connect('html-page-context', lambda *args: frozen.append(gc.get_freeze_count()))
    try:
        app.build()
        assert strip_colors(app.warning.getvalue()) == ''
    finally:
        app.cleanup()
    pages = built_pages(out / 'html')
    return pages, frozen


def test_the_collector_is_spared_while_writing_and_given_back(generate_book, tmp_path):
    book = generate_book(tmp_path / 'book', sessions=4, per_part=2, variety=True)
    thresholds = gc.get_threshold()
    stock, unfrozen = build(book, tmp_path / 'stock', spared=False)
    assert set(unfrozen) == {0}
    spared, frozen = build(book, tmp_path / 'spared', spared=True)
    assert spared == stock and len(stock) > 5
    # Every page was written with the objects alive after reading out of the collector's
    # reach, and the process has them back, with its thresholds, once the build ends.
    assert min(frozen) > 10_000
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds


EXIT_REPORT = """\
import atexit, gc, sys
# Registered before the build's own handler, so run after it, as Python ends.
atexit.register(lambda: print('frozen at exit', gc.get_freeze_count()))
from sphinx.cmd.build import main
status = main(sys.argv[1:])
print('frozen after the build', gc.get_freeze_count())
sys.exit(status)
"""


@pytest.mark.parametrize('spared', [True, False])
def test_the_last_collection_is_spared_when_the_process_ends(tmp_path, spared):
    source = tmp_path / 'source'
    source.mkdir()
    (source / 'conf.py').write_text("extensions = ['proceedings.speedups.collector']\n")
    (source / 'index.rst').write_text('Home\n====\n\nA page.\n')
    done = subprocess.run(
        [sys.executable, '-c', EXIT_REPORT, '-b', 'html', '-q', '-W', os.fspath(source),
         os.fspath(tmp_path / 'html'), '-D', f'proceedings_spare_collector={int(spared)}'],
        capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ''
    after, at_exit = (line.rpartition(' ') for line in done.stdout.splitlines())
    assert after[0] == 'frozen after the build' and at_exit[0] == 'frozen at exit'
    # The build gave its objects back; the process froze them only as it ended.
    assert int(after[2]) == 0
    assert (int(at_exit[2]) > 10_000) is spared
    assert 'A page.' in (tmp_path / 'html' / 'index.html').read_text()
