"""The translators' commands: ``proceedings stats``, ``check-po``, ``update-po``,
``normalise-po`` and ``spell``.

Without a language, each runs for every translation that ``book.toml`` lists. The
Makefile's ``stats``, ``check-po``, ``update-po``, ``normalise-po`` and ``spell`` targets
run them. This module reads the book's ``conf.py`` and prints; the work is done by
``proceedings.po.catalogues``.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from proceedings.po import spelling
from proceedings.po.catalogues import (
    CatalogueError,
    Project,
    check as check_catalogues,
    normalise as normalise_catalogues,
    shown,
    spell as spell_catalogues,
    stats as catalogue_stats,
    stats_table,
)
from proceedings.po.markup import Markup

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable

    from proceedings.po.pofile import Problem


def load_project(root: Path) -> Project:
    """The catalogues of the book in *root*, as its ``conf.py`` and identity file say."""
    # Sphinx's reading of conf.py (its folder as the current one, ``tags`` defined), and
    # nothing else of Sphinx: the configuration, not the application.
    from sphinx.config import eval_config_file
    from sphinx.errors import ConfigError
    from sphinx.util.tags import Tags

    from proceedings.core.book_settings import book_setting
    from proceedings.core.identity import IdentityError, load

    root = root.resolve()
    if not (root / 'conf.py').is_file():
        raise CatalogueError(f'{root}: no conf.py here: run this from the book\'s folder '
                             '(or give --source)')
    try:
        conf = eval_config_file(root / 'conf.py', Tags())
        identity = load(root / conf.get('proceedings_identity', 'book.toml'))
    except (ConfigError, IdentityError) as exc:
        raise CatalogueError(str(exc)) from None
    locale_dirs = conf.get('locale_dirs', ['locales'])
    return Project(
        identity_file=conf.get('proceedings_identity', 'book.toml'),
        root=root,
        locale_dir=root / locale_dirs[0],
        translations=identity.languages[1:],
        in_progress=identity.languages_in_progress,
        markup=Markup(book_setting(conf, 'myst_enable_extensions'),
                      book_setting(conf, 'myst_disable_syntax')),
    )


def recordings_report(project: Project) -> str:
    """What is left for the editor beside the translations: recordings still pending."""
    from proceedings.cli.recordings import pending_report
    from proceedings.core.identity import load

    return pending_report(project.root, load(project.root / project.identity_file))


def _print_problems(problems: list[Problem]) -> None:
    cwd = Path.cwd()
    for problem in problems:
        print(problem.format(cwd), file=sys.stderr)


def _command(work: Callable[[argparse.Namespace, Project, list[str]], int]):
    """A command of the book's catalogues, with the errors that stop it as one line."""

    def run(args: argparse.Namespace) -> int:
        try:
            project = load_project(args.source)
            languages = args.languages or list(project.translations)
            if not languages:
                print('The book has no translation yet: add a language to `languages` in '
                      'book.toml.')
                return 0
            return work(args, project, languages)
        except (CatalogueError, spelling.SpellingError) as exc:
            print(f'error: {exc}', file=sys.stderr)
            return 1
        except BrokenPipeError:
            # The reader of the output went away (`make stats | head`): nothing to report.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 1
        except OSError as exc:
            where = f'{exc.filename}: ' if exc.filename else ''
            print(f'error: {where}{exc.strerror}', file=sys.stderr)
            return 1

    run.__doc__ = work.__doc__
    return run


def _verdict(problems: list[Problem], what: str, languages: list[str],
             unchecked: dict[str, str] | None = None) -> int:
    """The problems, then one line: only the languages really checked are "no problem"."""
    unchecked = unchecked or {}
    for language, why in unchecked.items():
        print(f'{language}: {what} not checked (a language in progress): {why}')
    checked = [language for language in languages if language not in unchecked]
    _print_problems(problems)
    files = len({p.path for p in problems})
    if problems:
        print(f'{len(problems)} problem(s) in {files} file(s) ({what}, {" ".join(languages)}).',
              file=sys.stderr)
        return 1
    if checked:
        print(f'{what.capitalize()} of {" ".join(checked)}: no problem'
              + (f'; {" ".join(unchecked)} not checked.' if unchecked else '.'))
    else:
        print(f'{what.capitalize()} of {" ".join(unchecked)}: not checked.')
    return 0


@_command
def stats(args: argparse.Namespace, project: Project, languages: list[str]) -> int:
    """``proceedings stats``."""
    result, problems = catalogue_stats(project, languages, args.pot)
    print(stats_table(result, project))
    print(recordings_report(project))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, sort_keys=True) + '\n', 'utf-8')
        print(f'Written: {args.json}')
    _print_problems(problems)
    return 1 if problems else 0


@_command
def check(args: argparse.Namespace, project: Project, languages: list[str]) -> int:
    """``proceedings check-po``."""
    for language in languages:
        if language in project.in_progress:
            print(f'{language}: in progress (book.toml): its catalogues are checked for what '
                  'they hold, not for completeness')
    return _verdict(check_catalogues(project, languages, args.pot, args.width),
                    'catalogues', languages)


@_command
def spell(args: argparse.Namespace, project: Project, languages: list[str]) -> int:
    """``proceedings spell``."""
    problems, unchecked = spell_catalogues(project, languages, project.root / spelling.GLOSSARY)
    return _verdict(problems, 'spelling', languages, unchecked)


@_command
def normalise(args: argparse.Namespace, project: Project, languages: list[str]) -> int:
    """``proceedings normalise-po``."""
    report, problems = normalise_catalogues(project, languages, args.pot, args.width)
    print('\n'.join(report) if report else 'Every catalogue was in normal form already.')
    _print_problems(problems)
    return 1 if problems else 0


@_command
def update(args: argparse.Namespace, project: Project, languages: list[str]) -> int:
    """``proceedings update-po``: ``sphinx-intl update`` at the project's width, then
    ``normalise-po`` with the same templates.

    sphinx-intl keeps a changed text's old translation as fuzzy; normalising then
    retires the catalogues of pages that are gone and gives returning texts their
    translation back.
    """
    from sphinx_intl import catalog as sphinx_intl_catalog
    from sphinx_intl.basic import update as sphinx_intl_update

    if not args.pot.is_dir():
        raise CatalogueError(f'{args.pot}: no message templates here: run `make gettext` first')
    # babel's own matching misses most rewritten paragraphs (``proceedings.po.fuzzy``
    # says why) and drops the previous msgid: sphinx-intl only merges exact matches here,
    # and normalising gives every rewritten text its suggestion, as msgmerge does.
    merge = sphinx_intl_catalog.update_with_fuzzy
    sphinx_intl_catalog.update_with_fuzzy = _exact_update
    try:
        for language in languages:
            sphinx_intl_update(shown(project.locale_dir), shown(args.pot.resolve()),
                               (language,), line_width=args.width)
    finally:
        sphinx_intl_catalog.update_with_fuzzy = merge
    return normalise(args)


def _exact_update(catalog, template) -> None:
    catalog.update(template, no_fuzzy_matching=True)
