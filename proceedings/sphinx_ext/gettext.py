"""What ``make gettext`` puts into the templates (``.pot``) that Sphinx alone would miss.

The extension's labels and the identity's texts go to ``proceedings.pot``, and the
interface words of the HTML theme to ``sphinx.pot``: furo ships no translations of its
own.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from proceedings.core.editions import MESSAGE_CATALOG_NAME
from proceedings.sphinx_ext.settings import identity_of

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

#: The folder of the package: every ``_('…')`` in it is a label of the extension.
PACKAGE_DIR = Path(__file__).resolve().parent.parent


def _extension_messages() -> list[tuple[Path, int, str]]:
    """Every ``_('…')`` in the extension's modules (``__`` is for the console only)."""
    from babel.messages.extract import extract_from_file

    found = []
    for module in sorted(PACKAGE_DIR.rglob('*.py')):
        for lineno, message, _comments, _context in extract_from_file(
            'python', module, keywords={'_': None}
        ):
            found.append((module, lineno, message))
    return found


def _theme_dirs(name: str) -> list[Path]:
    """The folders of a third-party HTML theme and of the third-party themes it inherits.

    Found through the themes' entry points without running their ``setup()``, which
    would attach an HTML theme's handlers to the gettext builder. Sphinx's own themes
    are left out: Sphinx's catalogues translate them.
    """
    import configparser
    import importlib
    import importlib.metadata
    import tomllib

    folders: list[Path] = []
    while name:
        points = importlib.metadata.entry_points(group='sphinx.html_themes', name=name)
        if not points:
            break
        package = Path(importlib.import_module(next(iter(points)).module).__file__).parent
        folder = next(
            (conf.parent for conf in sorted(package.rglob('theme.*'))
             if conf.parent.name == name and conf.suffix in {'.conf', '.toml'}),
            None,
        )
        if folder is None or folder in folders:
            break
        folders.append(folder)
        conf = next(folder.glob('theme.*'))
        if conf.suffix == '.toml':
            name = tomllib.loads(conf.read_text('utf-8')).get('theme', {}).get('inherit', '')
        else:
            parser = configparser.RawConfigParser()
            parser.read(conf, encoding='utf-8')
            name = parser.get('theme', 'inherit', fallback='')
    return folders


def _theme_messages(theme: str, extract: Callable) -> list[tuple[str, int, str]]:
    """Every translatable word of a third-party HTML theme's templates."""
    found = []
    for theme_dir in _theme_dirs(theme):
        for template in sorted(theme_dir.rglob('*.html')):
            relative = template.relative_to(theme_dir.parent).as_posix()
            for lineno, _func, message in extract(template.read_text(encoding='utf-8')):
                if isinstance(message, str):
                    found.append((relative, lineno, message))
    return found


def add_messages_to_templates(app: Sphinx, env: BuildEnvironment) -> None:
    from sphinx.builders.gettext import MessageCatalogBuilder, MsgOrigin

    if not isinstance(app.builder, MessageCatalogBuilder):
        return
    catalogs = app.builder.catalogs
    outdir = app.builder.outdir
    for module, lineno, message in _extension_messages():
        catalogs[MESSAGE_CATALOG_NAME].add(message, MsgOrigin(os.fspath(module), lineno))
    identity = identity_of(app)
    for message, lineno in identity.translatable_messages():
        catalogs[MESSAGE_CATALOG_NAME].add(message, MsgOrigin(os.fspath(identity.path), lineno))
    # The theme lives in the virtual environment, wherever that is: name its templates
    # as "theme/<name>/<file>" so that catalogues do not change from one machine to another.
    # The same Jinja environment as Sphinx's own extraction, so the same messages.
    for relative, lineno, message in _theme_messages(
        app.config.html_theme, app.builder.templates.environment.extract_translations
    ):
        origin = MsgOrigin(os.fspath(outdir / 'theme' / relative), lineno)
        catalogs['sphinx'].add(message, origin)



def setup_gettext(app: Sphinx) -> None:
    app.connect('env-updated', add_messages_to_templates)
