"""One MyST parser per build (``proceedings/speedups/markdown.py``) changes no page."""

from __future__ import annotations

from io import StringIO

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

import proceedings.speedups.markdown as speedup

from testing import built_pages

pytestmark = pytest.mark.extension


def build_french(book, out, monkeypatch, reuse: bool) -> tuple[dict, dict, int, int]:
    """The doctrees and HTML pages of the French edition, how many markdown-it parsers
    the speed-up made and how many texts they parsed (pages and translated messages)."""
    made, parsed = [], []
    original_create = speedup.create_md_parser
    original_parse = speedup.ReusingMystParser.parse

    def create(*args, **kwargs):
        made.append(1)
        return original_create(*args, **kwargs)

    def parse(self, *args, **kwargs):
        parsed.append(1)
        return original_parse(self, *args, **kwargs)

    monkeypatch.setattr(speedup, 'create_md_parser', create)
    monkeypatch.setattr(speedup.ReusingMystParser, 'parse', parse)
    app = SphinxTestApp('html', srcdir=book.root, builddir=out,
                        confoverrides={'language': 'fr',
                                       'proceedings_reuse_markdown_parser': reuse,
                                       # every message through MyST's parser: the
                                       # speed-up of messages.py has its own test
                                       'proceedings_plain_translated_messages': False},
                        status=StringIO(), warning=StringIO())
    try:
        app.build()
        assert strip_colors(app.warning.getvalue()) == ''
        doctrees = {name: app.env.get_doctree(name).pformat()
                    for name in sorted(app.env.found_docs)}
    finally:
        app.cleanup()
    pages = built_pages(out / 'html')
    return doctrees, pages, len(made), len(parsed)


def test_the_french_edition_is_the_same_with_one_parser(generate_book, tmp_path, monkeypatch):
    book = generate_book(tmp_path / 'book', sessions=3, per_part=2, variety=True)
    stock_trees, stock_pages, _, _ = build_french(book, tmp_path / 'stock', monkeypatch, False)
    trees, pages, parsers, parsed = build_french(book, tmp_path / 'reused', monkeypatch, True)

    assert 'Séance 1' in trees[book.sessions[0].docname]  # the messages were translated
    assert trees.keys() == stock_trees.keys()
    for name, tree in trees.items():
        assert tree == stock_trees[name], name
    assert pages.keys() == stock_pages.keys()
    for name, page in pages.items():
        assert page == stock_pages[name], name
    # Every page and every translated message went through one parser made for the build,
    # but the pages with front matter, which may change MyST's settings for themselves
    # (stock myst-parser makes one per page and per message).
    front_matter = [page for page in book.root.rglob('*.md')
                    if page.read_text('utf-8').startswith('---\n')]
    assert front_matter  # the orphan page's
    assert parsers == 1 + len(front_matter)
    assert parsed > 10 * parsers
