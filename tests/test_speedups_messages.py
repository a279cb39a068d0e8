"""Plain translations without the Markdown parser (``proceedings/speedups/messages.py``)
change no page, and ``proceedings.core.plaintext`` calls plain only what MyST reads as a
paragraph of its text."""

from __future__ import annotations

import string
from io import StringIO

import pytest
from babel.messages.pofile import read_po
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from testing import PROJECT, built_pages, described

import proceedings.speedups.messages as speedup
from proceedings.core.plaintext import PLAIN_EXTENSIONS, emphasised_pieces, is_plain, plain_syntax
from proceedings.po.markup import Markup

pytestmark = pytest.mark.extension

#: English and French paragraphs of a page: plain prose, and every kind of markup and
#: Markdown character a translation holds (each pair passes the catalogue check).
PAIRS = [
    ('A plain sentence, with commas; colons: and a question?',
     'Une phrase simple, avec des virgules\u202f; des deux-points\u00a0: et une question\u202f?'),
    ("It's a (short) remark / an aside - nothing more.",
     'C’est une (courte) remarque / un aparté - rien de plus.'),
    ('Quoted "words" and dashes -- (c) stay as typed.',
     '« Des mots » cités et des tirets -- (c) restent tels quels.'),
    ('Some *emphasis* and **bold** here.', 'De l’*emphase* et du **gras** ici.'),
    ('A [link](https://example.org/a) in the text.', 'Un [lien](https://example.org/a) dans le texte.'),
    ('A role {sub}`2` in the text.', 'Un rôle {sub}`2` dans le texte.'),
    ('Some `code` in the text.', 'Du `code` dans le texte.'),
    ('A first line\nand a second line.', 'Une première ligne\net une seconde ligne.'),
    ('Half of 50% & more, 3 < 4, and #7.', 'La moitié de 50 % & plus, 3 < 4, et le n° 7.'),
    ('2018 was the year.', '2018 fut l’année.'),
    ('Word_with_underscores and a ~tilde~.', 'Un mot_avec_soulignés et un ~tilde~.'),
    ('The same in both languages.', 'The same in both languages.'),
    ('Ends with a colon:', 'Finit par deux-points\u00a0:'),
    ('A soft\u00adhyphen and a narrow space.', 'Un trait\u00add’union conditionnel et une espace fine.'),
]
TITLES = [('A section of plain words', 'Une section de mots simples'),
          ('A section with *emphasis*', 'Une section avec de l’*emphase*')]


def po_string(text: str) -> str:
    return '"' + text.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n') + '"'


def add_markup_page(root) -> None:
    """A page holding every pair, with its complete French catalogue."""
    lines = ['---', 'orphan: true', '---', '', '# Markup of translated messages', '']
    entries = [('Markup of translated messages', 'Balisage des messages traduits')]
    for title, french in TITLES:
        lines += [f'## {title}', '']
        entries.append((title, french))
        for english, translation in PAIRS:
            lines += [english, '']
            entries.append((english, translation))
    (root / 'chapters' / 'markup.md').write_text('\n'.join(lines), 'utf-8')
    header = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
              '"Language: fr\\n"\n\n')
    body = ''.join(f'#: ../../chapters/markup.md:1\nmsgid {po_string(english)}\n'
                   f'msgstr {po_string(french)}\n\n'
                   for english, french in dict(entries).items())
    (root / 'locale' / 'fr' / 'LC_MESSAGES' / 'chapters' / 'markup.po').write_text(
        header + body, 'utf-8')


def build_french(book, out, monkeypatch, plain: bool) -> tuple[dict, dict, dict, int]:
    """The doctrees, the pages' metadata, the HTML pages of the French edition, and how
    many translations the speed-up made into paragraphs itself."""
    made = []
    original = speedup.PlainMessageParser.plain_paragraph

    def plain_paragraph(text, document, md):
        made.append(text)
        return original(text, document, md)

    monkeypatch.setattr(speedup.PlainMessageParser, 'plain_paragraph',
                        staticmethod(plain_paragraph))
    app = SphinxTestApp('html', srcdir=book.root, builddir=out,
                        # Sphinx's Locale, which parses every message: the Locale of
                        # speedups.translation makes plain paragraphs without a parse,
                        # as the parse here does (test_speedups_translation).
                        confoverrides={'language': 'fr',
                                       'proceedings_parse_translations_once': False,
                                       'proceedings_plain_translated_messages': plain},
                        status=StringIO(), warning=StringIO())
    try:
        app.build()
        assert strip_colors(app.warning.getvalue()) == ''
        assert app.statuscode == 0
        doctrees = {}
        for name in sorted(app.env.found_docs):
            tree = app.env.get_doctree(name)
            doctrees[name] = (tree.pformat(), described(tree))
        metadata = {name: dict(app.env.metadata[name]) for name in sorted(app.env.found_docs)}
    finally:
        app.cleanup()
    pages = built_pages(out / 'html')
    return doctrees, metadata, pages, len(made)


def test_plain_translations_make_the_same_pages(generate_book, tmp_path, monkeypatch):
    book = generate_book(tmp_path / 'book', sessions=2, per_part=2, variety=True)
    add_markup_page(book.root)
    stock_trees, stock_meta, stock_pages, none = build_french(
        book, tmp_path / 'stock', monkeypatch, False)
    trees, meta, pages, made = build_french(book, tmp_path / 'plain', monkeypatch, True)

    assert none == 0
    # The speed-up made the plain translations, and only those, itself.
    assert made > 20
    assert 'Balisage des messages traduits' in trees['chapters/markup'][0]
    assert 'De l’' in trees['chapters/markup'][0]  # the markup was translated too
    assert trees.keys() == stock_trees.keys()
    for name, tree in trees.items():
        assert tree == stock_trees[name], name
    assert meta == stock_meta  # the word count MyST leaves in each page's metadata
    assert pages.keys() == stock_pages.keys()
    for name, page in pages.items():
        assert page == stock_pages[name], name


# -- What is plain ------------------------------------------------------------------------

#: Every ASCII character, and non-ASCII ones that a French translation holds or that
#: Python or markdown-it treat as space or line ends.
CHARACTERS = [chr(c) for c in range(0x20, 0x7f)] + list(
    '\t\n\r\x0b\x0c\x00\x85\u00a0\u202f\u2028\u2029\u00ad\u200b«»’–—…éÉœ·\ufeff')


def read_as(md, text: str) -> str | None:
    """The text of a paragraph holding one text, as markdown-it reads *text*; else None."""
    tokens = md.parse(text, {})
    if [t.type for t in tokens] != ['paragraph_open', 'inline', 'paragraph_close']:
        return None
    children = tokens[1].children or []
    if [c.type for c in children] != ['text'] or tokens[1].content != text:
        return None
    return children[0].content


@pytest.mark.parametrize('extensions', [(), ('colon_fence', 'deflist'),
                                        tuple(sorted(PLAIN_EXTENSIONS))])
def test_a_plain_text_is_read_as_a_paragraph_of_itself(extensions):
    config = MdParserConfig(enable_extensions=set(extensions),
                            disable_syntax=['html_block', 'html_inline'])
    md = create_md_parser(config, RendererHTML)
    texts = [pattern.replace('@', c) for c in CHARACTERS
             for pattern in ('@', '@word', 'word@', 'a @ b', 'word@@word', 'word@ ', 'A @@@ b')]
    texts += ['1. not a list', '(label)= no target', 'Deux-points : puis « guillemets »',
              'www.example.org is not a link here', 'http://example.org either']
    plain = [text for text in texts if is_plain(text)]
    assert len(plain) > 200
    for text in plain:
        assert read_as(md, text) == text, repr(text)


def test_a_plain_text_holds_exactly_the_characters_the_module_names():
    """Every code point, between two letters: the ASCII ones listed, and every one from
    U+00A0 on but the line and paragraph separators."""
    listed = set(string.ascii_letters + string.digits + ' ,.;:?!()\'"/-')
    for code in range(0x110000):
        character = chr(code)
        expected = character in listed or (code >= 0xa0 and character not in '\u2028\u2029')
        assert is_plain(f'a{character}b') is expected, hex(code)


def read_as_pieces(md, text: str) -> list[tuple[str, bool]] | None:
    """The texts and emphases of a paragraph holding only those, as markdown-it reads
    *text*; else None."""
    tokens = md.parse(text, {})
    if [t.type for t in tokens] != ['paragraph_open', 'inline', 'paragraph_close']:
        return None
    if tokens[1].content != text:
        return None
    pieces, emphasised = [], False
    for child in tokens[1].children or []:
        if child.type == 'em_open' and not emphasised:
            emphasised = True
        elif child.type == 'em_close' and emphasised:
            emphasised = False
        elif child.type == 'text' and child.content:
            pieces.append((child.content, emphasised))
        else:
            return None
    return pieces


@pytest.mark.parametrize('extensions', [(), tuple(sorted(PLAIN_EXTENSIONS))])
def test_simple_emphases_are_read_as_texts_and_emphases(extensions):
    config = MdParserConfig(enable_extensions=set(extensions),
                            disable_syntax=['html_block', 'html_inline'])
    md = create_md_parser(config, RendererHTML)
    patterns = ('@*word*', '*word*@', 'a @*word* b', 'a *word*@ b', 'a *w@rd* b',
                'a *@word* b', 'a *word@* b', '*@* x', 'x*word*@', 'l’*@*', 'a *b* @ *c*',
                '@*b*@*c*', '*b*@*c*', 'a *b c*@d', '*@', '@*', 'a *b*@* c', '*@b*',
                'A *b**c* d', '@ *b*', '*b*@@', 'De l’*@* et *du*@ texte.')
    texts = [pattern.replace('@', c) for c in CHARACTERS for pattern in patterns]
    texts += ['**gras**', '***trois***', '* liste', '1. *a*', '*1*. a', 'a * b *',
              '*a* **b**', 'a_*b*_', '\\*a*', '`*a*`', '*a*{b}', '*é*', '*a b*’s']
    found = {text: emphasised_pieces(text) for text in texts}
    read = [text for text, pieces in found.items() if pieces is not None]
    assert sum(1 for text in read if '*' in text) > 300
    for text in read:
        assert read_as_pieces(md, text) == found[text], repr(text)


def test_extensions_that_rewrite_plain_text_turn_the_shortcut_off():
    assert plain_syntax(['colon_fence', 'deflist'], ['html_block', 'html_inline'])
    for extension in ('smartquotes', 'replacements', 'linkify', 'gfm_autolink', 'section_ref'):
        assert not plain_syntax([extension], [])
    assert not plain_syntax([], ['text_join'])
    assert not plain_syntax(['substitution'], [], ('[', ']'))


def test_the_catalogue_check_finds_the_same_pieces_in_plain_texts():
    """The strict check's markup comparison skips the parser for plain texts: on every
    message of the real book's catalogues, and the pairs above, it finds what it found."""
    texts = [text for pair in PAIRS + TITLES for text in pair]
    for path in sorted((PROJECT / 'locale').rglob('*.po')):
        with path.open('rb') as f:
            for message in read_po(f):
                for text in (message.id, message.string):
                    texts += [text] if isinstance(text, str) else list(text)
    markup = Markup(['colon_fence', 'deflist'], ['html_block', 'html_inline'])
    assert sum(map(is_plain, texts)) > 100
    for text in texts:
        assert markup._pieces(text) == markup._parsed_pieces(text), repr(text)


def test_the_catalogue_check_reports_the_same_problems_with_plain_texts():
    """Every pair of the real book's catalogues and of the pairs above, and each English
    text against each French one (what a translation may get wrong), compared with and
    without the shortcut."""
    pairs = list(PAIRS + TITLES)
    for path in sorted((PROJECT / 'locale').rglob('*.po')):
        with path.open('rb') as f:
            pairs += [(m.id, m.string) for m in read_po(f)
                      if m.id and isinstance(m.id, str) and m.string]
    pairs += [(english, french) for english, _ in PAIRS for _, french in PAIRS]
    fast = Markup(['colon_fence', 'deflist'], ['html_block', 'html_inline'])
    slow = Markup(['colon_fence', 'deflist'], ['html_block', 'html_inline'])
    slow.plain = False
    assert fast.plain
    found = 0
    for english, french in pairs:
        problems = slow.compare(english, french, 'myst')
        found += bool(problems)
        assert fast.compare(english, french, 'myst') == problems, (english, french)
        assert fast.words(french, 'myst') == slow.words(french, 'myst'), french
    assert found > 50  # the mismatched pairs
