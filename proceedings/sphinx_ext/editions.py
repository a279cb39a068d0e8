"""What each HTML page needs to reach the other editions and the downloads.

The published site puts every edition in a folder of its own, side by side
(``en/``, ``fr/``), with that language's PDF and EPUB at its root. A page therefore
reaches its twin in another language and the downloads by relative links, which keep
working on any static host and from a copy on disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from proceedings.core.editions import download_names, edition_url, language_name
from proceedings.sphinx_ext.config import options_of
from proceedings.sphinx_ext.settings import identity_of
from proceedings.sphinx_ext.i18n import _, written_in

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def add_edition_links(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if app.builder.name != 'html':
        return  # EPUB and single-page builds have no sibling editions to link to.
    identity = identity_of(app)
    language = app.config.language
    to_root = '../' * pagename.count('/')
    suffix = app.builder.out_suffix
    context['proceedings_editions'] = [
        {
            'language': code,
            'name': language_name(code, code),
            'url': f'{to_root}../{code}/{pagename}{suffix}',
            'current': code == language,
            'preview': identity.in_progress(code),
        }
        for code in identity.languages
    ]
    # A language in progress is a preview edition, and the switch says so in the words
    # of this edition (or whole in the source language while they are not translated).
    preview = _('preview edition')
    context['proceedings_preview'] = {
        'label': preview,
        'language': written_in(preview, language, identity.source_language),
    }
    # Search engines take a page's alternates only as absolute addresses (Lighthouse
    # fails a relative one): while the site's address is unknown, the page has none,
    # and the language switch alone leads to the other editions.
    context['proceedings_alternates'] = [
        {'language': code, 'href': f'{edition_url(identity, code)}{pagename}{suffix}'}
        for code in identity.languages
    ] if identity.base_url else []
    context['proceedings_licence_url'] = identity.licence_url
    names = download_names(identity.slug, language)
    with_pdf = options_of(app).pdf
    context['proceedings_downloads'] = [
        *([{'format': 'PDF', 'url': to_root + names['pdf'], 'type': 'application/pdf'}]
          if with_pdf else []),
        {'format': 'EPUB', 'url': to_root + names['epub'], 'type': 'application/epub+zip'},
    ]
    context['proceedings_programme_download'] = {
        # An event of several days has a programme, not a programme of the day.
        'label': _('Programme:') if identity.event_end_date else _('Programme of the day:'),
        'format': 'PDF',
        'url': to_root + names['programme'], 'type': 'application/pdf',
    } if with_pdf else None


def setup_editions(app: Sphinx) -> None:
    app.connect('html-page-context', add_edition_links)
