"""The HTML speed-ups (``proceedings/speedups/``: ``partials``, ``highlighting``, ``assets``,
``search``, ``templates``, ``stylesheets``, ``code_languages``) change no page, nor the
search index."""

from __future__ import annotations

import copy
import os
import time
from io import StringIO

import pytest
from docutils import nodes
from docutils.writers import html5_polyglot
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from sphinx.util.docutils import new_document

import proceedings.speedups.assets as assets
import proceedings.speedups.code_languages as code_languages
import proceedings.speedups.highlighting as highlighting
import proceedings.speedups.partials as partials
import proceedings.speedups.search as search
import proceedings.speedups.stylesheets as stylesheets
import proceedings.speedups.templates as templates

pytestmark = pytest.mark.extension

#: Every HTML speed-up of this file, by its option.
OFF = {'proceedings_render_partials_once': False,
       'proceedings_reuse_highlight_formatters': False,
       'proceedings_reuse_asset_tags': False,
       'proceedings_memoise_search_words': False,
       'proceedings_check_templates_once': False,
       'proceedings_find_docutils_stylesheets_once': False,
       'proceedings_set_code_languages_in_one_pass': False}


def build(book, out, overrides: dict) -> dict[str, bytes]:
    """Every HTML page of the English edition and its search index, built with
    *overrides*."""
    app = SphinxTestApp('html', srcdir=book.root, builddir=out,
                        confoverrides={'language': 'en', **overrides},
                        status=StringIO(), warning=StringIO())
    try:
        app.build()
        assert strip_colors(app.warning.getvalue()) == ''
    finally:
        app.cleanup()
    pages = sorted((out / 'html').rglob('*.html')) + [out / 'html' / 'searchindex.js']
    return {path.relative_to(out / 'html').as_posix(): path.read_bytes() for path in pages}


def test_every_page_is_the_same_with_the_html_speedups(generate_book, tmp_path, monkeypatch):
    # A part title with markup and characters that HTML escapes, sections in sessions,
    # an orphan page: titles of every kind the navigation and the headers show.
    book = generate_book(tmp_path / 'book', sessions=4, per_part=2, variety=True)
    # Code blocks whose languages come from the default and from `highlight` directives.
    # Written last (pages are written in the order of their names): titles and tables of
    # contents like it were rendered before.
    (book.root / 'chapters' / 'zz-code.md').write_text('\n\n'.join([
        '---\norphan: true\n---', '# Code & data @ 2018 > 2017', '    plain = True',
        '```{highlight} bibtex\n:linenothreshold: 2\n```',
        '```\n@book{key,\n  title = {Peer support},\n}\n```',
        '```python\nquoted = "text"\n```', '    @misc{key, year = 2018}']) + '\n',
        encoding='utf-8')
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
    from_skeletons = []
    original_from_skeleton = partials.PartialRenderer.from_skeleton

    def from_skeleton(self, node):
        parts = original_from_skeleton(self, node)
        if parts is not None:
            from_skeletons.append(node)
        return parts

    monkeypatch.setattr(partials.PartialRenderer, 'from_skeleton', from_skeleton)
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
    feeds, keyed = [], []
    original_key = search.MemoisedFeed.key

    def key(self, word):
        feeds.append(self)
        keyed.append(word)
        return original_key(self, word)

    monkeypatch.setattr(search.MemoisedFeed, 'key', key)
    reloading, found = [], []
    original_check_once = templates.check_once
    original_find_once = stylesheets.find_once

    def check_once(app):
        original_check_once(app)
        reloading.append(app.builder.templates.environment.auto_reload)

    def links(settings):
        return html5_polyglot.HTMLTranslator(new_document('<page>', settings)).stylesheet

    def find_once(settings):
        before = copy.copy(settings)
        original_find_once(settings)
        found.append((links(before), links(settings), settings.stylesheet))

    monkeypatch.setattr(templates, 'check_once', check_once)
    walked = []
    original_set_languages = code_languages.set_languages

    def set_languages(document, default_language):
        walked.append(document['source'])
        original_set_languages(document, default_language)

    monkeypatch.setattr(code_languages, 'set_languages', set_languages)
    monkeypatch.setattr(stylesheets, 'find_once', find_once)
    fast = build(book, tmp_path / 'fast', {})

    assert fast.keys() == stock.keys()
    for name, page in fast.items():
        assert page == stock[name], name
    # The speed-ups did their work: titles came from the first rendering, the other
    # nodes went through the publisher without its transforms.
    assert len(reused) > 2 * len(fast)
    assert published
    # Most titles and tables of contents were made from their skeleton's probe.
    assert len(from_skeletons) > len(book.sessions)
    # Sphinx made the style sheet and script tags of a few pages only.
    assert len(tags) > 2 * len(stock_tags) > 0
    # Every session's BibTeX was highlighted with one formatter (and the style sheet
    # written with another, without options).
    assert len(highlighted) >= len(book.sessions) + 1
    assert sum(len(bridge.made) for bridge in set(formatters)) == 3  # and numbered lines
    # One indexer stemmed each distinct word once, for all the pages.
    assert len(set(feeds)) == 1 and len(keyed) == len(set(keyed)) > 100
    index = fast['searchindex.js'].decode()
    assert '"terms":{' in index and 'peer' in index
    # Jinja did not check the templates at every use; docutils' style sheets were found
    # once for the writer's settings and once for the publisher's.
    assert reloading == [False]
    assert len(found) == 2
    # Every page's code blocks got their languages in one pass.
    assert len(walked) >= len(book.sessions)
    # Every translator links the style sheets it linked before (its only use of them).
    assert all(before == after and len(after) == len(kept) > 0
               for before, after, kept in found)


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


def test_the_memoised_feed_indexes_every_word_as_sphinx_does():
    from types import SimpleNamespace

    from sphinx.search import IndexBuilder
    def indexer():
        env = SimpleNamespace(domains={}, version={}, **{
            f'_search_index_{name}': {} for name in (
                'titles', 'filenames', 'mapping', 'title_mapping', 'all_titles',
                'index_entries', 'objtypes', 'objnames')})
        return IndexBuilder(env, 'en', {}, '')

    def page(title, text):
        doc = new_document('<page>')
        doc += nodes.section('', nodes.title('', title), nodes.paragraph('', text), ids=['s'])
        return doc

    # A stem the filter drops ("being" -> "be", a stop word), a word it drops, words
    # in a title and in the text of the same page, and repeated words.
    pages = [('a', 'Peers being peers', 'The peers and being supported, supporting peers.'),
             ('b', 'Support', 'Peer support is being studied: the peers support it.'),
             ('c', 'The', 'the the')]
    stock, fast = indexer(), indexer()
    fast.feed = search.MemoisedFeed(fast)
    for docname, title, text in pages:
        stock.feed(docname, f'{docname}.md', title, page(title, text))
        fast.feed(docname, f'{docname}.md', title, page(title, text))
    assert fast._mapping == stock._mapping and fast._title_mapping == stock._title_mapping
    assert list(fast._mapping) == list(stock._mapping)
    assert fast._all_titles == stock._all_titles and fast._filenames == stock._filenames
    assert 'being' in fast._mapping and 'be' not in fast._mapping
    assert fast.feed.keys['the'] is None


def test_a_template_changed_between_two_builds_is_used(tmp_path):
    (tmp_path / '_templates').mkdir()
    (tmp_path / 'conf.py').write_text(
        "extensions = ['proceedings.speedups.templates']\ntemplates_path = ['_templates']\n",
        encoding='utf-8')
    (tmp_path / 'index.rst').write_text('Title\n=====\n\nText.\n', encoding='utf-8')
    template = tmp_path / '_templates' / 'page.html'

    def mark(text, when):
        template.write_text('{% extends "!page.html" %}{% block body %}' + text
                            + '{{ super() }}{% endblock %}', encoding='utf-8')
        os.utime(template, (when, when))

    # Dates after the pages' (Sphinx writes again the pages older than a template).
    now = time.time()
    mark('FIRST-MARK', now + 100)
    app = SphinxTestApp('html', srcdir=tmp_path, builddir=tmp_path / '_build',
                        status=StringIO(), warning=StringIO())
    try:
        app.build()
        environment = app.builder.templates.environment
        assert environment.auto_reload is False  # the speed-up is on
        page = tmp_path / '_build' / 'html' / 'index.html'
        assert 'FIRST-MARK' in page.read_text(encoding='utf-8')
        mark('SECOND-MARK', now + 200)
        app.build()
        html = page.read_text(encoding='utf-8')
        assert 'SECOND-MARK' in html and 'FIRST-MARK' not in html
    finally:
        app.cleanup()


def test_code_languages_are_set_as_sphinx_sets_them():
    import sys

    from sphinx import addnodes
    from sphinx.transforms.post_transforms.code import HighlightLanguageVisitor

    def block(text='x = 1\n', **attributes):
        return nodes.literal_block(text, text, **attributes)

    def page():
        doc = new_document('<page>')
        doc += block()
        doc += addnodes.highlightlang(lang='bibtex', force=True, linenothreshold=3)
        doc += nodes.section('', block('a\nb\nc\n'), block(language='python'),
                             block(linenos=False))
        doc += addnodes.start_of_file('', block(), addnodes.highlightlang(
            lang='text', force=False, linenothreshold=sys.maxsize), block(), docname='x')
        doc += nodes.container('', nodes.paragraph('', 'after'), block('1\n2\n'))
        return doc

    stock, fast = page(), page()
    stock.walkabout(HighlightLanguageVisitor(stock, 'default'))
    code_languages.set_languages(fast, 'default')
    assert fast.pformat() == stock.pformat()
    languages = [node['language'] for node in fast.findall(nodes.literal_block)]
    assert languages == ['default', 'bibtex', 'python', 'bibtex', 'default', 'text', 'bibtex']
    assert [node['linenos'] for node in fast.findall(nodes.literal_block)] == [
        False, True, False, False, False, False, True]


def test_the_words_of_a_page_are_collected_as_sphinx_collects_them():
    from sphinx.search import IndexBuilder, SearchEnglish

    doc = new_document('<page>')
    doc += nodes.meta(name='keywords', content='peer support, mentoring')
    doc += nodes.meta(name='keywords', content='soutien', lang='fr')
    doc += nodes.section(
        '', nodes.title('', 'Peer ', nodes.emphasis('', 'support')),
        nodes.paragraph('', 'Peers support peers.'),
        nodes.comment('', 'hidden words'),
        nodes.paragraph('', 'not searched', classes=['no-search']),
        nodes.raw('', '<style>p{}</style><b>bold</b> words<script>x()</script>',
                  format='html'),
        nodes.raw('', '\\latex words', format='latex'),
        nodes.section('', nodes.title('', 'Second'), nodes.paragraph('', 'More text.'),
                      ids=['second']),
        nodes.section('', nodes.title('', 'Third'), ids=[]),
        ids=['first'])
    lang = SearchEnglish({})
    stock = IndexBuilder._word_collector(type('I', (), {'lang': lang})(), doc)
    fast = search.collect_words(doc, lang.split, lang.lang)
    assert fast == stock
    assert fast.titles == [('Peer support', None), ('Second', 'second'), ('Third', None)]
    assert 'mentoring' in fast.words and 'bold' in fast.words and 'hidden' not in fast.words


def test_titles_and_tables_of_contents_have_the_parts_docutils_publishes(generate_book,
                                                                       tmp_path):
    from sphinx import addnodes
    from sphinx.builders.html import StandaloneHTMLBuilder

    book = generate_book(tmp_path / 'book', sessions=1, per_part=1)
    app = SphinxTestApp('html', srcdir=book.root, builddir=tmp_path / 'out',
                        confoverrides={'language': 'en'}, status=StringIO(),
                        warning=StringIO())

    def toc(first, second):
        def item(text, refuri, *more):
            return nodes.list_item('', addnodes.compact_paragraph(
                '', '', nodes.reference('', text, internal=True, refuri=refuri,
                                        anchorname=refuri[1:])), *more)

        return nodes.bullet_list('', item(first, '#', nodes.bullet_list(
            '', item(second, '#part'), item(first, '#again'))))

    try:
        renderer = app.builder.render_partial
        texts = ['Peer support', 'A & <b> "q" \'s @x', ' two  spaces\n', 'é — …',
                 partials.PROBE_SLOT % 1 + ' & ' + partials.OTHER_SLOT % 0]
        made = [
            lambda text: nodes.title('', text),
            lambda text: nodes.title('', text, ids=['s-1'], classes=['c'], names=['n']),
            lambda text: nodes.title('', '', nodes.Text(text), nodes.emphasis('', text)),
            lambda text: toc(text, text + ' (2)'),
        ]
        for make in made:
            assert renderer.from_skeleton(make('first seen')) is None  # published
            for text in texts:
                stock = dict(StandaloneHTMLBuilder.render_partial(app.builder, make(text)))
                assert renderer.from_skeleton(make(text)) == stock, text
                assert renderer(make(text)) == stock
        assert len(renderer.probes) == len(made) and all(renderer.probes.values())
        # Text a translator writes otherwise: published.
        assert partials.skeleton(nodes.title('', '', nodes.literal('', 'a b'))) is None
        assert partials.skeleton(nodes.paragraph('', 'a')) is None
        assert partials.skeleton(nodes.title('', '', nodes.reference(
            '', 'me@example.org', refuri='mailto:me@example.org'))) is None
    finally:
        app.cleanup()
