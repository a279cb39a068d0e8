"""The proceedings toolchain: a bilingual book of acts from MyST chapters, with Sphinx.

``extensions = ['proceedings']`` in a book's ``conf.py`` loads the Sphinx extension
(``proceedings.sphinx_ext``); the ``proceedings`` command is ``proceedings.cli``. This
module imports neither: a command that needs no Sphinx starts without it. See
ARCHITECTURE.md for the layers and the direction of their imports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = '1.0.0'


def setup(app: Sphinx) -> ExtensionMetadata:
    """Sphinx's entry point, imported only when Sphinx loads the extension."""
    from proceedings.sphinx_ext.extension import setup as setup_extension

    return setup_extension(app)
