"""The settings of Sphinx and MyST that every book of the toolchain builds with.

They are not an editor's choice: the toolchain's catalogues, templates, typography and
safety depend on them (one catalogue per page, furo and the sidebar's editions, xelatex,
raw HTML read as text). The extension gives a book each one that its ``conf.py`` (or
``-D``) does not set, on ``config-inited``; the command line reads them from here, where
it reads a book's ``conf.py`` without Sphinx. A value that a book does set is kept; for
``latex_elements``, the book's keys are kept over these.
"""

from __future__ import annotations

from typing import Any

BOOK_SETTINGS: dict[str, Any] = {
    # -- Translation: one catalogue per page, the same value when extracting and when
    # building; what a catalogue leaves untranslated is marked (class="untranslated").
    'gettext_compact': False,
    'gettext_uuid': False,
    'gettext_location': True,
    'translation_progress_classes': True,
    # French typography is typed by the translators (« », thin spaces): leave it alone.
    'smartquotes_excludes': {'languages': ['fr'], 'builders': ['man', 'text']},
    # -- MyST; raw HTML in a chapter becomes visible text, never markup.
    'myst_enable_extensions': ['colon_fence', 'deflist'],
    'myst_heading_anchors': 3,
    'myst_disable_syntax': ['html_block', 'html_inline'],
    # -- HTML: furo, with the toolchain's sidebar (the editions and downloads).
    'html_theme': 'furo',
    'html_copy_source': False,
    'html_show_sourcelink': False,
    'html_last_updated_fmt': None,
    # A book has no index entries: no empty index page, no link to one.
    'html_use_index': False,
    'html_sidebars': {
        '**': [
            'sidebar/brand.html',
            'sidebar/search.html',
            'sidebar/editions.html',
            'sidebar/scroll-start.html',
            'sidebar/navigation.html',
            'sidebar/scroll-end.html',
        ],
    },
    # -- PDF.
    'latex_engine': 'xelatex',
    'latex_use_xindy': False,
    # A reader of the printed acts cannot click: each web link's address goes in a footnote.
    'latex_show_urls': 'footnote',
    'latex_elements': {
        'papersize': 'a4paper',
        'pointsize': '11pt',
        # One chapter style in every language ("Chapter 1", « Chapitre 1 »): Sphinx's
        # default for English (Bjarne) spells the number out in English words.
        'fncychap': r'\usepackage[Sonny]{fncychap}',
        'printindex': '',
        'makeindex': '',
    },
    # -- EPUB; a chapter's entry in the table of contents once, not again inside itself.
    'epub_show_urls': 'no',
    'epub_exclude_files': ['search.html', '404.xhtml'],
    'epub_use_index': False,
    'epub_tocdup': False,
}
#: Those whose value is a table that a book's own value adds to, key by key.
MERGED = frozenset({'latex_elements'})


def book_setting(conf: dict[str, Any], name: str) -> Any:
    """*name* as a book built by the toolchain has it: its ``conf.py``'s, or the toolchain's."""
    if name in MERGED and name in conf:
        return {**BOOK_SETTINGS[name], **conf[name]}
    return conf.get(name, BOOK_SETTINGS[name])
