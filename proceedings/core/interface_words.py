"""furo's English interface words, replaced where furo writes them and only there.

furo writes a few words of its interface in English whatever the language: the
accessible names of its drawers, theme switch and navigation expanders (``aria-label``)
and the titles of its icons (``<title>`` in its SVG symbols). :class:`InterfaceWords`
puts their translations in those places of an HTML text, never in the text of a chapter.
The extension applies it to each page (``sphinx_ext.interface``), the precomputed
navigation to its tree once per build (``speedups.navigation``).
"""

from __future__ import annotations

import functools
import html
from operator import itemgetter


def attribute(text: str) -> str:
    """*text* as furo's templates and BeautifulSoup write it in an attribute."""
    return html.escape(text, quote=True)


#: The accessible name furo gives each expander of its navigation (``furo.navigation``).
NAVIGATION_LABEL = 'Toggle navigation of %s'

#: The key of a page's template context that holds the navigation tree when it is
#: already in the reader's language, so that the page's words are not looked for in it.
TRANSLATED_TREE = 'proceedings_translated_navigation'

#: Where furo writes its English words: the value of an ``aria-label`` (which holds no
#: quote) and an icon's ``<title>`` (which holds no tag). Only there are they replaced.
_LABEL = ('aria-label="', '"')
_TITLE = ('<title>', '</title>')


class InterfaceWords:
    """The words to replace, escaped as they are in the page, in their order, and what
    each label and title met so far became (the same ones are on every page).

    A word with ``%s`` stands for a label around a title (``Toggle navigation of %s``):
    the title, already escaped in the page, is kept as it is.
    """

    @classmethod
    @functools.lru_cache(maxsize=8)
    def of(cls, words: tuple[tuple[str, str], ...]) -> InterfaceWords:
        """The words for (English, translation) pairs, made once for the same pairs."""
        return cls(words)

    def __init__(self, words: tuple[tuple[str, str], ...]) -> None:
        #: (English, None, translation) or, for a word with %s, (None, the text before
        #: and after its title, translation)
        self.table: list[tuple[str | None, tuple[str, str] | None, str]] = []
        for english, translated in words:
            if translated == english:
                continue
            if '%s' in english:
                before, after = (attribute(piece) for piece in english.split('%s', 1))
                self.table.append((None, (before, after), attribute(translated)))
            else:
                self.table.append((attribute(english), None, attribute(translated)))
        self.seen: dict[tuple[bool, str], str] = {}

    def replaced_in(self, page: str) -> str:
        """One look at each place that can hold a word, rather than a search of the whole
        page for each word: a page holds a few dozen places in a hundred kilobytes. The
        places of both kinds are taken in the order they come; a place's text that
        changes holds no place of the other kind (a word holds neither quote nor tag)."""
        if not self.table:
            return page
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
