"""Proceedings: session chapters, bilingual editions and the book's identity for Sphinx.

Each module holds one part and its own ``setup_*`` function:

- ``identity``: the data file of the book, and the settings derived from it per language;
- ``i18n``: the extension's message catalogue and what ``make gettext`` adds to the templates;
- ``sessions``: the session directives, their checks and their rendering;
- ``front``: the book's identity and citation on the home page;
- ``editions``: the links from each HTML page to the other editions and the downloads;
- ``translations``: every build of a translation checks its catalogues first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from proceedings.editions import setup_editions
from proceedings.front import setup_front
from proceedings.i18n import setup_i18n
from proceedings.identity import setup_identity
from proceedings.sessions import setup_sessions
from proceedings.translations import setup_translations

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = '1.0.0'


def setup(app: Sphinx) -> ExtensionMetadata:
    setup_i18n(app)
    setup_identity(app)
    setup_sessions(app)
    setup_editions(app)
    setup_front(app)
    setup_translations(app)
    return {
        'version': __version__,
        'env_version': 1,
        'parallel_read_safe': True,
        'parallel_write_safe': True,
    }
