"""The settings of one edition, derived from the book's identity in its language.

The identity file (``proceedings_identity``) is read on ``config-inited`` rather than in
``conf.py`` because ``-D language=fr`` changes the language after ``conf.py`` has run.
Sphinx's own settings (project, author, PDF and EPUB names and metadata) follow from it,
and those that every book of the toolchain has (``core.book_settings``) are given to a
book whose ``conf.py`` does not set them;
the other parts of the extension read the identity and the edition through
:func:`identity_of` and :func:`edition_of`.
"""

from __future__ import annotations

import copy
import dataclasses
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sphinx import locale as sphinx_locale
from sphinx.errors import ConfigError
from sphinx.util import logging

from proceedings.core.book_settings import BOOK_SETTINGS, MERGED, book_setting
from proceedings.core.editions import MESSAGE_CATALOG_NAME, download_names, edition_url
from proceedings.core.identity import Identity, IdentityError, base_url, load
from proceedings.sphinx_ext.config import options_of
from proceedings.sphinx_ext.i18n import _, __
from proceedings.sphinx_ext.latex import escape as latex_escape
from proceedings.sphinx_ext.latex import latex_elements_for

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

    from proceedings.core.identity import TranslatedIdentity

logger = logging.getLogger(__name__)

#: Where the loaded identity is kept for the build: not an option a user sets.
LOADED = '_proceedings_identity'
#: Where the application keeps its edition, with what it was made from.
EDITION = '_proceedings_edition'


class BookIdentityError(ConfigError):
    category = 'Book identity error'


@dataclass(frozen=True)
class Edition:
    """The edition being built: the identity, its language, and the identity as a
    reader of that language reads it."""

    identity: Identity
    language: str
    book: TranslatedIdentity

    @property
    def url(self) -> str:
        """The edition's folder on the web, or '' while the site has no address."""
        return edition_url(self.identity, self.language)

    @property
    def downloads(self) -> dict[str, str]:
        return download_names(self.identity.slug, self.language)


def identity_of(app: Sphinx) -> Identity:
    return app.config[LOADED]


def edition_of(app: Sphinx) -> Edition:
    identity = identity_of(app)
    language = app.config.language
    # Every page asks several times: translating the identity (and formatting its dates)
    # is done once per application, for as long as the identity, the language and the
    # loaded catalogue are the ones it was made from. The key holds them, so that none
    # of them can be another's that happens to have the same id.
    translator = sphinx_locale.translators.get(('general', MESSAGE_CATALOG_NAME))
    cached = getattr(app, EDITION, None)
    if (cached is not None and cached[0] is identity and cached[1] == language
            and cached[2] is translator):
        return cached[3]
    edition = Edition(identity, language, identity.translated(language, _))
    setattr(app, EDITION, (identity, language, translator, edition))
    return edition


def configure_edition(app: Sphinx, config: Config) -> None:
    """Load the identity and derive Sphinx's per-language settings from it."""
    options = options_of(app)
    try:
        identity = load(app.confdir / options.identity)
        if options.base_url:
            identity = dataclasses.replace(
                identity, base_url=base_url(options.base_url, identity.path))
    except IdentityError as exc:
        if options.preview:
            # Under `make serve` the file may break after the preview's own check, while
            # this build starts: one line, as the preview says it, and no crash report;
            # sphinx-autobuild keeps serving the last build.
            print(f'The book cannot be built: {exc}', file=sys.stderr, flush=True)
            raise SystemExit(2) from None
        raise BookIdentityError(str(exc)) from None
    config[LOADED] = identity
    language = config.language
    if language not in identity.languages:
        logger.warning(
            __('language %r is not among the languages of %s (%s); add it there'),
            language, identity.path.name, ', '.join(identity.languages),
            type='proceedings', subtype='identity',
        )
    book = identity.translated(language, _)
    basename = f'{identity.slug}-{language}'

    config.project = book.title
    config.author = book.authors
    # The rights are the editors' to state: the footer, the EPUB's dc:rights and the
    # PDF's colophon show them only when book.toml does, and claim none otherwise.
    config.copyright = book.rights
    config.html_show_copyright = bool(book.rights)
    config.html_title = book.title
    config.today = book.event_date
    if identity.base_url:
        config.html_baseurl = f'{identity.base_url}{language}/'
    config.latex_documents = [
        # Sphinx writes these two into \title and \author as LaTeX markup: escape them.
        (config.root_doc, f'{basename}.tex', latex_escape(book.title),
         latex_escape(book.authors), 'manual'),
    ]
    config.latex_elements = latex_elements_for(book, config.latex_elements)
    config.epub_basename = basename
    config.epub_title = book.title
    config.epub_author = book.authors
    config.epub_publisher = book.publisher
    # An EPUB must have dc:rights (Sphinx refuses an empty one): where the editors state
    # no rights, it says that, and claims none.
    config.epub_copyright = book.rights or _('Rights not stated by the editors')
    config.epub_description = book.subtitle
    config.epub_contributor = book.publisher
    config.epub_language = language
    config.epub_identifier = basename
    config.epub_uid = basename
    # The volume has no releases: the event date identifies it, and running heads
    # show the title alone.
    config.version = identity.event_date.isoformat()
    config.release = ''


def apply_book_settings(app: Sphinx, config: Config) -> None:
    """Give the book each of the toolchain's settings that it does not set itself.

    What the book sets is what its conf.py holds (Sphinx's ``_raw_config``) or ``-D``
    gives (``_overrides``): a value equal to Sphinx's default is a choice too. Before
    ``configure_edition``, which adds the identity's LaTeX to ``latex_elements``.
    """
    chosen = {**config._raw_config, **config._overrides}
    for name in BOOK_SETTINGS:
        if name not in chosen or name in MERGED:
            # A copy: a part of the build that changes its value changes this build's.
            config[name] = copy.deepcopy(book_setting(
                {name: config[name]} if name in chosen else {}, name))


def setup_settings(app: Sphinx) -> None:
    app.add_config_value(LOADED, None, '', types=frozenset({Identity}))
    app.connect('config-inited', apply_book_settings, priority=250)
    app.connect('config-inited', configure_edition, priority=400)
