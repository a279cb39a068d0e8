"""furo's English interface words are replaced where furo writes them, and only there.

``translate_interface`` looks once at each ``aria-label`` and icon ``<title>`` of a page.
It must give what one search of the whole page per word gives (the reference below, the
way the filter first worked), on pages shaped like furo's and on awkward ones.
"""

from __future__ import annotations

import html
import re

import pytest

from proceedings.sphinx_ext.interface import translate_interface

pytestmark = pytest.mark.extension

WORDS = {
    'Toggle site navigation sidebar': 'Afficher ou masquer la navigation du site',
    'Toggle navigation of %s': 'Déplier ou replier « %s »',
    'Contents': 'Sommaire',
    'Menu': 'Menu',
    'Expand': 'Déplier',
    # A translation that is a later word's English: translated again, in the words' order.
    'Dark mode': 'Light mode',
    'Light mode': 'Mode clair',
    'Quote "and" <tag>': 'Guillemets « et » & <balise>',
}


def one_search_per_word(page: str, words: dict[str, str]) -> str:
    """The reference: the page searched once for each word, in the words' order."""
    def attribute(text: str) -> str:
        return html.escape(text, quote=True)

    for english, translated in words.items():
        if translated == english:
            continue
        if '%s' in english:
            before, after = (re.escape(attribute(piece)) for piece in english.split('%s', 1))
            template = attribute(translated)
            page = re.sub(rf'aria-label="{before}([^"]*){after}"',
                          lambda m, t=template: f'aria-label="{t.replace("%s", m[1], 1)}"', page)
            continue
        source, target = attribute(english), attribute(translated)
        page = page.replace(f'aria-label="{source}"', f'aria-label="{target}"')
        page = page.replace(f'<title>{source}</title>', f'<title>{target}</title>')
    return page


FURO_LIKE = '''<svg><symbol id="svg-toc"><title>Contents</title></symbol>
<symbol id="svg-menu"><title>Menu</title></symbol>
<symbol id="svg-arrow-right"><title>Expand</title></symbol>
<symbol id="svg-sun"><title>Light mode</title></symbol>
<symbol id="svg-moon"><title>Dark mode</title></symbol></svg>
<label class="overlay" aria-label="Toggle site navigation sidebar"></label>
<input class="toctree-checkbox" aria-label="Toggle navigation of Matin &amp; « après-midi »">
<input class="toctree-checkbox" aria-label="Toggle navigation of ">
<input aria-label="Toggle navigation of">
<button aria-label="Contents"></button><button data-aria-label="Contents"></button>
<p>Contents, Expand and <code>&lt;title&gt;Contents&lt;/title&gt;</code> in a chapter.</p>
<span aria-label="Quote &quot;and&quot; &lt;tag&gt;"></span>
<title>Quote &quot;and&quot; &lt;tag&gt;</title>'''

AWKWARD = [
    '',
    'no place at all',
    '<title>Contents',  # a title never closed
    'aria-label="Contents',  # a label never closed
    '<title>a<title>Contents</title>',  # a tag inside: the inner title is the icon's
    '<title><b>Contents</b></title><title>Expand</title>',
    'aria-label="aria-label="Contents"',
    'aria-label=""aria-label="Expand"<title></title><title>Light mode</title>',
    '<title>Dark mode</title>aria-label="Dark mode"',
]


@pytest.mark.parametrize('page', [FURO_LIKE, *AWKWARD, FURO_LIKE * 3 + ''.join(AWKWARD)])
def test_each_place_is_translated_as_one_search_per_word_would(page):
    translated = translate_interface(page, WORDS)
    assert str(translated) == one_search_per_word(page, WORDS)


def test_the_words_land_only_where_furo_writes_them():
    page = str(translate_interface(FURO_LIKE, WORDS))
    assert '<title>Sommaire</title>' in page
    assert 'aria-label="Déplier ou replier « Matin &amp; « après-midi » »"' in page
    assert 'aria-label="Guillemets « et » &amp; &lt;balise&gt;"' in page
    # "Dark mode" becomes "Light mode", which is then translated as a word of its own.
    assert '<title>Mode clair</title>' in page.split('svg-moon')[1]
    assert '<p>Contents, Expand and <code>&lt;title&gt;Contents&lt;/title&gt;</code>' in page
    assert 'data-aria-label="Sommaire"' in page  # as the search of each word always did


def test_english_words_leave_the_page_as_it_is():
    assert str(translate_interface(FURO_LIKE, {w: w for w in WORDS})) == FURO_LIKE


def _tree(label: str) -> str:
    return (f'<ul><li class="toctree-l1 has-children"><a href="#">Matin</a>'
            f'<input aria-label="{label}" class="toctree-checkbox" type="checkbox"/>'
            '<label><span class="icon"><svg><use href="#svg-arrow-right"></use></svg>'
            '</span></label></li></ul>' * 40)


ENGLISH_TREE = _tree('Toggle navigation of Matin')
FRENCH_TREE = _tree('Déplier ou replier « Matin »')


def test_a_translated_tree_is_left_as_it_is_and_the_rest_translated():
    """The precomputed navigation comes translated: what is around it is translated, the
    tree itself is not looked at (a tree whose English is left shows it)."""
    before, after = FURO_LIKE[:200], FURO_LIKE[200:]
    for tree in (FRENCH_TREE, ENGLISH_TREE):
        page = before + tree + after
        translated = str(translate_interface(page, WORDS, tree))
        assert translated == (one_search_per_word(before, WORDS) + tree
                              + one_search_per_word(after, WORDS))
    # The same page, its tree given in English to the filter: translated with the page.
    page = before + ENGLISH_TREE + after
    assert (str(translate_interface(page, WORDS, None))
            == one_search_per_word(before, WORDS) + FRENCH_TREE
            + one_search_per_word(after, WORDS))


@pytest.mark.parametrize('tree', [
    FRENCH_TREE[:-1] + 'x',  # the page's tree is not the one given: its end differs
    FRENCH_TREE + '<p>',  # longer than the page's
])
def test_a_tree_the_page_does_not_hold_leaves_the_whole_page_translated(tree):
    page = FURO_LIKE[:200] + FRENCH_TREE + FURO_LIKE[200:]
    assert str(translate_interface(page, WORDS, tree)) == one_search_per_word(page, WORDS)
