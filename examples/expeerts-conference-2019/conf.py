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
# Here rather than given by the extension: Sphinx reads it for its own interface words
# before any extension sees the configuration.
locale_dirs = ['locale/']

# The settings that every book of the toolchain builds with (one catalogue per page, MyST
# without raw HTML, furo and its sidebar, xelatex, the EPUB's) come from the extension
# (proceedings/core/book_settings.py); a value set here is kept instead.
