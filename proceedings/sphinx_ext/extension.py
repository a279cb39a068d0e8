"""The proceedings extension: every part's ``setup_*``, then the speed-ups by name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from proceedings import __version__
from proceedings.sphinx_ext.citations import setup_citations
from proceedings.sphinx_ext.colophon import setup_colophon
from proceedings.sphinx_ext.config import register
from proceedings.sphinx_ext.confine import setup_confine
from proceedings.sphinx_ext.domain import ProceedingsDomain
from proceedings.sphinx_ext.editions import setup_editions
from proceedings.sphinx_ext.epub_accessibility import setup_epub_accessibility
from proceedings.sphinx_ext.front import setup_front
from proceedings.sphinx_ext.gettext import setup_gettext
from proceedings.sphinx_ext.i18n import setup_i18n
from proceedings.sphinx_ext.interface import setup_interface
from proceedings.sphinx_ext.language_of_parts import setup_language_of_parts
from proceedings.sphinx_ext.limits import setup_limits
from proceedings.sphinx_ext.metadata import setup_metadata
from proceedings.sphinx_ext.programme import setup_programme
from proceedings.sphinx_ext.programme_pdf import setup_programme_pdf
from proceedings.sphinx_ext.safety import setup_safety
from proceedings.sphinx_ext.sessions import setup_sessions
from proceedings.sphinx_ext.series import setup_series
from proceedings.sphinx_ext.settings import setup_settings
from proceedings.sphinx_ext.statement import setup_statement
from proceedings.sphinx_ext.theme import setup_theme
from proceedings.sphinx_ext.transcripts import setup_transcripts
from proceedings.sphinx_ext.translations import setup_translations
from proceedings.sphinx_ext.typography import setup_typography
from proceedings.sphinx_ext.volume_data import setup_volume_data
from proceedings.sphinx_ext.untranslated import setup_untranslated
from proceedings.sphinx_ext.writers import setup_writers

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

#: The speed-ups, by the name a book could also list in ``extensions``.
SPEEDUPS = (
    'proceedings.speedups.navigation',
    'proceedings.speedups.parallel',
    'proceedings.speedups.doctrees',
    'proceedings.speedups.markdown',
    'proceedings.speedups.partials',
    'proceedings.speedups.highlighting',
    'proceedings.speedups.assets',
    'proceedings.speedups.search',
    'proceedings.speedups.templates',
    'proceedings.speedups.stylesheets',
    'proceedings.speedups.code_languages',
    'proceedings.speedups.messages',
    'proceedings.speedups.catalogues',
    'proceedings.speedups.locale_walks',
    'proceedings.speedups.collector',
    'proceedings.speedups.events',
    'proceedings.speedups.walks',
    'proceedings.speedups.quotes',
    'proceedings.speedups.translation',
    'proceedings.speedups.plural_forms',
    'proceedings.speedups.findall',
    'proceedings.speedups.status',
)


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_i18n(app)
    register(app)
    setup_settings(app)
    setup_gettext(app)
    app.add_domain(ProceedingsDomain)
    setup_sessions(app)
    setup_transcripts(app)
    setup_writers(app)
    setup_programme(app)
    setup_programme_pdf(app)
    setup_citations(app)
    setup_editions(app)
    setup_series(app)
    setup_metadata(app)
    setup_front(app)
    setup_interface(app)
    setup_epub_accessibility(app)
    setup_statement(app)
    setup_language_of_parts(app)
    setup_typography(app)
    setup_colophon(app)
    setup_safety(app)
    setup_confine(app)
    setup_limits(app)
    setup_translations(app)
    setup_untranslated(app)
    setup_theme(app)
    setup_volume_data(app)
    for name in SPEEDUPS:
        app.setup_extension(name)
    return {
        'version': __version__,
        'env_version': 3,  # 3: untranslated texts marked and counted in the doctrees
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
