"""Sphinx configuration of the volume.

The volume's identity (title, editors, event, days, kinds of session, contributors,
languages) is not here but in ``book.toml``: the ``proceedings`` extension derives the
per-language settings from it, so that ``-D language=fr`` works. The extension is the
installed ``proceedings`` toolchain (``make`` installs it into ``.venv``); it brings its
own templates and style sheet.
"""

extensions = [
    'myst_parser',
    'proceedings',
]

proceedings_identity = 'book.toml'

root_doc = 'index'
language = 'en'
# The book's sources, and nothing else: its home page, its 404 page and the chapters'
# folder. A folder beside them (a backup of .venv, notes with a README) is never read as
# pages; a page under chapters/ that no table of contents reaches fails the build.
include_patterns = ['index.md', '404.md', 'chapters/**']
exclude_patterns = [
    '_build', '.venv', 'README.md', 'locale',
    '.git', '.pytest_cache', 'Thumbs.db', '.DS_Store',
]

# -- Translation ------------------------------------------------------------------------
locale_dirs = ['locale/']
# One catalogue per page: the same value when extracting and when building.
gettext_compact = False
gettext_uuid = False
gettext_location = True
translation_progress_classes = True
# French typography is typed by the translators (« », thin spaces): leave it alone.
smartquotes_excludes = {'languages': ['fr'], 'builders': ['man', 'text']}

# -- MyST -------------------------------------------------------------------------------
myst_enable_extensions = ['colon_fence', 'deflist']
myst_heading_anchors = 3
# Raw HTML in a chapter becomes visible text, never markup.
myst_disable_syntax = ['html_block', 'html_inline']

# -- HTML -------------------------------------------------------------------------------
html_theme = 'furo'
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_use_index = False
html_sidebars = {
    '**': [
        'sidebar/brand.html',
        'sidebar/search.html',
        'sidebar/editions.html',
        'sidebar/scroll-start.html',
        'sidebar/navigation.html',
        'sidebar/scroll-end.html',
    ],
}

# -- PDF --------------------------------------------------------------------------------
latex_engine = 'xelatex'
latex_use_xindy = False
latex_show_urls = 'footnote'
latex_elements = {
    'papersize': 'a4paper',
    'pointsize': '11pt',
    'fncychap': r'\usepackage[Sonny]{fncychap}',
    'printindex': '',
    'makeindex': '',
}

# -- EPUB -------------------------------------------------------------------------------
epub_show_urls = 'no'
epub_exclude_files = ['search.html', '404.xhtml']
epub_use_index = False
epub_tocdup = False
