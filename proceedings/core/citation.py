"""The text of a citation: a formatted reference and BibTeX entries, in an edition's language.

The sentences are translated like every label of the extension: each function takes the
``proceedings`` catalogue's *translate* of the edition's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from babel import Locale

if TYPE_CHECKING:
    from collections.abc import Callable

    from proceedings.core.identity import Identity, TranslatedIdentity

BIBTEX_ESCAPES = {
    '\\': r'\textbackslash{}', '{': r'\{', '}': r'\}', '&': r'\&', '%': r'\%', '$': r'\$',
    '#': r'\#', '_': r'\_', '~': r'\textasciitilde{}', '^': r'\textasciicircum{}',
}
MONTHS = ('jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec')


def chapter_reference(book: TranslatedIdentity, title: str, url: str,
                      translate: Callable[[str], str]) -> str:
    _ = translate  # noqa: N806 -- the name that gettext tools and readers expect
    # A title that ends with its own mark ("… talking about?") takes no full stop.
    sentence = title if title.rstrip().endswith(('.', '?', '!', '…')) else f'{title}.'
    text = _('%(title)s In %(editors)s (eds.), %(book)s. %(subtitle)s. %(place)s, %(date)s.') % {
        'title': sentence, 'editors': book.authors, 'book': book.title,
        'subtitle': book.subtitle, 'place': book.event_place, 'date': book.event_date,
    }
    return f'{text} {url}' if url else text


def bibtex_text(text: str) -> str:
    return ''.join(BIBTEX_ESCAPES.get(char, char) for char in text)


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


def chapter_bibtex(book: TranslatedIdentity, docname: str, title: str, url: str,
                   recording: str, translate: Callable[[str], str]) -> str:
    _ = translate  # noqa: N806 -- the name that gettext tools and readers expect
    fields = {
        'title': bibtex_text(title),
        'booktitle': bibtex_text(f'{book.title}. {book.subtitle}'),
        **_common_fields(book),
        'url': url,
        'note': bibtex_text(_('Recording: %s') % recording) if recording else '',
    }
    return bibtex_entry('inproceedings', bibtex_key(book.identity, docname), fields)


def book_bibtex(book: TranslatedIdentity, url: str) -> str:
    fields = {
        'title': bibtex_text(f'{book.title}. {book.subtitle}'),
        **_common_fields(book),
        'url': url,
    }
    return bibtex_entry('proceedings', bibtex_key(book.identity), fields)
