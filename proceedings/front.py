"""The book's front: its identity on the home page, and how to cite it.

Both are rendered from the identity file in the reader's language, so that the home page,
the PDF and the citations never disagree about a title, a date or a place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from proceedings.i18n import _
from proceedings.identity import identity_of

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx

    from proceedings.identity import TranslatedIdentity


class BookIdentityDirective(SphinxDirective):
    """The subtitle, then the date and place of the event."""

    def run(self) -> list[Node]:
        book = identity_of(self.env.app).translated(self.config.language)
        return [
            nodes.paragraph('', book.subtitle, classes=['book-subtitle'], translatable=False),
            nodes.paragraph(
                '', f'{book.event_date} · {book.event_place}', classes=['book-event'],
                translatable=False,
            ),
        ]


class BookCitationDirective(SphinxDirective):
    """A reference to the whole book, in the reader's language."""

    option_spec: ClassVar[dict] = {}

    def run(self) -> list[Node]:
        from proceedings.citations import citation_nodes

        book = identity_of(self.env.app).translated(self.config.language)
        template, fields = book_citation_parts(book)
        found = citation_nodes(template, fields, italic='book')
        return [nodes.paragraph('', '', *found, classes=['book-citation'], translatable=False)]


def book_citation_parts(book: TranslatedIdentity) -> tuple[str, dict[str, str]]:
    """How to cite the whole book: the template and its fields (the book's title is the
    one a reference sets in italics)."""
    from proceedings.citations import book_title, editors_mark

    return (_('%(editors)s %(mark)s, %(book)s, %(place)s, %(date)s.'),
            {'editors': book.authors, 'mark': editors_mark(book), 'book': book_title(book),
             'place': book.event_place, 'date': book.event_date})


def book_citation(book: TranslatedIdentity) -> str:
    """How to cite the whole book, as plain text; the home page, the PDF and the EPUB give
    the same reference."""
    template, fields = book_citation_parts(book)
    return template % fields


def setup_front(app: Sphinx) -> None:
    app.add_directive('book-identity', BookIdentityDirective)
    app.add_directive('book-citation', BookCitationDirective)
