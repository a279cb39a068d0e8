"""The templates and the style sheet that the parts of the extension need.

They ship inside the package, so that a book that lists the extension gets them without
copying a file: ``templates/base.html`` adds the head tags that ``metadata``, ``safety``
and ``editions`` put in each page's context, ``templates/page.html`` gives furo's own
English words to ``interface`` for translation, ``templates/search.html`` titles the search
page as every other, ``templates/sidebar/editions.html`` is the sidebar's language switch
and downloads (a book lists it in ``html_sidebars``), and ``static/proceedings.css``
styles the session pieces. A book's own ``templates_path``
and ``html_static_path`` come first: a file of the same name there replaces the
package's.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

HERE = Path(__file__).resolve().parent
TEMPLATES = HERE / 'templates'
STATIC = HERE / 'static'
STYLE_SHEET = 'proceedings.css'


def add_theme_paths(app: Sphinx, config: Config) -> None:
    # Sphinx looks for a template in the first folder that has it, and copies the static
    # folders in order, a later file replacing an earlier one.
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]
    if str(STATIC) not in config.html_static_path:
        config.html_static_path = [str(STATIC), *config.html_static_path]


def setup_theme(app: Sphinx) -> None:
    app.connect('config-inited', add_theme_paths)
    # The priority of a style sheet listed in html_css_files: after the theme's.
    app.add_css_file(STYLE_SHEET, priority=800)
