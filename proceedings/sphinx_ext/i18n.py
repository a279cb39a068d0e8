"""The extension's own words, and the theme's, in the reader's language.

Like Sphinx's own extensions, the extension's labels live in a message catalogue of their
own (``proceedings``), loaded for the build language. Its PO files sit beside the book's
in ``locale/<language>/LC_MESSAGES/``, so translators keep one folder and one workflow.

What ``make gettext`` adds to the templates is in ``gettext``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx import locale as sphinx_locale
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.i18n import CatalogRepository

from proceedings.core.editions import MESSAGE_CATALOG_NAME

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

_ = get_translation(MESSAGE_CATALOG_NAME)
__ = get_translation(MESSAGE_CATALOG_NAME, 'console')


def load_catalogues(app: Sphinx) -> None:
    """Compile the extension's PO files that changed, then load them for the build language.

    Sphinx compiles the document catalogues itself, but only after extensions are set
    up: the labels would come out in English on the first build of a fresh checkout.
    """
    language = app.config.language
    # Translators are global to the process: forget the language of an earlier build.
    sphinx_locale.translators.pop(('general', MESSAGE_CATALOG_NAME), None)
    repo = CatalogRepository(
        app.srcdir, app.config.locale_dirs, language, app.config.source_encoding
    )
    for catalogue in repo.catalogs:
        if catalogue.domain == MESSAGE_CATALOG_NAME and catalogue.is_outdated():
            catalogue.write_mo(language, app.config.gettext_allow_fuzzy_translations)
    locale_dirs = list(repo.locale_dirs)
    # With no catalogue (the source language), this registers the identity translation.
    sphinx_locale.init(locale_dirs, language, MESSAGE_CATALOG_NAME)
    for locale_dir in locale_dirs:
        sphinx_locale.init_console(locale_dir, MESSAGE_CATALOG_NAME)


def written_in(text: str, language: str, source_language: str) -> str:
    """The language *text*, a label of the extension as ``_()`` gave it, is written in.

    A label that the catalogue of *language* does not translate yet shows in the source
    language, and so must every name it fills in: "Listen to the recording (in French)",
    never "(in francés)". A label is translated when the loaded catalogue holds it as a
    translation.
    """
    if language == source_language or text in _translations(language):
        return language
    return source_language


def _translations(language: str) -> frozenset[str]:
    translator = sphinx_locale.translators.get(('general', MESSAGE_CATALOG_NAME))
    key = (language, id(translator))
    if _translations_of[0] != key:
        found: set[str] = set()
        while translator is not None:
            for value in getattr(translator, '_catalog', {}).values():
                found.update([value] if isinstance(value, str) else value)
            translator = getattr(translator, '_fallback', None)
        _translations_of[:] = [key, frozenset(found)]
    return _translations_of[1]


#: The translations of the loaded catalogue, for the language and translator they are of.
_translations_of: list = [None, frozenset()]


def setup_i18n(app: Sphinx) -> None:
    load_catalogues(app)
