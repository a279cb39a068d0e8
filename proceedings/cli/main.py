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
    sub.add_argument('--clean', action='store_true',
                     help='rebuild every edition, even those whose inputs have not changed')
    sub.add_argument('--base-url', default=os.environ.get('BOOK_BASE_URL', ''),
                     help="the site's address on the web, if not book.toml's base_url")
    sub.add_argument('--no-pdf', dest='pdf', action='store_false',
                     help='HTML and EPUB alone, for a machine without TeX: the pages then '
                          'link to no PDF')

    sub = tool('series', 'proceedings.cli.series:run',
               'publish several volumes as one site: each volume at its own address, a '
               'series page listing them, links between them')
    sub.add_argument('series', nargs='?', type=Path, default=Path('series.toml'),
                     help='the series file, which names the volumes (default: series.toml)')
    sub.add_argument('--builddir', type=Path, default=Path('_build/series'))
    sub.add_argument('--out', type=Path, default=None, help='default: <builddir>/site')
    sub.add_argument('--jobs', type=int, default=2, help="a volume's editions built at once")

    sub = tool('deposit', 'proceedings.cli.deposit:run',
               'write the records that Crossref, HAL and Zenodo take (crossref.xml, hal/, '
               '.zenodo.json) from the volume, and say which fields they still need',
               [_book_options()])
    sub.add_argument('--builddir', type=Path, default=Path('_build'))
    sub.add_argument('--out', type=Path, default=None, help='default: <builddir>/deposit')
    sub.add_argument('--base-url', default=os.environ.get('BOOK_BASE_URL', ''),
                     help="the site's address on the web, if not book.toml's base_url")

    sub = tool('serve', 'proceedings.cli.serve:run',
               'preview one edition while you edit: it rebuilds on save and the page '
               'reloads itself', [_book_options()])
    sub.add_argument('--builddir', type=Path, default=Path('_build'))
    sub.add_argument('--language', default='en', help='the edition (default: en)')
    sub.add_argument('--host', default='127.0.0.1')
    sub.add_argument('--port', type=int, default=8000)
    sub.add_argument('sphinx_options', nargs=argparse.REMAINDER, metavar='SPHINXOPTS',
                     help="more options for sphinx-build, after '--'")

    sub = tool('citation-cff', 'proceedings.cli.cff:run',
               'write CITATION.cff, how to cite the acts on a repository\'s page, from '
               'the identity file, to standard output')
    sub.add_argument('identity', nargs='?', type=Path, default=Path('book.toml'),
                     help='the identity file (default: book.toml)')

    sub = tool('new', 'proceedings.cli.scaffold:run_new',
               'start a new volume in a folder: book.toml, conf.py, a Makefile, a home page, '
               'one part with one session, empty catalogues; it builds as it is with make book')
    sub.add_argument('folder', type=Path, metavar='DIR', help='a new or empty folder')
    sub.add_argument('--title', help='the title of the volume (default: a placeholder)')
    sub.add_argument('--slug', help='the file name of its PDF and EPUB (default: from DIR)')
    sub.add_argument('--date', help='the day of the event, YYYY-MM-DD (default: today)')
    sub.add_argument('--languages', help='comma-separated, source first (default: en,fr)')

    sub = tool('new-session', 'proceedings.cli.scaffold:run_new_session',
               "write a new session chapter in a part's folder and list it in that part's "
               'table of contents', [_book_options()])
    sub.add_argument('title', metavar='TITLE', help="the session's title")
    sub.add_argument('--part', required=True, help='the part it belongs to ({day-part} name)')
    sub.add_argument('--kind', help='its kind of session (default: the first in book.toml)')
    sub.add_argument('--name', help='its file name, without .md (default: from the title)')
    sub = tool('debian-packages', 'proceedings.cli.packages:run',
               "the Debian packages that the book's languages need: their TeX hyphenation "
               '(tex) or their hunspell dictionaries (spelling)')
    sub.add_argument('need', choices=('tex', 'spelling'))
    sub.add_argument('--identity', type=Path, default=Path('book.toml'),
                     help='the identity file (default: book.toml)')

    tool('makefile-path', 'proceedings.cli.makefile:run',
         "the make rules that a book's Makefile includes (proceedings.mk), as installed")

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
