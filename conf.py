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
# Here rather than given by the extension: Sphinx reads it for its own interface words
# before any extension sees the configuration.
locale_dirs = ['locale/']

# -- HTML -------------------------------------------------------------------------------
html_static_path = ['_static']
# Without an icon, browsers ask the host for /favicon.ico and log a 404 on every page.
html_favicon = '_static/favicon.svg'

# The settings that every book of the toolchain builds with (one catalogue per page, MyST
# without raw HTML, furo and its sidebar, xelatex, the EPUB's) come from the extension
# (proceedings/core/book_settings.py); a value set here is kept instead.
