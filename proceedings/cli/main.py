"""The ``proceedings`` command: one entry point, a subcommand per tool.

Only this module is imported to read the arguments (``proceedings --help`` imports no
Sphinx); each subcommand then imports the module that does its work.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from proceedings import __version__
from proceedings.po import WIDTH


def _book_options() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument('--source', type=Path, default=Path('.'),
                         help="the book's folder, with conf.py (default: here)")
    return options


def _catalogue_options() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False, parents=[_book_options()])
    options.add_argument('--width', type=int, default=WIDTH,
                         help=f'the width at which PO files are wrapped (default: {WIDTH})')
    options.add_argument('languages', nargs='*', metavar='LANGUAGE',
                         help='default: every translation in book.toml')
    return options


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog='proceedings',
        description='The proceedings toolchain: translate, publish and cite a book of acts '
                    'built with Sphinx. Run from the book\'s folder.',
    )
    command.add_argument('--version', action='version', version=f'%(prog)s {__version__}')
    tools = command.add_subparsers(dest='command', required=True, metavar='COMMAND')

    def tool(name: str, run: str, help: str, parents=()):  # noqa: A002
        sub = tools.add_parser(name, help=help, description=help, parents=list(parents))
        sub.set_defaults(run=run)
        return sub

    catalogue = [_catalogue_options()]
    sub = tool('stats', 'proceedings.cli.catalogues:stats',
               'translated, fuzzy and untranslated messages per catalogue', catalogue)
    sub.add_argument('--json', type=Path, help='also write the numbers to this file')
    sub.add_argument('--pot', type=Path,
                     help='fresh templates (make gettext): count against the English as it is')
    sub = tool('check-po', 'proceedings.cli.catalogues:check',
               'everything a published translation needs: the catalogues compile, are '
               'complete, keep their markup, follow the typography, are in normal form',
               catalogue)
    sub.add_argument('--pot', type=Path, help='fresh templates (make gettext), to compare')
    sub = tool('update-po', 'proceedings.cli.catalogues:update',
               'update the catalogues from fresh templates (sphinx-intl update), then '
               'normalise them, keeping every translation', catalogue)
    sub.add_argument('--pot', type=Path, required=True,
                     help='the templates of a fresh make gettext')
    sub = tool('normalise-po', 'proceedings.cli.catalogues:normalise',
               'write the catalogues in their normal form', catalogue)
    sub.add_argument('--pot', type=Path, help='the templates of the update just made')
    tool('spell', 'proceedings.cli.catalogues:spell',
         'the spelling of the translations (hunspell and locale/glossary.toml)', catalogue)

    sub = tool('publish', 'proceedings.cli.publish:run',
               'build every edition (HTML, PDF, EPUB) into one publishable folder',
               [_book_options()])
    sub.add_argument('--builddir', type=Path, default=Path('_build'))
    sub.add_argument('--out', type=Path, default=None, help='default: <builddir>/site')
    sub.add_argument('--jobs', type=int, default=2, help='editions built at once')
    sub.add_argument('--base-url', default=os.environ.get('BOOK_BASE_URL', ''),
                     help="the site's address on the web, if not book.toml's base_url")

    sub = tool('citation-cff', 'proceedings.cli.cff:run',
               'write CITATION.cff, how to cite the acts on a repository\'s page, from '
               'the identity file, to standard output')
    sub.add_argument('identity', nargs='?', type=Path, default=Path('book.toml'),
                     help='the identity file (default: book.toml)')

    sub = tool('debian-packages', 'proceedings.cli.packages:run',
               "the Debian packages that the book's languages need: their TeX hyphenation "
               '(tex) or their hunspell dictionaries (spelling)')
    sub.add_argument('need', choices=('tex', 'spelling'))
    sub.add_argument('--identity', type=Path, default=Path('book.toml'),
                     help='the identity file (default: book.toml)')

    sub = tool('check-book', 'proceedings.cli.checkbook:run',
               'check the identity file, and say in one line what is wrong with it')
    sub.add_argument('identity', nargs='?', type=Path, default=Path('book.toml'),
                     help='the identity file (default: book.toml)')
    return command


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    module, function = args.run.split(':')
    return getattr(importlib.import_module(module), function)(args)


if __name__ == '__main__':
    sys.exit(main())
