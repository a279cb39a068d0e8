"""``proceedings deposit``: the records that Crossref, HAL and Zenodo take, from the volume.

    proceedings deposit [--source .] [--builddir _build] [--out _build/deposit]

The sessions' titles in every language are known only to a build: the command first reads
the book once per language with Sphinx's ``dummy`` builder (no page is written; warnings
are errors, as when the book is published), each of which leaves the volume's data as
JSON in its doctree folder (``sphinx_ext.volume_data``). So the records always follow the
chapters as they are now, whether or not ``make book`` ran. Then it writes, in the output
folder:

    crossref.xml        the Crossref deposit (doi_batch, schema 5.5.0)
    hal/volume.xml      HAL's TEI record of the volume (DOUV)
    hal/<session>.xml   HAL's TEI record of each session (COMM)
    .zenodo.json        Zenodo's description of the repository

A record that needs a field the volume does not give is not written: the command says
which fields of ``book.toml`` it needs, and removes that record if an earlier run left one.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from proceedings.cli.publish import STRICT, PublishError, run_child, stop_children, summarise
from proceedings.cli.reproducible import build_environment, source_date_epoch
from proceedings.core.deposit import crossref, hal
from proceedings.core.deposit.volume import (
    DepositError, load_settings, load_volume, missing_for_crossref, missing_for_hal,
)
from proceedings.core.deposit.zenodo import zenodo_json
from proceedings.core.identity import IdentityError, base_url, load

if TYPE_CHECKING:
    import argparse

    from proceedings.core.deposit.volume import Volume

#: What the builds leave in their doctree folder (``sphinx_ext.volume_data.FILENAME``).
DATA_FILE = 'proceedings-volume.json'


def read_editions(source: Path, work: Path, languages: tuple[str, ...],
                  environment: dict[str, str]) -> dict[str, Path]:
    """Read the book in every language, two at once; the volume data each build wrote."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        files = list(pool.map(lambda language: read_edition(source, work, language,
                                                            environment), languages))
    return dict(zip(languages, files))


def read_edition(source: Path, work: Path, language: str,
                 environment: dict[str, str]) -> Path:
    doctrees = work / language / 'doctrees'
    log = work / f'{language}.log'
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text('', encoding='utf-8')
    (doctrees / DATA_FILE).unlink(missing_ok=True)
    command = [sys.executable, '-m', 'sphinx', '-b', 'dummy', '-q', *STRICT,
               '-D', f'language={language}', '-d', os.fspath(doctrees),
               os.fspath(source), os.fspath(work / language / 'dummy')]
    with log.open('a', encoding='utf-8') as out:
        out.write(f'$ {" ".join(command)}\n')
        out.flush()
        if run_child(command, out, environment):
            raise PublishError(f'the {language} edition could not be read:\n'
                               f'{summarise(log)}\n(the whole log: {log})')
    return doctrees / DATA_FILE


def write_records(volume: Volume, out: Path) -> tuple[list[Path], list[str]]:
    """Write every record the volume allows; the files written, and what was not, and why."""
    out.mkdir(parents=True, exist_ok=True)
    written = [out / '.zenodo.json']
    written[0].write_text(zenodo_json(volume), encoding='utf-8')
    left: list[str] = []
    if 'license' not in json.loads(written[0].read_text(encoding='utf-8')):
        why = (f'its address {volume.identity.licence_url} is not a Creative Commons '
               'licence that this command can name' if volume.identity.licence_url else
               f'{volume.identity.path.name} states none (licence_url in [book], with its '
               'rights statement)')
        left.append(f'.zenodo.json names no licence: {why}; choose the licence on Zenodo '
                    'when you deposit')

    missing = missing_for_crossref(volume)
    target = out / 'crossref.xml'
    if missing:
        target.unlink(missing_ok=True)
        left.append(_not_written('the Crossref deposit', volume, missing))
    else:
        target.write_bytes(crossref.deposit(volume))
        written.append(target)

    missing = missing_for_hal(volume)
    folder = out / 'hal'
    if folder.is_dir():
        shutil.rmtree(folder)
    if missing:
        left.append(_not_written("HAL's records", volume, missing))
    else:
        folder.mkdir()
        records = {'volume': hal.volume_record(volume)}
        for session in volume.sessions:
            records[session.docname.replace('/', '-')] = hal.session_record(volume, session)
        for name, record in records.items():
            written.append(folder / f'{name}.xml')
            written[-1].write_bytes(record)
    return written, left


def _not_written(what: str, volume: Volume, missing: list[str]) -> str:
    fields = '\n'.join(f'  {field}' for field in missing)
    return f'Not written: {what}; {volume.identity.path.name} needs:\n{fields}'


def deposit(source: Path, builddir: Path, out: Path,
            site_address: str = '') -> tuple[list[Path], list[str]]:
    identity = load(source / 'book.toml')
    if site_address:
        identity = dataclasses.replace(identity,
                                       base_url=base_url(site_address, identity.path))
    load_settings(identity)  # a wrong [deposit] stops before any build
    epoch = source_date_epoch(source, identity.event_date)
    files = read_editions(source, builddir / 'deposit-data', identity.languages,
                          build_environment(epoch))
    volume = load_volume(identity, files, epoch)
    return write_records(volume, out)


def run(args: argparse.Namespace) -> int:
    source = args.source.resolve()
    out = args.out or args.builddir / 'deposit'
    try:
        written, left = deposit(source, args.builddir.resolve(), out, args.base_url)
    except (IdentityError, DepositError, PublishError) as exc:
        print(f'error: {exc}', file=sys.stderr)
        return 1
    except OSError as exc:
        print(f'error: {exc.filename}: {exc.strerror}', file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        stop_children()
        print('Interrupted.', file=sys.stderr)
        return 130
    names = [path.relative_to(out).as_posix() for path in written]
    if len(names) > 4:
        names = [*names[:3], f'and {len(names) - 3} more in hal/']
    print(f'Written in {out}/: {", ".join(names)}')
    for line in left:
        print(line)
    return 0
