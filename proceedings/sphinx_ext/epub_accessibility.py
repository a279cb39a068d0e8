"""The EPUB as assistive technologies and reading systems need it (EPUB Accessibility 1.1).

Sphinx's EPUB builder writes its content documents without a language (the ``<html>`` tag
of the EPUB templates has none), its navigation document without the ARIA role that
matches ``epub:type="toc"``, and a package document with none of the accessibility
metadata that reading systems and library catalogues read. The builder here is Sphinx's,
with those three added: every content document says the edition's language, the
navigation is a ``doc-toc``, and ``content.opf`` says what the book offers, truthfully:
text only (the recordings are links, not in the EPUB), with its structure, table of
contents and reading order, and how it was checked.

DAISY Ace holds both editions' EPUBs to this in the quality gates
(``tests/test_gates_epub_pdf.py``).
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from sphinx.builders.epub3 import Epub3Builder

from proceedings.sphinx_ext.config import options_of
from proceedings.sphinx_ext.i18n import _
from proceedings.sphinx_ext.transcripts import transcript

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: What a reader of this EPUB gets, in the vocabularies of schema.org's accessibility
#: properties. The book is text: no image, audio or video is inside it (the recordings
#: are on their platform, linked), so text alone is enough to read all of it, and
#: nothing in it flashes, moves or sounds.
ACCESS_MODES = ('textual',)
ACCESS_MODES_SUFFICIENT = ('textual',)
FEATURES = ('structuralNavigation', 'tableOfContents', 'readingOrder',
            'displayTransformability', 'unlocked')
HAZARDS = ('none',)
#: The conformance the quality gates measure (DAISY Ace runs axe-core's WCAG 2.1 A and
#: AA rules on every content document, and checks this metadata).
CONFORMS_TO = 'EPUB Accessibility 1.1 - WCAG 2.1 Level AA'


def accessibility_summary(transcripts: bool, statement: bool) -> str:
    """What a reader of the EPUB gets, in a few sentences that are true of this book."""
    sentences = [_(
        'A reflowable text publication: every chapter is structured by headings, a table '
        'of contents leads to each one, and the language of the text is marked, including '
        'passages in another language.')]
    if transcripts:
        sentences.append(_(
            'It contains no images, audio or video: the recordings of the sessions are '
            'linked, on their platform, and the transcripts that exist are in the book or '
            'linked from it.'))
    else:
        sentences.append(_(
            'It contains no images, audio or video: the recordings of the sessions are '
            'linked, on their platform, and have no transcripts.'))
    sentences.append(_(
        'The publisher checked it with DAISY Ace and EPUBCheck, automatic tools; no '
        'independent evaluator has reviewed it.'))
    if statement:
        sentences.append(_('The accessibility page of the book says what was checked and '
                           'how to report a problem.'))
    return ' '.join(str(sentence) for sentence in sentences)


def accessibility_metadata(publisher: str, summary: str) -> str:
    """The ``<meta>`` elements of ``content.opf`` that describe the book's accessibility."""
    def meta(prop: str, value: str) -> str:
        return f'    <meta property="{prop}">{html.escape(value, quote=False)}</meta>\n'

    lines = [meta('schema:accessMode', mode) for mode in ACCESS_MODES]
    lines += [meta('schema:accessModeSufficient', ','.join(ACCESS_MODES_SUFFICIENT))]
    lines += [meta('schema:accessibilityFeature', feature) for feature in FEATURES]
    lines += [meta('schema:accessibilityHazard', hazard) for hazard in HAZARDS]
    lines += [meta('schema:accessibilitySummary', summary)]
    lines += [meta('dcterms:conformsTo', CONFORMS_TO)]
    # The conformance is the publisher's own evaluation, and says so.
    lines += [meta('a11y:certifiedBy', publisher)]
    return ''.join(lines)


class AccessibleEpubBuilder(Epub3Builder):
    """Sphinx's EPUB 3 builder, with the language, the navigation's role and the
    accessibility metadata added to what it writes."""

    def init(self) -> None:
        super().init()
        language = html.escape(self.config.language or 'en')
        # Both attributes: lang for HTML readers, xml:lang for XML ones.
        self.html_tag = self.html_tag.replace(
            '>', f' lang="{language}" xml:lang="{language}">', 1)

    def build_content(self) -> None:
        super().build_content()
        path = self.outdir / 'content.opf'
        opf = path.read_text(encoding='utf-8')
        if opf.count('</metadata>') != 1:
            raise RuntimeError(f'{path}: no single </metadata> to add the accessibility to')
        summary = accessibility_summary(self._has_transcripts(),
                                        bool(options_of(self.app).accessibility_page))
        opf = opf.replace(
            '</metadata>',
            accessibility_metadata(self.config.epub_publisher, summary).lstrip()
            + '  </metadata>')
        path.write_text(opf, encoding='utf-8')

    def _has_transcripts(self) -> bool:
        return any(next(self.env.get_doctree(docname).findall(transcript), None) is not None
                   for docname in sorted(self.env.found_docs))

    def build_navigation_doc(self) -> None:
        super().build_navigation_doc()
        path = self.outdir / 'nav.xhtml'
        nav = path.read_text(encoding='utf-8')
        if nav.count('<nav epub:type="toc">') != 1:
            raise RuntimeError(f'{path}: no single table of contents to give its role')
        path.write_text(nav.replace('<nav epub:type="toc">',
                                    '<nav epub:type="toc" role="doc-toc">'), encoding='utf-8')


def setup_epub_accessibility(app: Sphinx) -> None:
    app.add_builder(AccessibleEpubBuilder, override=True)
