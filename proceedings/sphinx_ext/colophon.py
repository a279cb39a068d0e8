"""What a book says about its own edition: the PDF's colophon and the EPUB's first page.

The colophon stands on the verso of the PDF's title page, as publishers print it: who
publishes the book, the event, this edition and its language, its date, where the online
edition and the other languages are, how to cite the book, and its rights when the
editors state them (``rights`` and ``licence_url`` in ``book.toml``; none otherwise).
Where the site's address is not known (no ``base_url``), the colophon says so rather than
print an address it does not have.

The EPUB has no title page of its own: its first page, the root document, gets the
subtitle, the date and place of the event, the same edition notes and the citation.

Every text comes from the identity file and the catalogues: it is escaped for LaTeX where
it lands, once the LaTeX builder has set up Sphinx's escaping tables.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from babel.dates import format_date
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util.tags import Tags

from proceedings.core.citation import book_citation
from proceedings.core.editions import download_names, edition_url, language_name
from proceedings.sphinx_ext.config import options_of
from proceedings.sphinx_ext.i18n import _, written_in
from proceedings.sphinx_ext.settings import identity_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx


@dataclass(frozen=True)
class Note:
    """One line of the colophon: a label, its text, and an address the text names."""

    label: str
    text: str
    url: str = ''


def edition_date(language: str) -> str:
    """The date of this edition: SOURCE_DATE_EPOCH (``make book`` sets it from the last
    commit), or today for a build outside it."""
    epoch = os.environ.get('SOURCE_DATE_EPOCH', '').strip()
    if epoch.isdigit():
        day = dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    else:
        day = dt.datetime.now(tz=dt.timezone.utc).date()
    # Day, month, year in every language ("1 December 2026", « 1er décembre 2026 »).
    text = format_date(day, format='d MMMM y', locale=language)
    if language.split('_')[0] == 'fr' and day.day == 1:
        text = text.replace('1', '1er', 1)  # « 1er décembre », as French writes the first
    return text


def edition_notes(app: Sphinx) -> list[Note]:
    identity = identity_of(app)
    language = app.config.language
    book = identity.translated(language, _)
    online = edition_url(identity, language)
    if identity.in_progress(language):
        edition = _('%(language)s edition of %(date)s, a preview: its translation is in '
                    'progress')
    else:
        edition = _('%(language)s edition of %(date)s')
    words = written_in(edition, language, identity.source_language)
    notes = [
        Note(_('Event'), f'{book.event_name}, {book.event_place}, {book.event_date}'),
        Note(_('Publisher'), book.publisher),
        Note(_('Edition'), edition % {
            'language': language_name(language, words),
            'date': edition_date(words),
        }),
    ]
    if online:
        notes.append(Note(_('Online edition'), online, online))
    else:
        notes.append(Note(_('Online edition'), _(
            'its address was not known when this edition was made; the online edition '
            'and this file are published together.')))
    for code in identity.languages:
        if code == language:
            continue
        pdf = download_names(identity.slug, code)['pdf']
        address = edition_url(identity, code)
        if not options_of(app).pdf:  # published without PDFs: name none
            template = (_('the %(language)s edition is at %(address)s') if address else
                        _('the %(language)s edition is published with this one'))
        elif address:
            template = _('the %(language)s edition is at %(address)s (PDF: %(pdf)s)')
        else:
            template = _('the %(language)s edition is published with this one (PDF: %(pdf)s)')
        name = language_name(code, written_in(template, language, identity.source_language))
        text = template % {'language': name, 'address': address, 'pdf': pdf}
        notes.append(Note(_('Other languages'), text, address))
    notes.append(Note(_('How to cite'), book_citation(book, _)))
    if book.rights:
        notes.append(Note(_('Rights'), book.rights, identity.licence_url))
    return notes


# -- PDF ----------------------------------------------------------------------------------


def accessibility_note(app: Sphinx) -> Note:
    """Where the PDF's accessible alternative is (RGAA 13.3): the PDF is not tagged."""
    online = edition_url(identity_of(app), app.config.language)
    page = options_of(app).accessibility_page
    if online:
        address = f'{online}{page}.html' if page else online
        return Note(_('Accessibility'), _(
            'this PDF is not tagged for assistive technologies; its accessible alternative '
            'is the online edition, which has the same text: its accessibility page, '
            '%(address)s, says what was checked and how to report a problem.') % {
                'address': address}, address)
    return Note(_('Accessibility'), _(
        'this PDF is not tagged for assistive technologies; its accessible alternative is '
        'the online edition published with it, which has the same text and an '
        'accessibility page.'))


APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")

COLOPHON = r"""
\thispagestyle{empty}
\vspace*{\fill}
\begingroup\small\raggedright\setlength{\parindent}{0pt}\setlength{\parskip}{0.6\baselineskip}
%(notes)s
\par\endgroup
\clearpage
"""


def latex_colophon(app: Sphinx) -> str:
    from sphinx.util import texescape

    # Sphinx's escaping tables are empty until this runs (the LaTeX builder runs it too).
    texescape.init()
    engine = app.config.latex_engine

    def escape(text: str) -> str:
        # An apostrophe typed straight in book.toml prints as one (’), as smart quotes
        # make it in the HTML; Sphinx's escaping would keep it straight.
        return texescape.escape(APOSTROPHE.sub('’', text), engine)

    def address(url: str) -> str:
        # As Sphinx's LaTeX writer writes an address for \sphinxurl (encode_uri).
        return (escape(url).replace(r'\textasciitilde{}', '~')
                .replace(r'\sphinxhyphen{}', '-').replace(r'\textquotesingle{}', "'"))

    colon = _(': ')
    lines = []
    for note in [*edition_notes(app), accessibility_note(app)]:
        text = escape(note.text)
        if note.url:
            shown = escape(note.url)
            if shown in text:
                text = text.replace(shown, r'\sphinxurl{%s}' % address(note.url), 1)
            else:
                text += r' (\sphinxurl{%s})' % address(note.url)
        lines.append(r'\textbf{%s}%s%s\par' % (escape(note.label), escape(colon), text))
    return COLOPHON % {'notes': '\n'.join(lines)}


def add_latex_colophon(app: Sphinx) -> None:
    if app.builder.name != 'latex':
        return
    # Between the cover and the contents: the verso of the title page.
    context = app.builder.context
    context['tableofcontents'] = latex_colophon(app) + context.get('tableofcontents', '')


# -- EPUB ---------------------------------------------------------------------------------

#: The tags under which Sphinx's EPUB builder evaluates ``only`` directives.
EPUB_TAGS = ('epub', 'builder_epub', 'html', 'format_html')


class EpubTitlePage(SphinxTransform):
    """The root document, in the EPUB only: the book's identity under its title.

    Inserted while reading, before smart quotes (750), so that its text is typeset like
    the home page's, and kept for the EPUB by an ``only`` node (the HTML home page and
    the PDF's cover give the same already).
    """

    default_priority = 700

    def apply(self, **kwargs) -> None:
        if self.env.docname != self.config.root_doc or self.app.builder.name == 'gettext':
            return
        section = self.document.next_node(nodes.section)
        if section is None or self._epub_has_identity():
            return
        book = identity_of(self.app).translated(self.config.language, _)
        colon = _(': ')
        front = nodes.container(classes=['book-front'])
        front += nodes.paragraph('', book.subtitle, classes=['book-subtitle'])
        front += nodes.paragraph('', f'{book.event_date} · {book.event_place}',
                                 classes=['book-event'])
        notes = nodes.bullet_list(classes=['book-edition-notes'])
        for note in edition_notes(self.app):
            item = nodes.paragraph()
            item += nodes.strong('', note.label)
            item += nodes.Text(colon)
            if note.url and note.url in note.text:
                before, after = note.text.split(note.url, 1)
                item += [nodes.Text(before), _link(note.url), nodes.Text(after)]
            else:
                item += nodes.Text(note.text)
                if note.url:
                    item += [nodes.Text(' ('), _link(note.url), nodes.Text(')')]
            notes += nodes.list_item('', item)
        front += notes
        only = addnodes.only(expr='builder_epub')
        only += front
        section.insert(1, only)

    def _epub_has_identity(self) -> bool:
        """Whether the page gives the book's identity in the EPUB itself."""
        tags = Tags(list(EPUB_TAGS))
        for node in self.document.findall(nodes.paragraph):
            if 'book-subtitle' not in node['classes']:
                continue
            ancestors = []
            parent = node.parent
            while parent is not None:
                ancestors.append(parent)
                parent = parent.parent
            if all(tags.eval_condition(a['expr']) for a in ancestors
                   if isinstance(a, addnodes.only)):
                return True
        return False


def _link(url: str) -> nodes.reference:
    return nodes.reference(url, url, refuri=url)


def setup_colophon(app: Sphinx) -> None:
    app.connect('builder-inited', add_latex_colophon)
    app.add_transform(EpubTitlePage)
