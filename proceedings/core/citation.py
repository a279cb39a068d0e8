"""The text of a citation: a formatted reference and BibTeX entries, in an edition's language.

The sentences are translated like every label of the extension: each function takes the
``proceedings`` catalogue's *translate* of the edition's language.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from babel import Locale

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from proceedings.core.identity import Identity, TranslatedIdentity
    from proceedings.core.model import Contributor

BIBTEX_ESCAPES = {
    '\\': r'\textbackslash{}', '{': r'\{', '}': r'\}', '&': r'\&', '%': r'\%', '$': r'\$',
    '#': r'\#', '_': r'\_', '~': r'\textasciitilde{}', '^': r'\textasciicircum{}',
}
#: The same, for str.translate: one pass in C over the text (two per session and page).
BIBTEX_TABLE = str.maketrans(BIBTEX_ESCAPES)
#: What an address keeps as it is in BibTeX: RFC 3986's reserved and unreserved characters.
URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
#: A character that is not str.isalnum(): re's \w is exactly that, and the underscore.
NOT_ALPHANUMERIC = re.compile(r'[\W_]')
#: A title's words and the spaces between them.
WORDS = re.compile(r'(\s+)')
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


def cited_people(people: Sequence[tuple[str, Contributor]]) -> list[Contributor]:
    """Whom a citation of a session names as its authors: the authors of a paper, or
    else the speakers of a talk. A chair is named on the page, not as an author."""
    for role in ('author', 'speaker'):
        found = [person for named_as, person in people if named_as == role]
        if found:
            return list(dict.fromkeys(found))
    return []


def names_list(people: Sequence[Contributor], translate: Callable[[str], str]) -> str:
    """Names as a sentence joins them: "A", "A and B", "A, B and C"."""
    _ = translate  # noqa: N806
    names = [person.name for person in people]
    if len(names) < 2:
        return ''.join(names)
    return _('%(names)s and %(last)s') % {'names': ', '.join(names[:-1]), 'last': names[-1]}


def chapter_reference(book: TranslatedIdentity, title: str, url: str,
                      translate: Callable[[str], str],
                      authors: Sequence[Contributor] = ()) -> list[tuple[str, bool]]:
    """The reference of a session chapter, in pieces (the book's title in italics),
    headed by its *authors* when the session names them."""
    _ = translate  # noqa: N806
    fields = {'title': title, 'editors': book.authors, 'mark': editors_mark(book, _),
              'book': book_title(book, _), 'place': book.event_place, 'date': book.event_date}
    if authors:
        template = _('%(authors)s, “%(title)s”, in %(editors)s %(mark)s, %(book)s, '
                     '%(place)s, %(date)s.')
        fields['authors'] = names_list(authors, _)
    else:
        template = _('“%(title)s”, in %(editors)s %(mark)s, %(book)s, %(place)s, %(date)s.')
    found = citation_pieces(template, fields, italic='book')
    if url:
        found.append((f' {url}', False))
    return found


def bibtex_text(text: str) -> str:
    return text.translate(BIBTEX_TABLE)


@functools.lru_cache(maxsize=4096)
def bibtex_title(text: str) -> str:
    """A title whose capitals BibTeX styles keep: each word with a capital in braces
    ({EXPEERTs}, {MSHB}), since a style may lowercase the rest."""
    # Cached: the book's title heads every chapter's entry, and each chapter's entry is
    # written both in its page and in the .bib files.
    return ''.join(
        '{%s}' % bibtex_text(word) if any(map(str.isupper, word)) else bibtex_text(word)
        for word in WORDS.split(text)
    )


def bibtex_url(url: str) -> str:
    """An address as BibTeX's ``url`` field holds it: braces, backslashes, spaces and
    quotes %-escaped, so that no address ends its field or starts another."""
    return quote(url, safe=URL_SAFE)


def bibtex_key(identity: Identity, docname: str = '') -> str:
    name = f'{identity.slug}-{docname}' if docname else identity.slug
    return NOT_ALPHANUMERIC.sub('-', name.lower()).strip('-')


def bibtex_entry(kind: str, key: str, fields: dict[str, str]) -> str:
    lines = [f'@{kind}{{{key},']
    for name, value in fields.items():
        if value:
            # A month is BibTeX's own macro (nov), which styles print in their language.
            lines.append(f'  {name} = {value},' if name == 'month' else f'  {name} = {{{value}}},')
    lines.append('}')
    return '\n'.join(lines) + '\n'


def bibtex_person(person: Contributor) -> str:
    """A name as BibTeX's ``author`` reads it: "Family, Given" when the volume splits it;
    else the name as printed, with an "and" inside it kept from splitting the list."""
    if person.family_names:
        name = bibtex_text(person.family_names)
        if ' ' in person.family_names.strip():
            name = '{%s}' % name
        if person.given_names:
            name = f'{name}, {bibtex_text(person.given_names)}'
        return name
    return ' '.join('{and}' if word.lower() == 'and' else bibtex_text(word)
                    for word in person.name.split())


def bibtex_people(people: Sequence[Contributor]) -> str:
    return ' and '.join(bibtex_person(person) for person in people)


def _common_fields(book: TranslatedIdentity) -> dict[str, str]:
    identity = book.identity
    start, end = identity.event_dates
    return {
        'editor': ' and '.join('{%s}' % bibtex_text(name) for name in book.editors),
        'year': str(start.year),
        'month': MONTHS[start.month - 1],
        # biblatex's own field for the days of a conference; BibTeX styles ignore it.
        'eventdate': f'{start.isoformat()}/{end.isoformat()}' if end != start else '',
        'address': bibtex_text(book.event_place),
        'publisher': bibtex_text(book.publisher),
        'language': _english_name(book.language),
    }


@functools.lru_cache(maxsize=64)
def _english_name(language: str) -> str:
    """The name of *language* as BibTeX's ``language`` field holds it: "english", "french"."""
    return Locale.parse(language).get_display_name('en').lower()


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


def recordings_note(book: TranslatedIdentity, recordings: Sequence[tuple[str, bool]],
                    translate: Callable[[str], str]) -> str:
    """The note on each of a session's recordings (address, pending), none for none."""
    notes = dict.fromkeys(recording_note(book, url, pending, translate)
                          for url, pending in recordings if url)
    return '. '.join(notes)


def chapter_bibtex(book: TranslatedIdentity, docname: str, title: str, url: str,
                   recordings: Sequence[tuple[str, bool]], translate: Callable[[str], str],
                   authors: Sequence[Contributor] = ()) -> str:
    """A session's entry: ``@inproceedings``, with its authors when it names them."""
    fields = {
        'author': bibtex_people(authors),
        'title': bibtex_title(title),
        'booktitle': bibtex_title(book_title(book, translate)),
        **_common_fields(book),
        'url': bibtex_url(url),
        'note': bibtex_text(recordings_note(book, recordings, translate)),
    }
    return bibtex_entry('inproceedings', bibtex_key(book.identity, docname), fields)


def book_bibtex(book: TranslatedIdentity, url: str, translate: Callable[[str], str]) -> str:
    fields = {
        'title': bibtex_title(book_title(book, translate)),
        **_common_fields(book),
        'url': bibtex_url(url),
    }
    return bibtex_entry('proceedings', bibtex_key(book.identity), fields)
