"""``speedups/collector``: the cycle collector spared during a build, given back after it;
the same pages either way."""

from __future__ import annotations

import gc
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
