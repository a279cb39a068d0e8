"""The markup comparison of the catalogue check reads a line that starts with a letter with
MyST's inline parser alone (``Markup.tokens``): what it finds is what MyST's whole
parser finds, for any such line and any extension, and on every message of the real
book's catalogues."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from proceedings.core.plaintext import emphasised_pieces
from proceedings.po.markup import Markup, one_line_paragraphs

pytestmark = pytest.mark.extension

PROJECT = Path(__file__).resolve().parent.parent
EVERY_EXTENSION = (
    'amsmath', 'attrs_block', 'attrs_image', 'attrs_inline', 'colon_fence', 'deflist',
    'dollarmath', 'fieldlist', 'gfm_autolink', 'html_admonition', 'html_image', 'linkify',
    'replacements', 'section_ref', 'smartquotes', 'strikethrough', 'substitution', 'tasklist')
SETTINGS = {
    'none': ((), ()),
    'the book': (('colon_fence', 'deflist'), ('html_block', 'html_inline')),
    'every extension': (EVERY_EXTENSION, ()),
}
#: Pieces of Markdown, block marks among them, to follow the first letter of a line.
PIECES = ['a', 'é', ' ', '  ', '\t', '\n', '\r', '\x00', '\u00a0', '*', '**', '_', '`', '``',
          '[', ']', '(', ')', '{', '}', '<', '>', '#', '-', '---', '+', '1.', '2)', ':', ':::',
          '```', '~~~', '$', '$$', '|', '!', '%', '=', '~~', '^', '\\', '&amp;', '[^1]',
          'https://x.org', 'www.x.org', '<https://x.org>', '{role}`x`', '{#id}', '{{ s }}',
          '"', "'", '...', '(c)', '[x](y)', '![i](j)', '<b>', '\\begin{x}', '[x]: y']


def whole(extensions, disabled):
    """MyST's parser as the pages are read with it, word count and all."""
    config = MdParserConfig(enable_extensions=set(extensions), disable_syntax=list(disabled))
    return create_md_parser(config, RendererHTML)


@pytest.fixture(scope='module')
def parsers():
    return {name: (Markup(*given), whole(*given)) for name, given in SETTINGS.items()}


def same_tokens(markup: Markup, md, text: str) -> None:
    found = [token.as_dict() for token in markup.tokens(text)]
    expected = [token.as_dict() for token in md.parse(text, {})]
    if [t['type'] for t in found] == ['inline']:  # read inline, without its paragraph
        assert [t['type'] for t in expected] == ['paragraph_open', 'inline', 'paragraph_close']
        expected = expected[1:2]
        # What the inline token alone does not know, and the comparison does not read:
        # the level of the paragraph around it, and that it stood in a block.
        assert (found[0].pop('level'), found[0].pop('block')) == (0, False)
        assert (expected[0].pop('level'), expected[0].pop('block')) == (1, True)
    assert found == expected, repr(text)


@settings(max_examples=600, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(first=st.sampled_from(['W', 'é', 'ß', 'Ж', 'a']),
       rest=st.lists(st.sampled_from(PIECES), max_size=12).map(''.join))
def test_a_line_read_inline_gives_the_tokens_of_the_whole_parser(parsers, first, rest):
    for markup, md in parsers.values():
        same_tokens(markup, md, first + rest)


def catalogue_texts() -> list[str]:
    """Every msgid and msgstr of the real book's catalogues."""
    texts = []
    for path in sorted((PROJECT / 'locale').rglob('*.po')):
        with path.open('rb') as f:
            for message in read_po(f):
                for text in (message.id, message.string):
                    texts += [text] if isinstance(text, str) else list(text)
    return texts


def test_every_text_of_the_catalogues_gives_the_same_tokens(parsers):
    texts = catalogue_texts()
    markup, md = parsers['the book']
    inline = [text for text in texts if [t.type for t in markup.tokens(text)] == ['inline']]
    assert len(inline) > 100
    for text in texts:
        same_tokens(markup, md, text)


def test_a_parser_with_a_block_rule_of_its_own_reads_every_text_whole(parsers):
    for markup, _md in parsers.values():
        assert markup.one_line
    md = whole((), ())
    md.block.ruler.before('paragraph', 'letters', lambda state, start, end, silent: False)
    assert not one_line_paragraphs(md)
    md = whole((), ())
    md.block.ruler.disable('paragraph')
    assert not one_line_paragraphs(md)


def test_the_pieces_of_plain_and_emphasised_texts_are_known_without_a_parse(parsers):
    """Where the texts are plain or plain with simple emphases, the pieces the comparison
    counts are those the parser finds: none, or the emphases."""
    texts = [f'{a}*{b}*{c}' for a in ('', 'De l’', 'Un ', 'x', '(')
             for b in ('mot', 'deux mots', 'é', '1')
             for c in ('', ' et *autre*.', '.', ' suite', '’s', ')')]
    texts += catalogue_texts()
    for name in ('none', 'the book'):
        markup = parsers[name][0]
        known = [text for text in texts if emphasised_pieces(text) is not None]
        assert sum(1 for text in known if '*' in text) > 40
        for text in known:
            assert markup._pieces(text) == markup._parsed_pieces(text), (name, text)
