"""Sphinx's ``Locale`` transform with each message parsed once
(``proceedings/speedups/translation.py``) changes no page, and the quiet walk of the
messages (``sphinx_ext.i18n.extract_messages``) finds what Sphinx's finds."""

from __future__ import annotations

from collections import Counter
from io import StringIO

import pytest
from docutils import nodes
from sphinx.testing.util import SphinxTestApp
from sphinx.transforms import i18n
from sphinx.util.console import strip_colors
from sphinx.util.nodes import extract_messages as sphinx_extract_messages

from proceedings.speedups.messages import PlainMessageParser
from proceedings.sphinx_ext.i18n import extract_messages

from testing import built_pages, described

pytestmark = pytest.mark.extension

#: A page with what each pass of the transform treats apart: section titles (the first
#: pass renames their targets), a title that is not a section's, a glossary term, texts
#: with a footnote, links and cross-references (the second pass matches them), a
#: translation read as something else than a paragraph (the catalogue check's one error),
#: and texts left in English.
PAGE = '''\
---
orphan: true
---

(locale-top)=
# Locale of translated messages

A paragraph that refers to [the labelled section](#a-labelled-section) and to {ref}`its label <labelled>`.

(labelled)=
## A labelled section

Text with a footnote[^note] and a {term}`peer support` term.

[^note]: The footnote's own text.

## A section with *emphasis*

A paragraph left in English.

A paragraph translated as a list.

```{note}
A paragraph inside a note.
```

```{topic} A topic title
A paragraph inside a topic.
```

```{glossary}
peer support
  Support given by people who lived the same.
```

## A section left in English

The same in both languages.
'''

TRANSLATIONS = [
    ('Locale of translated messages', 'Le transform Locale des messages traduits'),
    ('A paragraph that refers to [the labelled section](#a-labelled-section) and to '
     '{ref}`its label <labelled>`.',
     'Un paragraphe qui renvoie à [la section étiquetée](#a-labelled-section) et à '
     '{ref}`its label <labelled>`.'),
    ('A labelled section', 'Une section étiquetée'),
    ('Text with a footnote[^note] and a {term}`peer support` term.',
     'Un texte avec une note[^note] et un terme {term}`peer support`.'),
    ("The footnote's own text.", 'Le texte de la note.'),
    ('A section with *emphasis*', 'Une section avec de l’*emphase*'),
    ('A paragraph translated as a list.', '- Un paragraphe traduit en liste.'),
    ('A paragraph inside a note.', 'Un paragraphe dans une note.'),
    ('A topic title', 'Un titre de topic'),
    ('A paragraph inside a topic.', 'Un paragraphe dans un topic.'),
    ('peer support', 'pair-aidance'),
    ('Support given by people who lived the same.',
     'Le soutien de personnes qui ont vécu la même chose.'),
    ('The same in both languages.', 'The same in both languages.'),
]


def po_string(text: str) -> str:
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'


#: A page in reStructuredText, whose indirect targets name section titles (MyST has no
#: such targets): the first pass gives them the titles' new names.
RST_PAGE = """\
:orphan:

A renamed title
===============

.. _alias: `A renamed title`_

A paragraph that links to alias_.

Another renamed title
=====================

.. _other alias: `Another renamed title`_

A paragraph that links to `other alias`_.
"""

RST_TRANSLATIONS = [
    ('A renamed title', 'Un titre renommé'),
    ('A paragraph that links to alias_.', 'Un paragraphe qui renvoie à alias_.'),
    ('Another renamed title', 'Un autre titre renommé'),
    ('A paragraph that links to `other alias`_.', 'Un paragraphe qui renvoie à `other alias`_.'),
]


def add_locale_page(root) -> None:
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Language: fr\\n"\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')
    for name, page, translations in (('locale.md', PAGE, TRANSLATIONS),
                                     ('targets.rst', RST_PAGE, RST_TRANSLATIONS)):
        (root / 'chapters' / name).write_text(page, 'utf-8')
        body = ''.join(f'#: ../../chapters/{name}:1\nmsgid {po_string(english)}\n'
                       f'msgstr {po_string(french)}\n\n' for english, french in translations)
        domain = name.rsplit('.', 1)[0]
        (root / 'locale' / 'fr' / 'LC_MESSAGES' / 'chapters' / f'{domain}.po').write_text(
            header + body, 'utf-8')


def build_french(book, out, monkeypatch, once: bool) -> tuple[dict, dict, set, Counter]:
    """The doctrees (and metadata) and HTML pages of the French edition, its warnings,
    and the translations the Locale transform parsed, or made into plain paragraphs."""
    parsed, alone = [], []
    original = i18n.publish_msgstr

    def publish_msgstr(app, source, *args):
        parsed.append(source)
        return original(app, source, *args)

    monkeypatch.setattr(i18n, 'publish_msgstr', publish_msgstr)
    made = PlainMessageParser.translated_paragraph.__func__

    def translated_paragraph(cls, app, text, source_path, source_line, settings):
        # What Sphinx's parse of the message gives, next to the paragraph made without it:
        # the same nodes, with their sources and lines, and the same word count left.
        stock = original(app, text, source_path, source_line, app.config, settings)
        metadata = settings.env.metadata[settings.env.docname]
        stock_count = dict(metadata.get('wordcount', {}))
        paragraph = made(cls, app, text, source_path, source_line, settings)
        if paragraph is not None:
            parsed.append(text)
            alone.append(text)
            assert described(paragraph) == described(stock), text
            assert metadata['wordcount'] == stock_count, text
        return paragraph

    monkeypatch.setattr(PlainMessageParser, 'translated_paragraph',
                        classmethod(translated_paragraph))
    app = SphinxTestApp('html', srcdir=book.root, builddir=out,
                        confoverrides={'language': 'fr',
                                       'proceedings_parse_translations_once': once},
                        status=StringIO(), warning=StringIO())
    try:
        app.build()
        warnings = set(strip_colors(app.warning.getvalue()).splitlines())
        doctrees = {}
        for name in sorted(app.env.found_docs):
            tree = app.env.get_doctree(name)
            doctrees[name] = (tree.pformat(), described(tree))
            # The quiet walk finds Sphinx's messages, in Sphinx's order.
            assert list(extract_messages(tree, 0)) == list(sphinx_extract_messages(tree))
        # The word count that each parse of a message leaves in its page's metadata.
        doctrees['metadata'] = {name: dict(app.env.metadata[name])
                                for name in sorted(app.env.found_docs)}
    finally:
        app.cleanup()
    pages = built_pages(out / 'html')
    # The emphasised translations are among those made without a parse.
    assert not once or any('*' in text for text in alone), alone
    return doctrees, pages, warnings, Counter(parsed)


def test_messages_parsed_once_make_the_same_pages(generate_book, tmp_path, monkeypatch):
    book = generate_book(tmp_path / 'book', sessions=2, per_part=2, variety=True)
    add_locale_page(book.root)
    stock_trees, stock_pages, stock_warnings, stock_parsed = build_french(
        book, tmp_path / 'stock', monkeypatch, False)
    trees, pages, warnings, parsed = build_french(book, tmp_path / 'once', monkeypatch, True)

    locale_page = trees['chapters/locale'][0]
    # The links to the indirect targets, whose titles were renamed, resolve.
    assert 'refid="a-renamed-title"' in trees['chapters/targets'][0]
    assert 'refid="another-renamed-title"' in trees['chapters/targets'][0]
    assert 'Une section étiquetée' in locale_page
    assert 'Un texte avec une note' in locale_page
    assert 'Un titre de topic' in locale_page
    assert 'A paragraph left in English.' in locale_page
    # The same warnings (a warning of a message's parse came twice, it comes once): here
    # the catalogue check's, of the translation read as a list.
    assert warnings == stock_warnings
    assert len(warnings) == 1
    assert trees.keys() == stock_trees.keys()
    for name, tree in trees.items():
        assert tree == stock_trees[name], name
    assert pages.keys() == stock_pages.keys()
    for name, page in pages.items():
        assert page == stock_pages[name], name
    # The first pass no longer parses what the second parses again, and no text is
    # parsed that was not before.
    assert parsed < stock_parsed
    assert stock_parsed.total() - parsed.total() > 10
    assert stock_parsed['Un paragraphe dans une note.'] == 2
    assert parsed['Un paragraphe dans une note.'] == 1


def made_tree() -> nodes.section:
    """A section with every kind of node ``is_translatable`` tells apart."""
    from sphinx import addnodes

    def sourced(node):
        node.source, node.line = 'page.md', 3
        return node

    section = sourced(nodes.section())
    section += sourced(nodes.title('A title', 'A title'))
    section += sourced(nodes.paragraph('A paragraph.', 'A paragraph.'))
    section += nodes.paragraph('No source.', 'No source.')
    section += sourced(nodes.paragraph('Not translatable.', 'Not translatable.',
                                       translatable=False))
    section += sourced(nodes.paragraph('Translatable.', 'Translatable.', translatable=True))
    section += sourced(nodes.literal_block('code()', 'code()'))
    section += sourced(nodes.doctest_block('>>> 1', '>>> 1'))
    section += sourced(nodes.doctest_block('>>> 2', '>>> 2', translatable=True))
    section += sourced(nodes.image(uri='a.png', alt='An image'))
    section += sourced(nodes.image(uri='b.png', translatable=True))
    section += sourced(nodes.image(uri='c.png'))
    field = nodes.field()
    field += sourced(nodes.field_name('orphan', 'orphan'))
    field += sourced(nodes.field_name('other', 'other'))
    section += field
    section += sourced(nodes.meta(content='A description'))
    paragraph = sourced(nodes.paragraph('', ''))
    paragraph += sourced(nodes.inline('an inline', 'an inline'))
    paragraph += sourced(nodes.inline('a translatable inline', 'a translatable inline',
                                      translatable=True))
    section += paragraph
    section += sourced(nodes.paragraph('', ''))  # renders empty
    section += addnodes.versionmodified('Added in 1.0.', 'Added in 1.0.')
    section += addnodes.toctree(caption='Contents', rawcaption='Contents', entries=[])
    return section


def test_the_quiet_walk_finds_what_sphinx_finds():
    tree = made_tree()
    found = list(extract_messages(tree, 0))
    assert found == list(sphinx_extract_messages(tree))
    assert [message for _node, message in found] == [
        'A title', 'A paragraph.', 'Translatable.', '>>> 2', 'An image',
        '.. image:: b.png', 'other', 'A description', 'a translatable inline', 'Contents']


def test_debug_logging_still_names_what_it_leaves_out(tmp_path):
    """From ``-vv`` on, the walk is Sphinx's own, with its debug messages."""
    (tmp_path / 'conf.py').write_text('', 'utf-8')
    (tmp_path / 'index.rst').write_text('Text.\n', 'utf-8')
    section = nodes.section()
    section += nodes.paragraph('', 'the extension’s own line', translatable=False)
    for verbosity, shown in [(2, True), (0, False)]:
        status = StringIO()
        app = SphinxTestApp('html', srcdir=tmp_path, status=status, warning=StringIO(),
                            verbosity=verbosity)
        try:
            status.seek(0)
            status.truncate()
            assert list(extract_messages(section, app.verbosity)) == []
            assert ('[i18n] SKIP' in status.getvalue()) is shown
        finally:
            app.cleanup()


#: Titles, indirect targets that name them, one inside a title, and a title renamed as
#: another was before: what renaming titles touches.
TITLES_RST = """\
First title
===========

.. _one: `First title`_
.. _two: `Second title`_

Second title with a _`target inside`
------------------------------------

.. _three: `target inside`_
.. _four: `Second title with a target inside`_

Third title
===========

.. _five: `Première`_
"""


def test_titles_rename_the_targets_sphinx_renames():
    """Each title renamed in turn, by Sphinx's update_title_mapping and by the speed-up's,
    gives the same page, targets, names and ids."""
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    from proceedings.speedups.translation import _Targets, _update_title_mapping

    def parsed():
        document = new_document('titles.rst', get_default_settings(Parser))
        Parser().parse(TITLES_RST, document)
        return document

    def renamed(document, ours: bool):
        targets = _Targets(document)
        for title, new in zip(list(document.findall(nodes.title)),
                              ['Première', 'Deuxième avec une _`cible`', 'Third title']):
            patch = nodes.paragraph(new, new)
            if '_`' in new:
                patch = nodes.paragraph('', 'Deuxième avec une ', nodes.target('cible', 'cible', names=['cible']))
            updater = i18n._NodeUpdater(title, patch, document, noqa=False)
            processed = (_update_title_mapping(updater, targets) if ours
                         else updater.update_title_mapping())
            if processed:
                if ours:
                    targets.replacing(title, patch)
                updater.update_leaves()
        return (document.pformat(), sorted(document.nameids.items()),
                sorted(document.nametypes.items()), sorted(document.ids))

    stock, ours = renamed(parsed(), False), renamed(parsed(), True)
    assert ours == stock
    page = stock[0]
    assert '<target ids="one" names="one" refname="première">' in page  # renamed
    assert '<target ids="four" names="four" refname="deuxième avec une cible">' in page
    assert '<target ids="two" names="two" refname="second title">' in page  # no title's
    assert '<target ids="five" names="five" refname="première">' in page
