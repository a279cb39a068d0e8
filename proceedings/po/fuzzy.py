"""A rewritten text keeps its old translation, as a fuzzy suggestion, as ``msgmerge`` does.

``sphinx-intl update`` leaves the matching to babel, which misses most rewritten
paragraphs: it compares the new English in lower case with the old one as written, and
through ``difflib.get_close_matches``, whose "popular character" heuristic treats spaces
and common letters as junk in any text of 200 characters or more. A paragraph with one
sentence rewritten then scores under a half, and its French ends up in an obsolete
``#~`` entry while the new entry comes back empty.

This does what ``msgmerge`` does for the entries babel left empty: within the catalogue,
the most similar old text that has a translation and is no longer in use (an obsolete
entry), at a similarity of at least 0.6 (gettext's own threshold), gives its translation,
marked fuzzy. Each old translation is used once, the closest pairs first. (The old
English is not written as a previous msgid, ``#| msgid``: babel, which writes the
catalogues, wraps it into lines that no PO editor reads back.)
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

#: gettext's ``FUZZY_THRESHOLD`` (msgmerge.c): a lower score is another text.
THRESHOLD = 0.6


def _text(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _empty(message: Message) -> bool:
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return not any(strings)


def similarity(old: str, new: str) -> float:
    """How alike two texts are, from 0 to 1, as written (case counts, nothing is junk)."""
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    if matcher.real_quick_ratio() < THRESHOLD or matcher.quick_ratio() < THRESHOLD:
        return 0.0
    return matcher.ratio()


def _catalog_key(message: Message) -> object:
    msgid = _text(message)
    return (msgid, message.context) if message.context is not None else msgid


def suggest(catalog: Catalog) -> int:
    """Give each empty entry of *catalog* the translation of its closest obsolete text.

    Returns how many entries got a suggestion. The obsolete entries that gave one are
    removed: their translation moved, it was not copied.
    """
    empty = [m for m in catalog if m.id and _empty(m) and not m.pluralizable]
    old = [m for m in catalog.obsolete.values()
           if not _empty(m) and isinstance(m.id, str)]
    if not empty or not old:
        return 0
    pairs = sorted(
        ((score, n, o) for n, new in enumerate(empty) for o, gone in enumerate(old)
         if new.context == gone.context
         and (score := similarity(_text(gone), _text(new))) >= THRESHOLD),
        key=lambda pair: (-pair[0], pair[1], pair[2]))
    given: set[int] = set()
    used: set[int] = set()
    for _score, n, o in pairs:
        if n in given or o in used:
            continue
        given.add(n)
        used.add(o)
        message, source = empty[n], old[o]
        message.string = source.string
        message.flags.add('fuzzy')
        catalog.obsolete.pop(_catalog_key(source), None)
    return len(given)
