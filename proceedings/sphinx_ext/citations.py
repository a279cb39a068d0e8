"""How to cite the book and each session chapter, in the edition's language.

Every session chapter ends with a "Cite this chapter" block: a formatted reference and
its BibTeX entry, with (in HTML) a download of the chapter's ``.bib``. The HTML build
also writes a ``.bib`` for the whole book at the root of the edition, which
``{downloads}`` links to with the PDF and the EPUB.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from proceedings.core.citation import (
    book_bibtex,
    chapter_bibtex,
    chapter_reference,
    cited_people,
)
from proceedings.sphinx_ext.config import options_of
from proceedings.sphinx_ext.domain import proceedings_domain
from proceedings.sphinx_ext.i18n import _
from proceedings.sphinx_ext.settings import edition_of, identity_of

if TYPE_CHECKING:
    from docutils.nodes import Node
    from sphinx.application import Sphinx

    from proceedings.core.model import Contributor


def citation_nodes(pieces: list[tuple[str, bool]]) -> list[nodes.Node]:
    """A reference as nodes: its pieces in italics (a book's title) or not."""
    return [nodes.emphasis(text, text) if italic else nodes.Text(text) for text, italic in pieces]


class chapter_citation(nodes.General, nodes.Element):
    """Stands for the "Cite this chapter" block until titles and addresses are known."""

    piece = 'citation'


# -- In the book -----------------------------------------------------------------------


def add_citation_block(app: Sphinx, doctree: nodes.document) -> None:
    """Put a citation block after the last recording of every session chapter, or at
    the end of a chapter that has none."""
    docname = app.env.docname
    if docname not in proceedings_domain(app.env).sessions:
        return
    from proceedings.sphinx_ext.sessions import podcast

    recordings = list(doctree.findall(podcast))
    block = chapter_citation(docname=docname, label=str(_('Cite this chapter')))
    block['classes'].append('chapter-citation')
    if recordings:
        # After the last recording, which ends a session's pieces.
        last = recordings[-1]
        last.parent.insert(last.parent.index(last) + 1, block)
        return
    # A session without a recording (a paper) ends with its text: the citation follows it.
    section = doctree.next_node(nodes.section)
    (section if section is not None else doctree).append(block)


def chapter_entry(app: Sphinx, docname: str) -> tuple[list[nodes.Node], str]:
    """The formatted reference and the BibTeX entry of one session chapter."""
    reference, bibtex = _chapter_texts(app, docname)
    return citation_nodes(reference), bibtex


#: Where the application keeps each chapter's reference and entry during one build.
CHAPTER_TEXTS = '_proceedings_chapter_texts'


def _chapter_texts(app: Sphinx, docname: str) -> tuple[list[tuple[str, bool]], str]:
    # A chapter's entry is made for its page and again for the .bib files: once per
    # build (forget_chapter_texts empties the cache when the documents have been read).
    cache = app.__dict__.setdefault(CHAPTER_TEXTS, {})
    found = cache.get(docname)
    if found is None:
        edition = edition_of(app)
        title = app.env.titles[docname].astext()
        url = f'{edition.url}{docname}.html' if edition.url else ''
        session = proceedings_domain(app.env).sessions[docname]
        recordings = [(found['url'], found['pending'])
                      for found in session.get('recordings', [])]
        authors = cited_people(session_people(app, docname))
        found = cache[docname] = (
            chapter_reference(edition.book, title, url, _, authors),
            chapter_bibtex(edition.book, docname, title, url, recordings, _, authors))
    return found


def forget_chapter_texts(app: Sphinx, env: object) -> None:
    """A new build of the same application: titles and sessions may have changed."""
    app.__dict__.pop(CHAPTER_TEXTS, None)


def session_people(app: Sphinx, docname: str) -> list[tuple[str, Contributor]]:
    """(role, contributor) of each person *docname*'s session names."""
    contributors = identity_of(app).contributors
    return [(role, contributors[key]) for role, key in
            proceedings_domain(app.env).sessions.get(docname, {}).get('contributors', [])
            if key in contributors]


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
    edition = edition_of(app)
    entries = [book_bibtex(edition.book, edition.url, _)]
    for docname in proceedings_domain(app.env).sessions_in_order(app.env):
        bibtex = chapter_entry(app, docname)[1]
        _write_if_changed(Path(app.outdir, docname + '.bib'), bibtex)
        entries.append(bibtex)
    _write_if_changed(Path(app.outdir, edition.downloads['bib']), '\n'.join(entries))


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
    found = list(doctree.findall(downloads))
    if not found:
        return  # most pages: no labels to translate
    edition = edition_of(app)
    names = edition.downloads
    if app.builder.name == 'html':
        base = '../' * fromdocname.count('/')
    else:
        # Inside a PDF or an EPUB, only an address on the web leads to the other files.
        base = edition.url
    labels = {
        'pdf': _('The proceedings as a PDF, to read or print'),
        'epub': _('The proceedings as an EPUB, for e-readers'),
        'programme': _('The programme as a PDF, to print or hand out')
        if edition.identity.event_end_date else
        _('The programme of the day as a PDF, to print or hand out'),
        'bib': _('BibTeX entries for the book and every session'),
    }
    if not options_of(app).pdf:  # a book published without TeX
        del labels['pdf'], labels['programme']
    for node in found:
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
    from proceedings.sphinx_ext import writers

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
    app.connect('env-updated', forget_chapter_texts)
    app.connect('doctree-resolved', fill_citation_blocks)
    app.connect('doctree-resolved', fill_downloads)
    app.connect('build-finished', write_bib_files)
