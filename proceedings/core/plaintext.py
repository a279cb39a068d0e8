"""Which texts MyST's Markdown reads as one paragraph of themselves, and nothing else.

A translated message is parsed as a document of its own, once or twice per build
(``sphinx.transforms.i18n``), and the strict catalogue check parses each message and its
translation again. Most messages are one line of prose: for them the parser's answer is
known in advance, a paragraph holding the text as it is, and a caller may skip the parser.

A text is plain here when it is one line, starts with a letter (or ``«``, ``(``), ends
with no whitespace, and holds besides letters, digits and spaces only ASCII punctuation
that starts no construct of MyST's Markdown inside a line (``, . ; : ? ! ( ) ' " / -``),
and no control character. Each character left out starts something somewhere: ``*_~``
emphasis, backquotes code, ``[]!`` links and images, ``<>&`` HTML, autolinks and
entities, ``{}`` roles and substitutions, ``$`` maths, ``\\`` escapes and breaks, ``#``,
``+``, ``=``, ``|``, ``%``, ``>``, ``^`` blocks, tables, comments, footnotes, targets. A
first digit could start a numbered list (``1.``), a first ``-`` or ``:`` a list, a field
or a fence: the first character is a letter.

That holds only with the extensions whose syntax the list above covers
(:data:`PLAIN_EXTENSIONS`): smart quotes and replacements rewrite quotes, dashes and
``(c)``, linkify and GitHub's autolinks make links of bare addresses, so with any of
them, or any other, no text is plain. ``tests/test_speedups_messages.py`` compares the
parser's answer with this one, character by character.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: The MyST extensions whose syntax needs a character that a plain text lacks.
PLAIN_EXTENSIONS = frozenset({
    'amsmath', 'attrs_block', 'attrs_image', 'attrs_inline', 'colon_fence', 'deflist',
    'dollarmath', 'fieldlist', 'html_admonition', 'html_image', 'strikethrough',
    'substitution', 'tasklist',
})
#: The rules of markdown-it that make a line of text one paragraph holding one text:
#: a book that disables one of them reads plain text differently.
CORE_RULES = frozenset({
    'normalize', 'block', 'inline', 'paragraph', 'text', 'text_join', 'newline',
    'balance_pairs', 'fragments_join',
})

#: Every character at or above U+00A0 but the line and paragraph separators (U+2028,
#: U+2029), and the ASCII ones listed above. One class rather than an alternative per
#: character: the regular expression engine then takes a run of them in one loop.
_PLAIN = re.compile("[A-Za-z0-9 ,.;:?!()'\"/\\-\xa0-\u2027\u202a-\U0010ffff]*")
_FIRST = re.compile(r'[^\W\d_]|[«(]')


def is_plain(text: str) -> bool:
    """Whether MyST reads *text* as a paragraph holding *text* (see the module's doc)."""
    return (bool(text) and _FIRST.match(text) is not None and not text[-1].isspace()
            and _PLAIN.fullmatch(text) is not None)


def plain_syntax(enable_extensions: Iterable[str], disable_syntax: Iterable[str],
                 sub_delimiters: Iterable[str] = ('{', '}')) -> bool:
    """Whether, with these MyST settings, a plain text is still read as plain."""
    return (set(enable_extensions) <= PLAIN_EXTENSIONS
            and not CORE_RULES & set(disable_syntax)
            and tuple(sub_delimiters) == ('{', '}'))


#: An emphasis as MyST reads it with no doubt about it: a star, text that starts and ends
#: with a letter or digit and holds no star, a star. (Stars inside a word emphasise too.)
_EMPHASIS = re.compile(r'(?<!\*)\*([^\W_](?:[^*\n]*[^\W_])?)\*(?!\*)')
#: What may follow the closing star: a space, punctuation that ends an emphasis, or the
#: end (a letter or a digit after it would let it open another emphasis too).
_AFTER_EMPHASIS = frozenset(' \u00a0\u202f,.;:?!)\'"/-’»…')


def emphasised_pieces(text: str) -> list[tuple[str, bool]] | None:
    """The pieces of *text*, each with whether it is emphasised, when MyST reads it as a
    paragraph of plain texts and simple emphases (``De l’*expérience* des pairs``); None
    when it may read anything else.

    The text without the stars of its emphases must be plain (:func:`is_plain`), but for
    a first star; each emphasis is a star, a plain text that starts and ends with a letter
    or a digit, a star, then a space, punctuation or the end. Such a star opens and
    closes as CommonMark says, and no other delimiter is there to pair with it.
    ``tests/test_speedups_messages.py`` compares the answer with markdown-it's.
    """
    if '*' not in text:
        return [(text, False)] if is_plain(text) else None
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _EMPHASIS.finditer(text):
        after = text[match.end():match.end() + 1]
        if after and after not in _AFTER_EMPHASIS:
            return None
        if match.start() > position:
            pieces.append((text[position:match.start()], False))
        pieces.append((match[1], True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    unstarred = ''.join(piece for piece, _ in pieces)
    if not pieces or '*' in unstarred:
        return None
    # A first star stands where the plain text needs a letter: the emphasised one.
    if not is_plain(unstarred):
        return None
    return pieces
