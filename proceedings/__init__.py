"""Proceedings: session chapters, bilingual editions and the book's identity for Sphinx.

Each module holds one part and its own ``setup_*`` function:

- ``identity``: the data file of the book, and the settings derived from it per language;
- ``i18n``: the extension's message catalogue and what ``make gettext`` adds to the templates;
- ``domain``: what the chapters declare, kept across chapters;
- ``sessions``: the session directives and their checks;
- ``writers``: how HTML, LaTeX and text render the session pieces;
- ``programme``: the programme of the day, generated from the session chapters;
- ``programme_pdf``: the same programme as a PDF of its own, beside the acts;
- ``citations``: how to cite each chapter and the book (BibTeX, CITATION.cff);
- ``front``: the book's identity and citation on the home page;
- ``editions``: the links from each HTML page to the other editions and the downloads;
- ``interface``: the theme's own English words (labels, icon titles, EPUB guide) translated;
- ``typography``: no line break inside an inverted verb (« parle-t-on »);
- ``metadata``: citation tags, structured data, link previews and the sitemap;
- ``safety``: no raw markup in chapters, safe external links, a Content-Security-Policy;
- ``confine``: only the book's own files are read, nothing is fetched, links lead to the web;
- ``limits``: a line too long for the PDF is an error at its line;
- ``translations``: every build of a translation checks its catalogues first;
- ``navigation``: furo's navigation computed once per build, not once per page;
- ``parallel``: ``-j`` only for as many pages as it pays for;
- ``doctrees``: translated pages' doctrees without a copy of the build environment;
- ``latex``: the PDF's cover, metadata and page layout;
- ``colophon``: the edition's notes on the PDF's verso and the EPUB's first page;
- ``publish``: ``make book``, every edition into one publishable folder;
- ``checkbook``: the one-line check of ``book.toml`` that the Makefile runs before Sphinx.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from proceedings.citations import setup_citations
from proceedings.colophon import setup_colophon
from proceedings.confine import setup_confine
from proceedings.editions import setup_editions
from proceedings.front import setup_front
from proceedings.i18n import setup_i18n
from proceedings.interface import setup_interface
from proceedings.doctrees import setup_doctrees
from proceedings.domain import ProceedingsDomain
from proceedings.identity import setup_identity
from proceedings.limits import setup_limits
from proceedings.metadata import setup_metadata
from proceedings.navigation import setup_navigation
from proceedings.parallel import setup_parallel
from proceedings.programme import setup_programme
from proceedings.programme_pdf import setup_programme_pdf
from proceedings.safety import setup_safety
from proceedings.sessions import setup_sessions
from proceedings.translations import setup_translations
from proceedings.typography import setup_typography
from proceedings.writers import setup_writers

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = '1.0.0'


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_i18n(app)
    setup_identity(app)
    app.add_domain(ProceedingsDomain)
    setup_sessions(app)
    setup_writers(app)
    setup_programme(app)
    setup_programme_pdf(app)
    setup_citations(app)
    setup_editions(app)
    setup_metadata(app)
    setup_front(app)
    setup_interface(app)
    setup_typography(app)
    setup_colophon(app)
    setup_safety(app)
    setup_confine(app)
    setup_limits(app)
    setup_translations(app)
    setup_navigation(app)
    setup_parallel(app)
    setup_doctrees(app)
    return {
        'version': __version__,
        'env_version': 2,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
