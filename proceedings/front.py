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
        book = identity_of(self.env.app).translated(self.config.language)
        return [nodes.paragraph('', book_citation(book), classes=['book-citation'],
                                translatable=False)]


def book_citation(book: TranslatedIdentity) -> str:
    """How to cite the whole book; the home page, the PDF and the EPUB give the same."""
    return _('%(editors)s (eds.), %(title)s. %(subtitle)s, %(place)s, %(date)s.') % {
        'editors': book.authors,
        'title': book.title,
        'subtitle': book.subtitle,
        'place': book.event_place,
        'date': book.event_date,
    }


def setup_front(app: Sphinx) -> None:
    app.add_directive('book-identity', BookIdentityDirective)
    app.add_directive('book-citation', BookCitationDirective)
