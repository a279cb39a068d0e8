"""The editions of a book: one per language, each in a folder of its own on the site.

The published site puts every edition side by side (``en/``, ``fr/``), with that
language's PDF, EPUB and BibTeX at the root of its folder.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from proceedings.core.identity import Identity

#: The gettext domain of the extension's labels and of the identity's texts: each
#: translation has its ``proceedings.po`` beside the book's catalogues.
MESSAGE_CATALOG_NAME = 'proceedings'


def download_names(slug: str, language: str) -> dict[str, str]:
    """The file names of one edition's downloads, at the root of its folder."""
    names = {kind: f'{slug}-{language}.{kind}' for kind in ('pdf', 'epub', 'bib')}
    names['programme'] = f'{slug}-programme-{language}.pdf'
    return names


def edition_url(identity: Identity, language: str) -> str:
    """The address of an edition's folder on the web, or '' while the site has none."""
    return f'{identity.base_url}{language}/' if identity.base_url else ''


@functools.lru_cache(maxsize=256)
def language_name(code: str, in_language: str) -> str:
    """The name of *code* as a reader of *in_language* writes it: "French", "français"."""
    from babel import Locale

    return Locale.parse(code).get_display_name(Locale.parse(in_language)) or code
