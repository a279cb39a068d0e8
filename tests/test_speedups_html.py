"""The HTML speed-ups (``proceedings/speedups/``: ``partials``, ``highlighting``, ``assets``)
change no page."""

from __future__ import annotations

from io import StringIO

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

import proceedings.speedups.assets as assets
import proceedings.speedups.highlighting as highlighting
import proceedings.speedups.partials as partials

pytestmark = pytest.mark.extension

#: Every HTML speed-up of this file, by its option.
OFF = {'proceedings_render_partials_once': False,
       'proceedings_reuse_highlight_formatters': False,
       'proceedings_reuse_asset_tags': False}


def build(book, out, overrides: dict) -> dict[str, bytes]:
    """Every HTML page of the English edition, built with *overrides*."""
    app = SphinxTestApp('html', srcdir=book.root, builddir=out,
                        confoverrides={'language': 'en', **overrides},
                        status=StringIO(), warning=StringIO())
    try:
        app.build()
        assert strip_colors(app.warning.getvalue()) == ''
    finally:
        app.cleanup()
    return {path.relative_to(out / 'html').as_posix(): path.read_bytes()
            for path in sorted((out / 'html').rglob('*.html'))}


def test_every_page_is_the_same_with_the_html_speedups(generate_book, tmp_path, monkeypatch):
    # A part title with markup and characters that HTML escapes, sections in sessions,
    # an orphan page: titles of every kind the navigation and the headers show.
    book = generate_book(tmp_path / 'book', sessions=4, per_part=2, variety=True)
    stock = build(book, tmp_path / 'stock', OFF)

    published, reused = [], []
    original_publish = partials.PartialRenderer.publish
    original_call = partials.PartialRenderer.__call__

    def publish(self, node):
        published.append(node)
        return original_publish(self, node)

    def call(self, node):
        before = len(self.rendered)
        parts = original_call(self, node)
        if partials.fingerprint(node) is not None and len(self.rendered) == before:
            reused.append(node)
        return parts

    monkeypatch.setattr(partials.PartialRenderer, 'publish', publish)
    monkeypatch.setattr(partials.PartialRenderer, '__call__', call)
    formatters, highlighted = [], []
    original_formatter = highlighting.ReusedFormatters.__call__

    def formatter(self, **kwargs):
        highlighted.append(1)
        formatters.append(self)
        return original_formatter(self, **kwargs)

    monkeypatch.setattr(highlighting.ReusedFormatters, '__call__', formatter)
    tags, stock_tags = [], []
    original_wrap = assets.RememberedTags.wrap

    def wrap(self, kind, stock, pathto):
        def counted(asset):
            stock_tags.append(asset)
            return stock(asset)

        made = original_wrap(self, kind, counted, pathto)

        def tag(asset):
            tags.append(asset)
            return made(asset)

        return tag

    monkeypatch.setattr(assets.RememberedTags, 'wrap', wrap)
    fast = build(book, tmp_path / 'fast', {})

    assert fast.keys() == stock.keys()
    for name, page in fast.items():
        assert page == stock[name], name
    # The speed-ups did their work: titles came from the first rendering, the other
    # nodes went through the publisher without its transforms.
    assert len(reused) > 2 * len(fast)
    assert published
    # Sphinx made the style sheet and script tags of a few pages only.
    assert len(tags) > 2 * len(stock_tags) > 0
    # Every session's BibTeX was highlighted with one formatter (and the style sheet
    # written with another, without options).
    assert len(highlighted) >= len(book.sessions) + 1
    assert sum(len(bridge.made) for bridge in set(formatters)) == 2


def test_a_title_is_rendered_again_when_anything_in_it_differs():
    def title(*children, **attributes):
        return nodes.title('', '', *children, **attributes)

    plain = partials.fingerprint(title(nodes.Text('Peer support')))
    assert plain == partials.fingerprint(title(nodes.Text('Peer support')))
    assert plain != partials.fingerprint(title(nodes.Text('Peer Support')))
    assert plain != partials.fingerprint(title(nodes.emphasis('', 'Peer support')))
    assert plain != partials.fingerprint(title(nodes.Text('Peer support'), ids=['x']))
    assert (partials.fingerprint(title(nodes.emphasis('', 'a')))
            != partials.fingerprint(title(nodes.strong('', 'a'))))
    # What may depend on the page or on the builder's state is never reused.
    assert partials.fingerprint(title(nodes.reference('', 'a', refuri='x.html'))) is None
    assert partials.fingerprint(title(nodes.image(uri='a.png'))) is None
    assert partials.fingerprint(title(nodes.math('', 'x^2'))) is None
    assert partials.fingerprint(title(nodes.literal('', 'x', language='python'))) is None


def test_nodes_that_transforms_change_go_through_the_publisher():
    assert partials.untransformed(nodes.bullet_list('', nodes.list_item('', nodes.paragraph(
        '', 'text'))))
    assert not partials.untransformed(nodes.container('', nodes.note('', nodes.paragraph(
        '', 'a note'))))
    assert not partials.untransformed(nodes.paragraph('', '', nodes.problematic('', 'x')))
    assert not partials.untransformed(nodes.container('', nodes.system_message(
        'a message', level=1, type='INFO')))
