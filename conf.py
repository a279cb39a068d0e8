"""Sphinx configuration of the book.

The book's identity (title, editors, date, place, languages…) is not here but in
``book.toml``: the ``proceedings`` extension derives the per-language settings from it
(project, author, PDF and EPUB names and metadata), so that ``-D language=fr`` works.
The extension is the installed ``proceedings`` toolchain (``make`` installs it into
``.venv``); it brings its own templates and style sheet.
"""

extensions = [
    'myst_parser',
    'proceedings',
]

proceedings_identity = 'book.toml'
# The accessibility statement, linked from every page's footer.
proceedings_accessibility_page = 'chapters/accessibility'
# Names that keep their own language in every edition: wherever one appears in an edition
# in another language, it is marked with its own, so that screen readers say it right.
proceedings_names_by_language = {
    'fr': [
        "Maison des Sciences de l'Homme en Bretagne", "L'aire d'U", 'Université Rennes 2',
        'OpenEdition Hypothèses', 'Réponse accompagnée pour tous', "Un chez-soi d'abord",
        'EXPAIRs',
    ],
    'en': [
        'Popular Health Movement', 'Housing First', 'Alcoholics Anonymous',
        'EPUB Accessibility', 'Nu HTML Checker',
    ],
}

root_doc = 'index'
language = 'en'
# The book's sources, and nothing else: its home page, its 404 page and the chapters'
# folder. A folder beside them (a backup of .venv, notes with a README) is never read as
# pages; a page under chapters/ that no table of contents reaches fails the build.
include_patterns = ['index.md', '404.md', 'chapters/**']
exclude_patterns = [
    '_build', 'build', '.venv', 'tests', 'tools', 'examples', 'README.md', 'TRANSLATING.md', 'ARCHITECTURE.md',
    'locale',
    '.git', '.ci', '.pytest_cache', 'Thumbs.db', '.DS_Store',
]

# -- Translation ------------------------------------------------------------------------
locale_dirs = ['locale/']
# One catalogue per page: the same value when extracting and when building.
gettext_compact = False
gettext_uuid = False
gettext_location = True
# Marks what a catalogue leaves untranslated (class="untranslated" in the HTML).
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
html_static_path = ['_static']
# Without an icon, browsers ask the host for /favicon.ico and log a 404 on every page.
html_favicon = '_static/favicon.svg'
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
# The book has no index entries: no empty index page, no link to one.
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
# A reader of the printed acts cannot click: each web link's address goes in a footnote.
latex_show_urls = 'footnote'
latex_elements = {
    'papersize': 'a4paper',
    'pointsize': '11pt',
    # One chapter style in every language ("Chapter 1", « Chapitre 1 »): Sphinx's default
    # for English (Bjarne) spells the number out in English words.
    'fncychap': r'\usepackage[Sonny]{fncychap}',
    'printindex': '',
    'makeindex': '',
}

# -- EPUB -------------------------------------------------------------------------------
epub_show_urls = 'no'
epub_exclude_files = ['search.html', '404.xhtml']
epub_use_index = False
# A chapter's entry in the EPUB's table of contents once, not again inside itself.
epub_tocdup = False
