"""The words of the reading interface in the reader's language, in HTML and EPUB alike.

furo writes part of its interface in English whatever the language, outside any message
catalogue: the accessible names of its drawers, theme switch and navigation expanders
(``aria-label``) and the titles of its icons (``<title>`` in its SVG symbols). The
project's ``page.html`` names those words as translatable messages (so they reach
``sphinx.po`` like furo's other words) and passes the page through the
``proceedings_interface`` filter, which puts the translations where furo wrote English:
only inside those attributes and icon titles, never in the text of a chapter. The
precomputed navigation and furo's own are both inside the page, so both are translated.

Sphinx's EPUB builder writes the titles of its navigation document and guide ("Table of
Contents", "Cover") in English too: they are translated here for the edition's language.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from markupsafe import Markup

from proceedings.sphinx_ext.i18n import _

if TYPE_CHECKING:
    from collections.abc import Mapping

    from sphinx.application import Sphinx


def _attribute(text: str) -> str:
    return html.escape(text, quote=True)


def translate_interface(page: str, words: Mapping[str, str]) -> Markup:
    """*page* with furo's English interface *words* replaced by their translations.

    A word with ``%s`` stands for a label around a title (``Toggle navigation of %s``):
    the title, already escaped in the page, is kept as it is.
    """
    for english, translated in words.items():
        translated = str(translated)
        if translated == english:
            continue
        if '%s' in english:
            before, after = (re.escape(_attribute(piece)) for piece in english.split('%s', 1))
            pattern = re.compile(rf'aria-label="{before}([^"]*){after}"')
            template = _attribute(translated)

            def label(match: re.Match[str], template: str = template) -> str:
                return f'aria-label="{template.replace("%s", match[1], 1)}"'

            page = pattern.sub(label, page)
            continue
        source, target = _attribute(english), _attribute(translated)
        page = page.replace(f'aria-label="{source}"', f'aria-label="{target}"')
        page = page.replace(f'<title>{source}</title>', f'<title>{target}</title>')
    return Markup(page)


def install_filter(app: Sphinx) -> None:
    templates = getattr(app.builder, 'templates', None)
    environment = getattr(templates, 'environment', None)
    if environment is not None:
        environment.filters['proceedings_interface'] = translate_interface


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
