"""The text of a citation: a formatted reference and BibTeX entries, in an edition's language.

The sentences are translated like every label of the extension: each function takes the
``proceedings`` catalogue's *translate* of the edition's language.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from babel import Locale

if TYPE_CHECKING:
    from collections.abc import Callable

    from proceedings.core.identity import Identity, TranslatedIdentity

BIBTEX_ESCAPES = {
    '\\': r'\textbackslash{}', '{': r'\{', '}': r'\}', '&': r'\&', '%': r'\%', '$': r'\$',
    '#': r'\#', '_': r'\_', '~': r'\textasciitilde{}', '^': r'\textasciicircum{}',
}
#: What an address keeps as it is in BibTeX: RFC 3986's reserved and unreserved characters.
URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
MONTHS = ('jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec')


def editors_mark(book: TranslatedIdentity, translate: Callable[[str], str]) -> str:
    """After the editors' names: one editor, a person or a body, is not plural."""
    _ = translate  # noqa: N806 -- the name that gettext tools and readers expect
    return str(_('(ed.)')) if len(book.editors) == 1 else str(_('(eds.)'))


def book_title(book: TranslatedIdentity, translate: Callable[[str], str]) -> str:
    _ = translate  # noqa: N806
    return _('%(title)s. %(subtitle)s') % {'title': book.title, 'subtitle': book.subtitle}


def citation_pieces(template: str, fields: dict[str, str],
                    italic: str) -> list[tuple[str, bool]]:
    """*template* filled with *fields*, in pieces that say whether they are set in italics:
    the field named *italic* (a book's title), as English and French references print it."""
    marker = '\x00'
    text = template % {**fields, italic: f'{marker}{fields[italic]}{marker}'}
    return [(piece, bool(index % 2)) for index, piece in enumerate(text.split(marker)) if piece]


def book_citation_parts(book: TranslatedIdentity,
                        translate: Callable[[str], str]) -> tuple[str, dict[str, str]]:
    """How to cite the whole book: the template and its fields (the book's title is the
    one a reference sets in italics)."""
    _ = translate  # noqa: N806
    return (_('%(editors)s %(mark)s, %(book)s, %(place)s, %(date)s.'),
            {'editors': book.authors, 'mark': editors_mark(book, _), 'book': book_title(book, _),
             'place': book.event_place, 'date': book.event_date})


def book_citation(book: TranslatedIdentity, translate: Callable[[str], str]) -> str:
    """How to cite the whole book, as plain text; the home page, the PDF and the EPUB give
    the same reference."""
    template, fields = book_citation_parts(book, translate)
    return template % fields


def chapter_reference(book: TranslatedIdentity, title: str, url: str,
                      translate: Callable[[str], str]) -> list[tuple[str, bool]]:
    """The reference of a session chapter, in pieces (the book's title in italics)."""
    _ = translate  # noqa: N806
    found = citation_pieces(
        _('“%(title)s”, in %(editors)s %(mark)s, %(book)s, %(place)s, %(date)s.'),
        {'title': title, 'editors': book.authors, 'mark': editors_mark(book, _),
         'book': book_title(book, _), 'place': book.event_place, 'date': book.event_date},
        italic='book')
    if url:
        found.append((f' {url}', False))
    return found


def bibtex_text(text: str) -> str:
    return ''.join(BIBTEX_ESCAPES.get(char, char) for char in text)


def bibtex_title(text: str) -> str:
    """A title whose capitals BibTeX styles keep: each word with a capital in braces
    ({EXPEERTs}, {MSHB}), since a style may lowercase the rest."""
    return ''.join(
        '{%s}' % bibtex_text(word) if any(char.isupper() for char in word) else bibtex_text(word)
        for word in re.split(r'(\s+)', text)
    )


def bibtex_url(url: str) -> str:
    """An address as BibTeX's ``url`` field holds it: braces, backslashes, spaces and
    quotes %-escaped, so that no address ends its field or starts another."""
    return quote(url, safe=URL_SAFE)


def bibtex_key(identity: Identity, docname: str = '') -> str:
    name = f'{identity.slug}-{docname}' if docname else identity.slug
    return ''.join(c if c.isalnum() else '-' for c in name.lower()).strip('-')


def bibtex_entry(kind: str, key: str, fields: dict[str, str]) -> str:
    lines = [f'@{kind}{{{key},']
    for name, value in fields.items():
        if value:
            # A month is BibTeX's own macro (nov), which styles print in their language.
            lines.append(f'  {name} = {value},' if name == 'month' else f'  {name} = {{{value}}},')
    lines.append('}')
    return '\n'.join(lines) + '\n'


def _common_fields(book: TranslatedIdentity) -> dict[str, str]:
    identity = book.identity
    return {
        'editor': ' and '.join('{%s}' % bibtex_text(name) for name in book.editors),
        'year': str(identity.event_date.year),
        'month': MONTHS[identity.event_date.month - 1],
        'address': bibtex_text(book.event_place),
        'publisher': bibtex_text(book.publisher),
        'language': Locale.parse(book.language).get_display_name('en').lower(),
    }


def recording_note(book: TranslatedIdentity, recording: str, pending: bool,
                   translate: Callable[[str], str]) -> str:
    """The BibTeX note on a session's recording: its address, or that it is not known."""
    _ = translate  # noqa: N806
    if not recording:
        return ''
    if pending:
        return _('Recording published on %s; its own address is not yet known') % (
            book.identity.recordings_platform)
    return _('Recording: %s') % recording


def chapter_bibtex(book: TranslatedIdentity, docname: str, title: str, url: str,
                   recording: str, pending: bool, translate: Callable[[str], str]) -> str:
    fields = {
        'title': bibtex_title(title),
        'booktitle': bibtex_title(book_title(book, translate)),
        **_common_fields(book),
        'url': bibtex_url(url),
        'note': bibtex_text(recording_note(book, recording, pending, translate)),
    }
    return bibtex_entry('inproceedings', bibtex_key(book.identity, docname), fields)


def book_bibtex(book: TranslatedIdentity, url: str, translate: Callable[[str], str]) -> str:
    fields = {
        'title': bibtex_title(book_title(book, translate)),
        **_common_fields(book),
        'url': bibtex_url(url),
    }
    return bibtex_entry('proceedings', bibtex_key(book.identity), fields)
