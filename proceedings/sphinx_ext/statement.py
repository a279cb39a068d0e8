"""The accessibility statement: where readers report a problem, and the link to the page.

The statement itself is a chapter of the book (``proceedings_accessibility_page``), written
and translated like every other page. What it cannot know by itself comes from here: the
contact of ``book.toml`` (``accessibility_contact``), or, where the editors give none, a
sentence that says so (the ``{accessibility-contact}`` directive); and every HTML page's
footer links to it, under its own title in the edition's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from proceedings.sphinx_ext.config import options_of
from proceedings.sphinx_ext.i18n import _, __
from proceedings.sphinx_ext.settings import identity_of

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


def contact_paragraph(contact: str) -> nodes.paragraph:
    """How to report a problem: to the book's contact, or that it has none yet."""
    # Already in the edition's language: not extracted again for the catalogues.
    paragraph = nodes.paragraph(classes=['accessibility-contact'], translatable=False)
    if not contact:
        paragraph += nodes.Text(_(
            'This edition gives no contact for reporting an accessibility problem yet: the '
            'sources it was made from give none, and its editors have not added one.'))
        return paragraph
    shown = contact.removeprefix('mailto:')
    before, _sep, after = str(_(
        'To report a problem, write to %s: say which page, which download or which '
        'recording, and what stood in your way, so that the editors can correct it or '
        'send you the content in another form.')).partition('%s')
    paragraph += [nodes.Text(before), nodes.reference(shown, shown, refuri=contact),
                  nodes.Text(after)]
    return paragraph


class AccessibilityContactDirective(SphinxDirective):
    """Where a reader reports an accessibility problem (``accessibility_contact``)."""

    option_spec: ClassVar[dict] = {}

    def run(self) -> list[Node]:
        paragraph = contact_paragraph(identity_of(self.env.app).accessibility_contact)
        self.set_source_info(paragraph)
        return [paragraph]


def check_statement_page(app: Sphinx, env: BuildEnvironment) -> None:
    page = options_of(app).accessibility_page
    if page and page not in env.found_docs:
        logger.warning(
            __('proceedings_accessibility_page %r is not a page of the book: the footers '
               'link to no accessibility statement'), page,
            type='proceedings', subtype='accessibility')


def add_statement_link(app: Sphinx, pagename: str, templatename: str,
                       context: dict[str, Any], doctree: Any) -> None:
    page = options_of(app).accessibility_page
    title = app.env.titles.get(page) if page else None
    if title is None:
        return
    context['proceedings_accessibility'] = {
        'url': context['pathto'](page), 'title': title.astext(), 'current': pagename == page,
    }


def setup_statement(app: Sphinx) -> None:
    app.add_directive('accessibility-contact', AccessibilityContactDirective)
    app.connect('env-check-consistency', check_statement_page)
    app.connect('html-page-context', add_statement_link)
