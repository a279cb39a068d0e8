"""The words of the reading interface in the reader's language, in HTML and EPUB alike.

furo writes part of its interface in English whatever the language, outside any message
catalogue: the accessible names of its drawers, theme switch and navigation expanders
(``aria-label``) and the titles of its icons (``<title>`` in its SVG symbols). The
project's ``page.html`` names those words as translatable messages (so they reach
``sphinx.po`` like furo's other words) and passes the page through the
``proceedings_interface`` filter, which puts the translations where furo wrote English:
only inside those attributes and icon titles, never in the text of a chapter
(``core.interface_words``). furo's own navigation is inside the page and translated with
it; the precomputed navigation comes translated.

Sphinx's EPUB builder writes the titles of its navigation document and guide ("Table of
Contents", "Cover") in English too: they are translated here for the edition's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jinja2 import pass_context
from markupsafe import Markup

from proceedings.core.interface_words import TRANSLATED_TREE, InterfaceWords
from proceedings.sphinx_ext.i18n import _

if TYPE_CHECKING:
    from collections.abc import Mapping

    from jinja2.runtime import Context
    from sphinx.application import Sphinx


def translate_interface(page: str, words: Mapping[str, str],
                        translated_tree: str | None = None) -> Markup:
    """*page* with furo's English interface *words* replaced by their translations.

    *translated_tree*, a navigation tree already in the reader's language that the page
    holds, is left as it is: the precomputed navigation translates its tree once per
    build, and it is most of each page.
    """
    table = InterfaceWords.of(tuple((english, str(translated))
                                    for english, translated in words.items()))
    if not table.table:
        return Markup(page)
    page = str(page)  # a Markup's slices are Markups, made by a call each
    if translated_tree:
        # Found by its opening and checked whole: a search for the whole tree costs as
        # much as translating it. A tree is whole elements: no place runs across its ends.
        at = page.find(translated_tree[:_TREE_OPENING])
        if at >= 0 and page.startswith(translated_tree, at):
            after = at + len(translated_tree)
            return Markup(''.join((table.replaced_in(page[:at]),
                                   translated_tree, table.replaced_in(page[after:]))))
    return Markup(table.replaced_in(page))


#: How much of a translated tree is looked for in the page.
_TREE_OPENING = 256


@pass_context
def interface_filter(context: Context, page: str, words: Mapping[str, str]) -> Markup:
    """The ``proceedings_interface`` filter of ``page.html``."""
    return translate_interface(page, words, context.get(TRANSLATED_TREE))


def install_filter(app: Sphinx) -> None:
    templates = getattr(app.builder, 'templates', None)
    environment = getattr(templates, 'environment', None)
    if environment is not None:
        environment.filters['proceedings_interface'] = interface_filter


def translate_epub_titles(app: Sphinx) -> None:
    """The EPUB's navigation and guide titles, in the edition's language."""
    if app.builder.name not in ('epub', 'epub3'):
        return
    # An instance attribute: Sphinx's table stays English for other builders.
    app.builder.guide_titles = {
        'toc': str(_('Table of Contents')),
        'cover': str(_('Cover')),
    }


def setup_interface(app: Sphinx) -> None:
    app.connect('builder-inited', install_filter)
    app.connect('builder-inited', translate_epub_titles)
