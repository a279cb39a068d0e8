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
from operator import itemgetter
from typing import TYPE_CHECKING

from markupsafe import Markup

from proceedings.sphinx_ext.i18n import _

if TYPE_CHECKING:
    from collections.abc import Mapping

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
    words = _Words.of(tuple((english, str(translated)) for english, translated in words.items()))
    return Markup(words.replaced_in(page) if words.table else page)


class _Words:
    """The words to replace, escaped as they are in the page, in their order, and what
    each label and title met so far became (the same ones are on every page)."""

    @classmethod
    @functools.lru_cache(maxsize=8)
    def of(cls, words: tuple[tuple[str, str], ...]) -> _Words:
        return cls(words)

    def __init__(self, words: tuple[tuple[str, str], ...]) -> None:
        #: (English, None, translation) or, for a word with %s, (None, the text before
        #: and after its title, translation)
        self.table: list[tuple[str | None, tuple[str, str] | None, str]] = []
        for english, translated in words:
            if translated == english:
                continue
            if '%s' in english:
                before, after = (_attribute(piece) for piece in english.split('%s', 1))
                self.table.append((None, (before, after), _attribute(translated)))
            else:
                self.table.append((_attribute(english), None, _attribute(translated)))
        self.seen: dict[tuple[bool, str], str] = {}

    def replaced_in(self, page: str) -> str:
        """One look at each place that can hold a word, rather than a search of the whole
        page for each word: a page holds a few dozen places in a hundred kilobytes. The
        places of both kinds are taken in the order they come; a place's text that
        changes holds no place of the other kind (a word holds neither quote nor tag)."""
        pieces: list[str] = []
        done = 0
        found = {place: page.find(place[0]) for place in (_LABEL, _TITLE)}
        while True:
            place, at = min(((p, i) for p, i in found.items() if i >= 0),
                            key=itemgetter(1), default=(None, -1))
            if place is None:
                break
            opening, closing = place
            start = at + len(opening)
            end = page.find(closing, start)
            if end < 0:
                del found[place]
                continue
            value = page[start:end]
            new = value
            if place is _LABEL or '<' not in value:
                key = (place is _LABEL, value)
                new = self.seen.get(key)
                if new is None:
                    new = self.seen[key] = self._translated(value, place is _LABEL)
            if new == value:
                # Another place may open inside this one's text, as a search would find.
                found[place] = page.find(opening, start)
                continue
            pieces += (page[done:start], new, closing)
            done = end + len(closing)
            for other, position in found.items():
                if 0 <= position < done:
                    found[other] = page.find(other[0], done)
        if not pieces:
            return page
        pieces.append(page[done:])
        return ''.join(pieces)

    def _translated(self, value: str, label: bool) -> str:
        # Each word in its order, as if the page were searched once per word: a translation
        # that is a later word's English is translated again, as it always was.
        for english, around, translated in self.table:
            if english is not None:
                if value == english:
                    value = translated
            elif label and around is not None:
                before, after = around
                if (len(value) >= len(before) + len(after) and value.startswith(before)
                        and value.endswith(after)):
                    title = value[len(before):len(value) - len(after)]
                    value = translated.replace('%s', title, 1)
        return value


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
