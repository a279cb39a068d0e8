"""How to cite the book and each session chapter, in the edition's language.

Every session chapter ends with a "Cite this chapter" block: a formatted reference and
its BibTeX entry, with (in HTML) a download of the chapter's ``.bib``. The HTML build
also writes a ``.bib`` for the whole book at the root of the edition, which
``{downloads}`` links to with the PDF and the EPUB.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote
from typing import TYPE_CHECKING, ClassVar

from babel import Locale
from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from proceedings.domain import proceedings_domain
from proceedings.editions import download_names, edition_url
from proceedings.i18n import _
from proceedings.identity import Identity, identity_of

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx

    from proceedings.identity import TranslatedIdentity

BIBTEX_ESCAPES = {
    '\\': r'\textbackslash{}', '{': r'\{', '}': r'\}', '&': r'\&', '%': r'\%', '$': r'\$',
    '#': r'\#', '_': r'\_', '~': r'\textasciitilde{}', '^': r'\textasciicircum{}',
}
#: What an address keeps as it is in BibTeX: RFC 3986's reserved and unreserved characters.
URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
MONTHS = ('jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec')


class chapter_citation(nodes.General, nodes.Element):
    """Stands for the "Cite this chapter" block until titles and addresses are known."""

    piece = 'citation'


# -- Texts -----------------------------------------------------------------------------


def editors_mark(book: TranslatedIdentity) -> str:
    """After the editors' names: one editor, a person or a body, is not plural."""
    return str(_('(ed.)')) if len(book.editors) == 1 else str(_('(eds.)'))


def book_title(book: TranslatedIdentity) -> str:
    return _('%(title)s. %(subtitle)s') % {'title': book.title, 'subtitle': book.subtitle}


def citation_nodes(template: str, fields: dict[str, str], italic: str) -> list[nodes.Node]:
    """*template* filled with *fields*, the field named *italic* (a book's title) set in
    italics, as both English and French references print it."""
    marker = '\x00'
    text = template % {**fields, italic: f'{marker}{fields[italic]}{marker}'}
    result: list[nodes.Node] = []
    for index, piece in enumerate(text.split(marker)):
        if piece:
            result.append(nodes.emphasis(piece, piece) if index % 2 else nodes.Text(piece))
    return result


def chapter_reference(book: TranslatedIdentity, title: str, url: str) -> list[nodes.Node]:
    """The reference of a session chapter, as nodes (the book's title in italics)."""
    found = citation_nodes(
        _('“%(title)s”, in %(editors)s %(mark)s, %(book)s, %(place)s, %(date)s.'),
        {'title': title, 'editors': book.authors, 'mark': editors_mark(book),
         'book': book_title(book), 'place': book.event_place, 'date': book.event_date},
        italic='book')
    if url:
        found.append(nodes.Text(f' {url}'))
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


def recording_note(book: TranslatedIdentity, recording: str, pending: bool) -> str:
    """The BibTeX note on a session's recording: its address, or that it is not known."""
    if not recording:
        return ''
    if pending:
        return _('Recording published on %s; its own address is not yet known') % (
            book.identity.recordings_platform)
    return _('Recording: %s') % recording


def chapter_bibtex(book: TranslatedIdentity, docname: str, title: str, url: str,
                   recording: str, pending: bool = False) -> str:
    fields = {
        'title': bibtex_title(title),
        'booktitle': bibtex_title(book_title(book)),
        **_common_fields(book),
        'url': bibtex_url(url),
        'note': bibtex_text(recording_note(book, recording, pending)),
    }
    return bibtex_entry('inproceedings', bibtex_key(book.identity, docname), fields)


def book_bibtex(book: TranslatedIdentity, url: str) -> str:
    fields = {
        'title': bibtex_title(book_title(book)),
        **_common_fields(book),
        'url': bibtex_url(url),
    }
    return bibtex_entry('proceedings', bibtex_key(book.identity), fields)


# -- In the book -----------------------------------------------------------------------


def add_citation_block(app: Sphinx, doctree: nodes.document) -> None:
    """Put a citation block after the recording of every session chapter."""
    docname = app.env.docname
    if docname not in proceedings_domain(app.env).sessions:
        return
    from proceedings.sessions import podcast

    recording = doctree.next_node(podcast)
    block = chapter_citation(docname=docname, label=str(_('Cite this chapter')))
    block['classes'].append('chapter-citation')
    if recording is not None:
        recording.parent.insert(recording.parent.index(recording) + 1, block)


def chapter_entry(app: Sphinx, docname: str) -> tuple[list[nodes.Node], str]:
    """The formatted reference and the BibTeX entry of one session chapter."""
    identity = identity_of(app)
    language = app.config.language
    book = identity.translated(language)
    title = app.env.titles[docname].astext()
    base = edition_url(identity, language)
    url = f'{base}{docname}.html' if base else ''
    session = proceedings_domain(app.env).sessions[docname]
    return (chapter_reference(book, title, url),
            chapter_bibtex(book, docname, title, url, session.get('podcast', ''),
                           bool(session.get('pending'))))


def fill_citation_blocks(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    for block in doctree.findall(chapter_citation):
        if block.children:
            continue
        reference, bibtex = chapter_entry(app, block['docname'])
        block += nodes.paragraph('', '', *reference, classes=['chapter-reference'],
                                 translatable=False)
        if app.builder.format == 'html':
            # On paper the reference is enough; BibTeX is for copying from a screen.
            block += nodes.literal_block(bibtex, bibtex, language='bibtex')
        if app.builder.name == 'html':
            name = block['docname'].rsplit('/', 1)[-1] + '.bib'
            link = nodes.reference('', _('Download the BibTeX entry'), refuri=name)
            block += nodes.paragraph('', '', link, classes=['bibtex-download'],
                                     translatable=False)


def write_bib_files(app: Sphinx, exception: Exception | None) -> None:
    """Each session chapter's ``.bib`` beside its page, and the whole book's at the root."""
    if exception is not None or app.builder.name != 'html':
        return
    identity = identity_of(app)
    language = app.config.language
    book = identity.translated(language)
    entries = [book_bibtex(book, edition_url(identity, language))]
    for docname in proceedings_domain(app.env).sessions_in_order(app.env):
        bibtex = chapter_entry(app, docname)[1]
        _write_if_changed(Path(app.outdir, docname + '.bib'), bibtex)
        entries.append(bibtex)
    names = download_names(identity.slug, language)
    _write_if_changed(Path(app.outdir, names['bib']), '\n'.join(entries))


def _write_if_changed(target: Path, text: str) -> None:
    """Rebuilding after one edit leaves the other chapters' files as they were, unwritten."""
    data = text.encode('utf-8')
    try:
        if target.read_bytes() == data:
            return
    except OSError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


class DownloadsDirective(SphinxDirective):
    """The edition's downloads: the acts (PDF, EPUB), the programme of the day (PDF) and
    the book's BibTeX, as a list."""

    option_spec: ClassVar[dict] = {}

    def run(self) -> list[Node]:
        node = downloads()
        self.set_source_info(node)
        return [node]


class downloads(nodes.General, nodes.Element):
    """Stands for the list of downloads until the builder, which decides the links, is known."""


def fill_downloads(app: Sphinx, doctree: nodes.document, fromdocname: str) -> None:
    identity = identity_of(app)
    language = app.config.language
    names = download_names(identity.slug, language)
    if app.builder.name == 'html':
        base = '../' * fromdocname.count('/')
    else:
        # Inside a PDF or an EPUB, only an address on the web leads to the other files.
        base = edition_url(identity, language)
    labels = {
        'pdf': _('The proceedings as a PDF, to read or print'),
        'epub': _('The proceedings as an EPUB, for e-readers'),
        'programme': _('The programme of the day as a PDF, to print or hand out'),
        'bib': _('BibTeX entries for the book and every session'),
    }
    for node in list(doctree.findall(downloads)):
        if not base and app.builder.name != 'html':
            node.replace_self(nodes.paragraph(
                '', _('The download links are on every page of the online edition.'),
                translatable=False))
            continue
        items = nodes.bullet_list(classes=['downloads'])
        for kind, label in labels.items():
            link = nodes.reference('', label, refuri=base + names[kind])
            items += nodes.list_item('', nodes.paragraph('', '', link, translatable=False))
        node.replace_self(items)


def setup_citations(app: Sphinx) -> None:
    from proceedings import writers

    app.add_node(
        chapter_citation,
        html=(writers.visit_piece_html, writers.depart_piece_html),
        latex=(writers.visit_summary_latex, writers.depart_summary_latex),
        text=(writers.visit_piece_text, writers.depart_piece_text),
    )
    app.add_node(downloads)
    app.add_directive('downloads', DownloadsDirective)
    # After the session checks, which record which chapters are sessions.
    app.connect('doctree-read', add_citation_block, priority=600)
    app.connect('doctree-resolved', fill_citation_blocks)
    app.connect('doctree-resolved', fill_downloads)
    app.connect('build-finished', write_bib_files)
