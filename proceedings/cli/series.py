"""Several volumes published as one site: ``proceedings series [series.toml]``.

A series file names its volumes (each a folder with its ``book.toml``)::

    [series]
    title = "The proceedings of the programme"   # in the first of languages
    languages = ["en", "fr"]                    # the languages of the series page
    base_url = ""                               # optional: where the site is published

    [series.title_translations]
    fr = "Les actes du programme"

    [[volumes]]
    path = "volume-2018"                        # relative to the series file

Each volume is published by the publisher of a single book (``publish``), every edition
and format, into a folder named by its slug; the series page at the root lists the
volumes, with their dates, languages and downloads::

    site/index.html                 the series page
    site/<slug>/index.html          the volume's own root page (its editions)
    site/<slug>/<language>/         each edition, with its PDF and EPUB

Each volume's pages link to the series page and to the other volumes: the publisher
hands the volume's Sphinx builds a description of the series (a JSON file named by
``PROCEEDINGS_SERIES``), which the extension's ``series`` part reads. The language switch
of a page leads to the same page of the same volume in the other language, as in a book
published alone. The new site replaces the old one in one step, as a book's does.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, select_autoescape

from proceedings.cli.publish import PublishError, lock, publish, replace_site
from proceedings.core.editions import MESSAGE_CATALOG_NAME, download_names, language_name
from proceedings.core.identity import Identity, IdentityError, base_url, load

if TYPE_CHECKING:
    import argparse

    from proceedings.core.identity import TranslatedIdentity

TEMPLATES = Path(__file__).resolve().parent / 'series'
#: The variable that hands a volume's build the description of its series.
ENVIRONMENT_VARIABLE = 'PROCEEDINGS_SERIES'


class SeriesError(Exception):
    """The series file is wrong, or a volume could not be published; one message."""


@dataclass(frozen=True)
class Series:
    path: Path
    title: str
    title_translations: dict[str, str]
    languages: tuple[str, ...]
    base_url: str
    volumes: tuple[Identity, ...]

    def title_in(self, language: str) -> str:
        return self.title_translations.get(language, self.title)


def load_series(path: Path) -> Series:
    """Read the series file and every volume's ``book.toml``; each mistake in one line."""
    try:
        data = tomllib.loads(path.read_text(encoding='utf-8'))
    except FileNotFoundError:
        raise SeriesError(f'{path}: the series file is missing') from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SeriesError(f'{path}: not valid TOML: {exc}') from None
    table = data.get('series')
    if not isinstance(table, dict):
        raise SeriesError(f'{path}: needs a [series] table with title and languages')
    title = table.get('title')
    if not isinstance(title, str) or not title.strip():
        raise SeriesError(f'{path}: [series] needs title = "<the name of the series>"')
    languages = table.get('languages')
    if not isinstance(languages, list) or not languages or not all(
            isinstance(code, str) and code for code in languages):
        raise SeriesError(f'{path}: [series] needs languages = ["en", …], the languages of '
                          'its page')
    translations = table.get('title_translations', {})
    if not isinstance(translations, dict) or not all(
            isinstance(text, str) and text.strip() for text in translations.values()):
        raise SeriesError(f'{path}: [series.title_translations] holds a title per language: '
                          'fr = "…"')
    try:
        site = base_url(table.get('base_url', ''), path)
    except IdentityError as exc:
        raise SeriesError(str(exc)) from None
    entries = data.get('volumes')
    if not isinstance(entries, list) or not entries:
        raise SeriesError(f'{path}: needs one [[volumes]] table per volume, with its path')
    volumes = []
    for number, entry in enumerate(entries, 1):
        folder = entry.get('path') if isinstance(entry, dict) else None
        if not isinstance(folder, str) or not folder:
            raise SeriesError(f'{path}: volume {number} needs path = "<its folder>"')
        try:
            volumes.append(load(path.parent / folder / 'book.toml'))
        except IdentityError as exc:
            raise SeriesError(f'{path}: volume {number}: {exc}') from None
    slugs = [volume.slug for volume in volumes]
    for slug in slugs:
        if slugs.count(slug) > 1:
            raise SeriesError(f'{path}: two volumes have the slug {slug!r}; each volume '
                              'is published at the address its slug names')
    volumes.sort(key=lambda volume: volume.event_dates)
    return Series(path=path, title=' '.join(title.split()),
                  title_translations={code: ' '.join(text.split())
                                      for code, text in translations.items()},
                  languages=tuple(languages), base_url=site, volumes=tuple(volumes))


# -- Each volume in a language -------------------------------------------------------------


def translator(volume: Identity, language: str):
    """The volume's own translations of its texts (its ``proceedings.po``), read from the
    catalogue itself: the volume need not have been built."""
    from babel.messages.pofile import read_po

    path = (volume.path.parent / 'locale' / language / 'LC_MESSAGES'
            / f'{MESSAGE_CATALOG_NAME}.po')
    if language == volume.source_language or not path.is_file():
        return lambda text: text
    with path.open('rb') as handle:
        catalogue = read_po(handle, locale=language)

    def translate(text: str) -> str:
        message = catalogue.get(text)
        if message is None or message.fuzzy or not message.string:
            return text
        return message.string if isinstance(message.string, str) else text
    return translate


def edition_language(volume: Identity, language: str) -> str:
    """The edition of *volume* that a reader of *language* opens: theirs, if it has one."""
    return language if language in volume.languages else volume.source_language


def volume_in(volume: Identity, language: str) -> TranslatedIdentity:
    shown = edition_language(volume, language)
    return volume.translated(shown, translate=translator(volume, shown))


def description(series: Series, current: str) -> dict:
    """What a volume's build needs to know of its series, for the links in its pages.

    Addresses are relative to the volume's folder (``<slug>/``): the series page is at
    ``../index.html``, another volume's edition at ``../<slug>/<language>/index.html``.
    """
    return {
        'current': current,
        'title': {code: series.title_in(code) for code in series.languages},
        'languages': list(series.languages),
        'volumes': [
            {
                'slug': volume.slug,
                'languages': list(volume.languages),
                'in': {
                    code: {'title': book.title, 'date': book.event_date,
                           'language': edition_language(volume, code)}
                    for code in dict.fromkeys([*series.languages, *volume.languages])
                    for book in [volume_in(volume, code)]
                },
            }
            for volume in series.volumes
        ],
    }


# -- The series page ---------------------------------------------------------------------


def write_series_page(series: Series, staging: Path) -> None:
    sections = []
    for language in series.languages:
        volumes = []
        for volume in series.volumes:
            shown = edition_language(volume, language)
            book = volume_in(volume, language)
            names = download_names(volume.slug, shown)
            volumes.append({
                'slug': volume.slug, 'language': shown, 'title': book.title,
                'subtitle': book.subtitle, 'date': book.event_date, 'place': book.event_place,
                'pdf': names['pdf'], 'epub': names['epub'],
                'editions': [{'language': code, 'name': language_name(code, language)}
                             for code in volume.languages],
            })
        sections.append({'language': language, 'title': series.title_in(language),
                         'volumes': volumes})
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(['html']))
    html = env.get_template('index.html').render(sections=sections, base_url=series.base_url)
    (staging / 'index.html').write_text(html, encoding='utf-8')


# -- Publishing -----------------------------------------------------------------------------


def publish_series(series: Series, builddir: Path, out: Path, jobs: int = 2) -> None:
    """Publish every volume, then put the series site in place in one step."""
    staging = out.with_name(out.name + '.staging')
    builddir.mkdir(parents=True, exist_ok=True)
    with lock([builddir / '.make-series.lock', out.with_name(f'.{out.name}.lock')]):
        shutil.rmtree(staging, ignore_errors=True)  # left by a run that was killed
        try:
            staging.mkdir(parents=True)
            for volume in series.volumes:
                publish_volume(series, volume, builddir, staging / volume.slug, jobs)
            write_series_page(series, staging)
            replace_site(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def publish_volume(series: Series, volume: Identity, builddir: Path, out: Path,
                   jobs: int) -> None:
    work = builddir / volume.slug
    work.mkdir(parents=True, exist_ok=True)
    described = work / 'series.json'
    described.write_text(json.dumps(description(series, volume.slug), ensure_ascii=False,
                                    indent=1), encoding='utf-8')
    address = f'{series.base_url}{volume.slug}/' if series.base_url else ''
    print(f'{volume.slug}: {volume.path.parent}', flush=True)
    previous = os.environ.get(ENVIRONMENT_VARIABLE)
    os.environ[ENVIRONMENT_VARIABLE] = os.fspath(described)
    try:
        publish(volume.path.parent, work / 'build', out, jobs=jobs, base_url=address)
    except PublishError as exc:
        raise PublishError(f'the volume {volume.slug} ({volume.path.parent}): {exc}') from None
    finally:
        if previous is None:
            os.environ.pop(ENVIRONMENT_VARIABLE, None)
        else:
            os.environ[ENVIRONMENT_VARIABLE] = previous


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    """``proceedings series``."""
    builddir = args.builddir.resolve()
    out = (args.out or builddir / 'site').resolve()
    start = time.monotonic()
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        series = load_series(args.series.resolve())
        publish_series(series, builddir, out, jobs=args.jobs)
    except (SeriesError, PublishError) as exc:
        print(f'\nThe series was not published: {exc}', file=sys.stderr)
        print(f'{out} is left as it was.', file=sys.stderr)
        return 1
    except OSError as exc:
        print(f'\nThe series was not published: {exc.filename or ""}: {exc.strerror or exc}',
              file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f'\nInterrupted: the series was not published; {out} is left as it was.',
              file=sys.stderr)
        return 130
    print(f'The series ({len(series.volumes)} volumes) is in {out} '
          f'({time.monotonic() - start:.0f} s).')
    return 0
