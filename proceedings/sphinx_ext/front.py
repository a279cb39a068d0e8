"""The book's front: its identity on the home page, and how to cite it.

Both are rendered from the identity file in the reader's language, so that the home page,
the PDF and the citations never disagree about a title, a date or a place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from proceedings.core.citation import book_citation_parts, citation_pieces
from proceedings.sphinx_ext.i18n import _
from proceedings.sphinx_ext.settings import edition_of

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx


class BookIdentityDirective(SphinxDirective):
    """The subtitle, then the date and place of the event."""

    def run(self) -> list[Node]:
        book = edition_of(self.env.app).book
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
        from proceedings.sphinx_ext.citations import citation_nodes

        book = edition_of(self.env.app).book
        template, fields = book_citation_parts(book, _)
        found = citation_nodes(citation_pieces(template, fields, italic='book'))
        return [nodes.paragraph('', '', *found, classes=['book-citation'], translatable=False)]


def setup_front(app: Sphinx) -> None:
    app.add_directive('book-identity', BookIdentityDirective)
    app.add_directive('book-citation', BookCitationDirective)
