"""The words of the reading interface in the reader's language, in HTML and EPUB alike.

furo writes part of its interface in English whatever the language, outside any message
catalogue: the accessible names of its drawers, theme switch and navigation expanders
(``aria-label``) and the titles of its icons (``<title>`` in its SVG symbols). The
project's ``page.html`` names those words as translatable messages (so they reach
``sphinx.po`` like furo's other words) and passes the page through the
``proceedings_interface`` filter, which puts the translations where furo wrote English:
only inside those attributes and icon titles, never in the text of a chapter. The
precomputed navigation and furo's own are both inside the page, so both are translated.

Sphinx's EPUB builder writes the titles of its navigation document and guide ("Table of
Contents", "Cover") in English too: they are translated here for the edition's language.
"""

from __future__ import annotations

import functools
import html
from typing import TYPE_CHECKING

from markupsafe import Markup

from proceedings.sphinx_ext.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from sphinx.application import Sphinx


def _attribute(text: str) -> str:
    return html.escape(text, quote=True)


#: Where furo writes its English words: the value of an ``aria-label`` (which holds no
#: quote) and an icon's ``<title>`` (which holds no tag). Only there are they replaced.
_LABEL = ('aria-label="', '"')
_TITLE = ('<title>', '</title>')


def translate_interface(page: str, words: Mapping[str, str]) -> Markup:
    """*page* with furo's English interface *words* replaced by their translations.

    A word with ``%s`` stands for a label around a title (``Toggle navigation of %s``):
    the title, already escaped in the page, is kept as it is.
    """
    table = _table(tuple((english, str(translated)) for english, translated in words.items()))
    if table:
        # One look at each place that can hold a word, rather than a search of the whole
        # page for each word: a page holds a few dozen places in a hundred kilobytes.
        page = _replace_in(page, _LABEL, lambda value: _translated(value, table, True))
        page = _replace_in(page, _TITLE, lambda value: _translated(value, table, False))
    return Markup(page)


@functools.lru_cache(maxsize=8)
def _table(words: tuple[tuple[str, str], ...]) -> tuple[tuple, ...]:
    """The words to replace, escaped as they are in the page, in their order: a word
    with ``%s`` as the text before and after its title, and the translation to fill in."""
    table = []
    for english, translated in words:
        if translated == english:
            continue
        if '%s' in english:
            before, after = (_attribute(piece) for piece in english.split('%s', 1))
            table.append((None, (before, after), _attribute(translated)))
        else:
            table.append((_attribute(english), None, _attribute(translated)))
    return tuple(table)


def _translated(value: str, table: tuple[tuple, ...], label: bool) -> str:
    # Each word in its order, as if the page were searched once per word: a translation
    # that is another word's English is translated again, as it always was.
    for english, around, translated in table:
        if english is not None:
            if value == english:
                value = translated
        elif label:
            before, after = around
            if (len(value) >= len(before) + len(after) and value.startswith(before)
                    and value.endswith(after)):
                title = value[len(before):len(value) - len(after)]
                value = translated.replace('%s', title, 1)
    return value


def _replace_in(page: str, place: tuple[str, str], change: Callable[[str], str]) -> str:
    """*page* with the text of each *place* (its opening and closing) passed to *change*."""
    opening, closing = place
    pieces: list[str] = []
    done = position = 0
    while (start := page.find(opening, position)) >= 0:
        start += len(opening)
        end = page.find(closing, start)
        if end < 0:
            break
        value = page[start:end]
        new = value if '<' in value and closing == _TITLE[1] else change(value)
        if new == value:
            position = start  # another place may open inside this one, as a search finds
            continue
        pieces += (page[done:start], new)
        done = position = end + len(closing)
        pieces.append(closing)
    if not pieces:
        return page
    pieces.append(page[done:])
    return ''.join(pieces)


def install_filter(app: Sphinx) -> None:
    templates = getattr(app.builder, 'templates', None)
    environment = getattr(templates, 'environment', None)
    if environment is not None:
        environment.filters['proceedings_interface'] = translate_interface


def translate_epub_titles(app: Sphinx) -> None:
    """The EPUB's navigation and guide titles, in the edition's language."""
    if app.builder.name not in ('epub', 'epub3'):
        return
    # An instance attribute: Sphinx's table stays English for other builders.
    app.builder.guide_titles = {
        'toc': str(_('Table of Contents')),
        'cover': str(_('Cover')),
    }


def setup_interface(app: Sphinx) -> None:
    app.connect('builder-inited', install_filter)
    app.connect('builder-inited', translate_epub_titles)
