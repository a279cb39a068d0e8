"""The speed-ups of reading (``proceedings/speedups/``: ``events``, ``walks``, ``quotes``,
``findall``) change no doctree and no page."""

from __future__ import annotations

import logging
import pickle
from io import StringIO

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

import proceedings.speedups.events as events
import proceedings.speedups.findall as findall
import proceedings.speedups.quotes as quotes
import proceedings.speedups.walks as walks

from testing import built_pages

pytestmark = pytest.mark.extension

#: Every speed-up of this file, by its option.
OFF = {'proceedings_quiet_events': False,
       'proceedings_fast_tree_walks': False,
       'proceedings_skip_plain_smartquotes': False,
       'proceedings_fast_findall': False}

#: On the home page: a footnote, which the LaTeX builder's transform notes the page of,
#: text that smart quotes change beside text that they leave as it is, and code blocks
#: before and after a highlight directive.
HOME = '''
The study day was recorded.[^recorded]

It's the "first" day -- and the last... of the '90s, `they` said. . . A\\'s &#34;mark&#34;.

A plain sentence, with commas; colons: and a question?

Peer support -- a cross-cutting approach.

And then... &#8220;nothing&#8221;.

```
A block in the book's highlight language.
```

```{highlight} python
:linenothreshold: 3
```

```
print('one')
print('two')
```

[^recorded]: Every session of it.
'''


def build(book, out, language: str, overrides: dict) -> tuple[dict, dict]:
    """The doctrees as pickled (each node with its attributes, the document's own
    included) and the HTML pages of an edition built with *overrides*."""
    app = SphinxTestApp('html', srcdir=book.root, builddir=out,
                        confoverrides={'language': language, **overrides},
                        status=StringIO(), warning=StringIO())
    try:
        app.build()
        assert strip_colors(app.warning.getvalue()) == ''
        trees = {}
        for name in sorted(app.env.found_docs):
            tree = pickle.loads((out / 'doctrees' / f'{name}.doctree').read_bytes())
            # pformat() shows every node's attributes; the document's are not shown.
            trees[name] = (tree.pformat(), repr(sorted(tree.attributes.items())))
    finally:
        app.cleanup()
    pages = built_pages(out / 'html')
    return trees, pages


@pytest.fixture(scope='module')
def book(generate_book, tmp_path_factory):
    book = generate_book(tmp_path_factory.mktemp('read') / 'book', sessions=3, per_part=2,
                         variety=True)
    index = book.root / 'index.md'
    index.write_text(index.read_text('utf-8') + HOME, encoding='utf-8')
    return book


@pytest.mark.parametrize('language', ['en', 'fr'])
def test_every_doctree_and_page_is_the_same_with_the_read_speedups(
        book, tmp_path, monkeypatch, language):
    stock_trees, stock_pages = build(book, tmp_path / 'stock', language, OFF)

    walked, unlogged = [], []
    original_elements = walks.elements

    def elements(root):
        walked.append(root)
        return original_elements(root)

    monkeypatch.setattr(walks, 'elements', elements)
    original_heard = events.debug_is_heard

    def heard(logger):
        answer = original_heard(logger)
        if not answer:
            unlogged.append(1)
        return answer

    monkeypatch.setattr(events, 'debug_is_heard', heard)
    alone, educated = [], []
    original_left_alone = quotes.left_alone

    def left_alone(tokens):
        answer = original_left_alone(tokens)
        (alone if answer else educated).append(tokens)
        return answer

    monkeypatch.setattr(quotes, 'left_alone', left_alone)
    looped = []
    original_instances = findall._instances

    def instances(node, cls):
        looped.append(cls)
        return original_instances(node, cls)

    monkeypatch.setattr(findall, '_instances', instances)
    trees, pages = build(book, tmp_path / 'fast', language, {})
    assert looped, 'docutils walked the trees itself'

    assert trees.keys() == stock_trees.keys()
    for name, tree in trees.items():
        assert tree == stock_trees[name], name
    assert pages.keys() == stock_pages.keys()
    for name, page in pages.items():
        assert page == stock_pages[name], name
    # What the transforms find was in the pages: the footnote and its reference, and in
    # French the translated nodes, counted and marked.
    assert 'docname="index"' in trees['index'][0]
    session = book.sessions[0].docname
    if language == 'fr':
        assert "'translated': 0" not in trees[session][1]
        assert 'translated' in trees[session][0]
    else:
        assert "'total': 0, 'translated': 0" in trees[session][1]
    # Smart quotes changed the home page's quotes, dashes and ellipses in English, and
    # left most blocks alone (the French edition has none: smartquotes_excludes).
    if language == 'en':
        home = trees['index'][0]
        assert '\u201cfirst\u201d day \u2013 and the last\u2026' in home
        assert educated and len(alone) > 5 * len(educated)
    # The home page's highlight directive set the language and the line numbers of the
    # block after it, when the page was written.
    home_page = pages['index.html'].decode()
    assert 'highlight-default' in home_page and 'highlight-python' in home_page
    assert home_page.count('class="linenos"') == 2
    # Each of the three read transforms walked every page once; every event went
    # unlogged.
    assert len(walked) == 3 * len(trees)
    assert len(unlogged) > 5 * len(trees)


def test_the_debug_line_of_every_event_is_logged_when_a_handler_takes_it(book, tmp_path):
    status = StringIO()
    app = SphinxTestApp('html', srcdir=book.root, builddir=tmp_path, verbosity=2,
                        confoverrides={'language': 'en'}, status=status,
                        warning=StringIO())
    try:
        assert type(app.events) is events.QuietEventManager
        app.build()
    finally:
        app.cleanup()
    lines = strip_colors(status.getvalue()).splitlines()
    assert "[app] emitting event: 'doctree-read'" in '\n'.join(lines)
    assert sum('[app] emitting event:' in line for line in lines) > 10


def test_a_debug_record_is_heard_as_logging_offers_it():
    parent = logging.getLogger('proceedings-test.events')
    logger = logging.getLogger('proceedings-test.events.child')
    parent.setLevel(logging.DEBUG)
    parent.propagate = False
    handler = logging.NullHandler()
    handler.setLevel(logging.INFO)
    parent.addHandler(handler)
    try:
        assert not events.debug_is_heard(logger)
        handler.setLevel(logging.NOTSET)
        assert events.debug_is_heard(logger)
        handler.setLevel(logging.INFO)
        logger.setLevel(logging.INFO)
        assert not events.debug_is_heard(logger)
    finally:
        parent.removeHandler(handler)
        logger.setLevel(logging.NOTSET)


def test_smart_quotes_leave_alone_only_text_they_would_not_change():
    """Every text that ``left_alone`` lets through comes out of docutils' educating as
    it went in, for every action it is used with, in English, French and German."""
    import random

    from docutils.utils import smartquotes

    pieces = [*"ab -.'\"`\\&#;1s", '--', '...', '. . .', '&#92;', '&#34;', ' 90s']
    rng = random.Random(18)
    let_through = 0
    for action in ('qDe', 'qde', 'qbBdie', '1', '2', '3'):
        assert quotes.safe_action(action)
        for language in ('en', 'fr', 'de', ''):
            for _ in range(1000):
                tokens = [(rng.choice(['plain', 'plain', 'literal']),
                           ''.join(rng.choice(pieces) for _ in range(rng.randint(0, 8))))
                          for _ in range(rng.randint(1, 4))]
                if quotes.left_alone(tokens):
                    let_through += 1
                    educated = smartquotes.educate_tokens(iter(tokens), attr=action,
                                                          language=language)
                    assert list(educated) == [text for _, text in tokens], tokens
    assert let_through > 1000
    assert not quotes.safe_action('-1') and not quotes.safe_action('qDew')


def test_the_tokens_of_smart_quotes_are_sphinx_own():
    """A null character (an escape) and what follows it, literal text, text in a node
    that refuses smart quotes: the tokens are those of ``SphinxSmartQuotes``."""
    import itertools

    from docutils import nodes
    from sphinx.transforms import SphinxSmartQuotes

    texts = ['plain', 'a\x00"b', '\x00\x00-x', "it\x00's", 'x\x00`y\x00.', '\x00', '']
    paragraph = nodes.paragraph()
    for text, kind in itertools.product(texts, ('text', 'literal', 'refused')):
        if kind == 'text':
            paragraph += nodes.Text(text)
        elif kind == 'literal':
            paragraph += nodes.literal('', text)
        else:
            paragraph += nodes.inline('', text, support_smartquotes=False)
    found = list(paragraph.findall(nodes.Text))
    ours = list(quotes.PlainTextSmartQuotes.tokens_of(None, found))
    assert ours == list(SphinxSmartQuotes.get_tokens(None, found))
    assert ('plain', 'a\x00\\"b') in ours and ('literal', 'a"b') in ours
