"""Build the publishable site: every edition's HTML, PDF and EPUB, in one folder.

    proceedings publish [--source .] [--builddir _build] [--out _build/site]

Each language is built into ``<builddir>/<language>/``, warnings treated as errors: not at
all when nothing it is built from has changed since its last successful build, from the
last build's Sphinx environment when only chapters or their catalogues changed, from
clean otherwise (see ``incremental``; ``--clean`` rebuilds every edition from clean); then
copied into a staging folder; the site folder is replaced only once every
language and format has succeeded, so a failed build leaves the published site as it was.
The replacement is one system call that exchanges the two folders' names (Linux's
``renameat2`` with ``RENAME_EXCHANGE``): at every instant ``site`` is either the old site
or the new one, whenever the process is killed. Two runs for one build folder or one site
never overlap: the second stops at once and says so (see ``lock``).
Two runs from the same commit give byte-identical sites (see ``reproducible``).
The layout suits any static host::

    site/index.html           sends a reader to their language, lists the editions
    site/<language>/          that edition's HTML, with its PDF and EPUB at its root,
                              and the programme of the day as a PDF
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import gettext
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, FileSystemLoader, select_autoescape

from proceedings.cli import incremental
from proceedings.cli.recordings import pending_report
from proceedings.cli.texproblems import missing_commands, tex_problems
from proceedings.cli.reproducible import build_environment, normalise_epub, source_date_epoch
from proceedings.core.editions import MESSAGE_CATALOG_NAME, download_names, language_name
from proceedings.core.identity import Identity, IdentityError, load

if TYPE_CHECKING:
    import argparse

#: Sphinx's own targets, in the order an edition is built: the HTML first, since it is
#: the quickest to fail on a broken chapter or catalogue.
FORMATS = ('html', 'epub', 'latexpdf')
#: What a machine without TeX builds (``make book PDF=no``): the pages then link to no PDF.
WITHOUT_TEX = ('html', 'epub')
#: The templates of the site's root page, which lists the editions.
SITE_ROOT = Path(__file__).resolve().parent / 'site-root'
STRICT = ('-W', '--keep-going', '-n')


class PublishError(Exception):
    """A build step failed; the message says which and where its log is."""


@dataclass
class Step:
    language: str
    target: str
    seconds: float


def sphinx_build(source: Path, builddir: Path, language: str, target: str, log: Path,
                 base_url: str, environment: dict[str, str], pdf: bool = True,
                 copy_environment: bool = True) -> Step:
    """Build *target* as ``sphinx -M`` would: into ``<language>/<target>``, the Sphinx
    environment in ``<language>/doctrees``, or for the EPUB and the PDF in one of their
    own (``doctrees-<builder>``, a copy of the HTML build's if *copy_environment*), so
    that the two run at once, each with a log of its own (``build-<builder>.log``);
    ``latexpdf`` then runs latexmk as ``-M latexpdf -q`` does."""
    start = time.monotonic()
    edition_dir = builddir / language
    builder = 'latex' if target == 'latexpdf' else target
    doctrees = edition_dir / ('doctrees' if target == 'html' else f'doctrees-{builder}')
    command = [
        sys.executable, '-m', 'sphinx', '-b', builder, '-d', os.fspath(doctrees),
        os.fspath(source), os.fspath(edition_dir / builder),
        '-D', f'language={language}', '-q', *STRICT,
    ]
    if environment.get('PAPER', '') in {'a4', 'letter'}:  # as sphinx -M reads it
        command += ['-D', f'latex_elements.papersize={environment["PAPER"]}paper']
    if base_url:
        command += ['-D', f'proceedings_base_url={base_url}']
    if not pdf:  # the pages link to no PDF, the EPUB names none
        command += ['-D', 'proceedings_pdf=0']
    if target != 'html':
        if copy_environment:
            shutil.rmtree(doctrees, ignore_errors=True)
            shutil.copytree(edition_dir / 'doctrees', doctrees)
        log = log.with_name(f'build-{builder}.log')
    with log.open('a', encoding='utf-8') as out:
        out.write(f'$ {" ".join(command)}\n')
        out.flush()
        returncode = run_child(command, out, environment)
        if not returncode and target == 'latexpdf':
            make = [environment.get('MAKE', 'make'), '-C', os.fspath(edition_dir / 'latex'),
                    'all-pdf', 'LATEXOPTS=-halt-on-error', 'LATEXMKOPTS=-silent']
            out.write(f'$ {" ".join(make)}\n')
            out.flush()
            returncode = run_child(make, out, environment)
    if returncode and 'No space left on device' in log.read_text('utf-8', errors='replace'):
        raise PublishError(
            f'{builddir / language}: no space left on the disk while building the {language} '
            f'{target}; free some space and build again (the whole log: {log})')
    if returncode:
        raise PublishError(
            f'the {language} {target} failed:\n{summarise(log)}\n(the whole log: {log})'
        )
    return Step(language, target, time.monotonic() - start)


#: The Sphinx processes running now, so that an interrupted publisher stops them too.
_children: set[subprocess.Popen] = set()
_children_lock = threading.Lock()
_stopping = threading.Event()


def run_child(command: list[str], out, environment: dict[str, str]) -> int:
    with _children_lock:
        if _stopping.is_set():
            return 1  # the publisher is stopping: start nothing more
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                 env=environment)
        _children.add(child)
    try:
        return child.wait()
    finally:
        with _children_lock:
            _children.discard(child)


def stop_children() -> None:
    with _children_lock:
        _stopping.set()
        children = list(_children)
    for child in children:
        child.terminate()
    for child in children:
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()


#: Lines of a build log that tell an editor what to fix: Sphinx's warnings and errors
#: (with file and line), the message of an error that stopped Sphinx, TeX's errors.
USEFUL_LINE = re.compile(
    r'(WARNING|ERROR|CRITICAL):|^! |^l\.\d+ |^\s{4}[\w.]+(Error|Exception)\w*: ')


def summarise(log: Path, most: int = 30) -> str:
    """What went wrong, without Sphinx's crash report, meant for its own developers.

    What TeX lacks (a command, a package, a font) comes first, named; then errors, then
    warnings: an error is what stopped the build, while one cause (a page outside every
    table of contents) may bring many warnings after it.
    """
    lines = log.read_text(encoding='utf-8', errors='replace').splitlines()
    missing = tex_problems(lines)
    useful = list(dict.fromkeys(line.strip() for line in lines if USEFUL_LINE.search(line)))
    if not useful and not missing:
        useful = [line for line in lines[-15:] if line.strip()]
    useful.sort(key=lambda line: 'WARNING:' in line)  # stable: each kind in log order
    useful = missing + useful
    shown = ['    ' + line for line in useful[:most]]
    if len(useful) > most:
        shown.append(f'    … and {len(useful) - most} more')
    return '\n'.join(shown)


def edition_outputs(identity: Identity, builddir: Path, language: str,
                    pdf: bool = True) -> list[tuple[str, Path]]:
    """The files of an edition's build that the site takes (see ``assemble_edition``)."""
    built = builddir / language
    files = []
    for folder, dirs, names in os.walk(built / 'html'):
        dirs[:] = sorted(d for d in dirs if d != '.doctrees')
        files += [(Path(folder, name).relative_to(built).as_posix(), Path(folder, name))
                  for name in names if name != '.buildinfo']
    names = download_names(identity.slug, language)
    downloads = (('latex', 'pdf'), ('latex', 'programme'), ('epub', 'epub')) if pdf else (
        ('epub', 'epub'),)
    for folder, key in downloads:
        files.append((f'{folder}/{names[key]}', built / folder / names[key]))
    return sorted(files)


def build_edition(source: Path, builddir: Path, language: str, base_url: str,
                  environment: dict[str, str], identity: Identity | None = None,
                  inputs: incremental.EditionInputs | str | None = None, pdf: bool = True,
                  started: int | None = None) -> list[Step]:
    """Build the edition; with *inputs*, only if they changed since its last build, and
    from clean unless only its pages changed (``incremental.changed_pages``). *started*:
    the time before *inputs* were read.

    From clean, the HTML comes first, then the EPUB and the PDF at once, each from a copy
    of the HTML build's Sphinx environment. After a change to pages alone, each format
    reads those pages again into its environment of the last build (the EPUB and the PDF
    once the HTML build has read them) and writes every page into emptied output
    folders, so that nothing stale remains; latexmk starts from the
    ``.aux`` files of the last build and runs XeTeX until they settle, as from clean
    (a PDF whose ``.tex`` and inputs did not change is not made again).

    Without *pdf*, the edition is its HTML and EPUB alone, for a machine without TeX.
    """
    edition_dir = builddir / language
    if inputs is not None and identity is not None and incremental.reusable(
            edition_dir, inputs, edition_outputs(identity, builddir, language, pdf)):
        _say(f'  {language}: unchanged since its last build')
        return []
    targets = FORMATS if pdf else WITHOUT_TEX
    environments = [edition_dir / ('doctrees' if target == 'html' else
                                   f'doctrees-{"latex" if target == "latexpdf" else target}')
                    / 'environment.pickle' for target in targets]
    changed = None
    if (isinstance(inputs, incremental.EditionInputs) and identity is not None
            and all(path.is_file() for path in environments)):
        changed = incremental.changed_pages(edition_dir, source, inputs)
    if edition_dir.exists():
        incremental.forget(edition_dir)
    if changed is None:
        shutil.rmtree(edition_dir, ignore_errors=True)  # a release build is a clean build
    else:
        _say(f'  {language}: {len(changed)} changed pages read again: {", ".join(changed)}')
        compiled = compile_catalogues(source, [source / name for name in changed
                                               if name.endswith('.po')], language)
        for folder in ('html', 'epub'):
            shutil.rmtree(edition_dir / folder, ignore_errors=True)
    edition_dir.mkdir(parents=True, exist_ok=True)
    log = edition_dir / 'build.log'
    log.unlink(missing_ok=True)
    for name in ('epub', 'latex'):
        log.with_name(f'build-{name}.log').unlink(missing_ok=True)
    # From clean, the EPUB and the PDF start from a copy of the environment of the HTML
    # build, once it is done. Otherwise each reads the changed pages again into its own:
    # at once when the changed catalogues are compiled here, else once the HTML build
    # has read them (and so compiled them, which the other two would otherwise write
    # while they read them).
    html_environment = environments[0]
    read = threading.Event()
    since = html_environment.stat().st_mtime_ns if changed is not None else 0
    with ThreadPoolExecutor(max_workers=len(targets)) as pool:
        first = pool.submit(sphinx_build, source, builddir, language, targets[0], log,
                            base_url, environment, pdf)
        if changed is None:
            steps = [_built(first.result())]
            others = [pool.submit(sphinx_build, source, builddir, language, target, log,
                                  base_url, environment, pdf) for target in targets[1:]]
        elif compiled:
            others = [pool.submit(sphinx_build, source, builddir, language, target, log,
                                  base_url, environment, pdf, copy_environment=False)
                      for target in targets[1:]]
            first.exception()  # waits for it
            steps = [_built(first.result())]
        else:
            def after_reading(target: str) -> Step:
                read.wait()
                if first.done() and first.exception() is not None:
                    raise PublishError(f'the {language} html failed')  # raised, not this
                return sphinx_build(source, builddir, language, target, log, base_url,
                                    environment, pdf, copy_environment=False)

            first.add_done_callback(lambda _future: read.set())
            others = [pool.submit(after_reading, target) for target in targets[1:]]
            _wait_until_written(html_environment, since, read)
            first.exception()  # waits for it
            steps = [_built(first.result())]
        for future in others:
            future.exception()  # each finishes before the first failure is raised
        steps += [_built(future.result()) for future in others]
    if inputs is not None and identity is not None:
        incremental.remember(edition_dir, inputs,
                             edition_outputs(identity, builddir, language, pdf), started)
    return steps


#: Settings of ``conf.py`` that change how Sphinx compiles a catalogue.
CATALOGUE_SETTINGS = ('gettext_allow_fuzzy_translations', 'gettext_auto_build',
                      'source_encoding')


def compile_catalogues(source: Path, catalogues: list[Path], language: str) -> bool:
    """Compile each of the changed *catalogues* into its ``.mo`` as Sphinx would
    (``CatalogInfo.write_mo`` with Sphinx's defaults), so that the edition's formats may
    all start at once and none of them writes a ``.mo`` that another is reading.

    False when Sphinx must compile them itself: ``conf.py`` sets how it compiles, or
    babel cannot read one. The ``.mo`` of each is then removed, and Sphinx, which
    compiles a catalogue whose ``.mo`` is missing, reports what it cannot read."""
    try:
        configured = any(name in (source / 'conf.py').read_text('utf-8')
                         for name in CATALOGUE_SETTINGS)
    except (OSError, UnicodeDecodeError):
        configured = True
    if catalogues and not configured:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        try:
            for po in catalogues:
                with po.open(encoding='utf-8-sig') as f:
                    catalog = read_po(f, language)
                mo = po.with_suffix('.mo')
                partial = mo.with_name(mo.name + '.partial')
                with partial.open('wb') as f:
                    write_mo(f, catalog, False)
                os.replace(partial, mo)
            return True
        except Exception:  # noqa: BLE001 -- Sphinx reads it again, and says what is wrong
            for path in catalogues:
                path.with_suffix('.mo.partial').unlink(missing_ok=True)
    for po in catalogues:
        po.with_suffix('.mo').unlink(missing_ok=True)
    return not catalogues


def _wait_until_written(path: Path, since: int, done: threading.Event) -> None:
    """Until *path* is written again (its time of modification after *since*) or *done*."""
    while not done.wait(0.02):
        try:
            if path.stat().st_mtime_ns > since:
                done.set()
        except OSError:
            pass


def _say(line: str) -> None:
    """Print *line* whole: the editions' threads print at once, and ``print`` writes the
    end of a line apart from the line."""
    sys.stdout.write(line + '\n')
    sys.stdout.flush()


def _built(step: Step) -> Step:
    _say(f'  {step.language}: {step.target} built in {step.seconds:.1f} s')
    return step


def assemble_edition(identity: Identity, builddir: Path, staging: Path, language: str,
                     epoch: int, pdf: bool = True) -> None:
    built = builddir / language
    target = staging / language
    shutil.copytree(built / 'html', target, ignore=shutil.ignore_patterns('.buildinfo', '.doctrees'))
    sources = target / '_sources'
    if sources.is_dir() and not any(sources.iterdir()):
        sources.rmdir()  # left empty by html_copy_source = False
    names = download_names(identity.slug, language)
    if pdf:
        shutil.copy2(built / 'latex' / names['pdf'], target / names['pdf'])
        shutil.copy2(built / 'latex' / names['programme'], target / names['programme'])
    shutil.copy2(built / 'epub' / names['epub'], target / names['epub'])
    normalise_epub(target / names['epub'], epoch)
    # The HTML build wrote the book's BibTeX beside its pages: it is already in place.


def write_root(identity: Identity, source: Path, staging: Path, locale_dirs: list[Path],
               pdf: bool = True) -> None:
    templates = SITE_ROOT
    editions = []
    for language in identity.languages:
        translation = gettext.translation(
            MESSAGE_CATALOG_NAME, localedir=_first_with(locale_dirs, language),
            languages=[language], fallback=True,
        )
        book = identity.translated(language, translate=translation.gettext)
        names = download_names(identity.slug, language)
        # The extension's words for a preview edition, English while not translated.
        preview = translation.gettext('preview edition') if identity.in_progress(language) else ''
        editions.append({
            'preview': preview,
            'preview_language': (identity.source_language if preview == 'preview edition'
                                 else language),
            'language': language,
            'name': language_name(language, language),
            'title': book.title,
            'subtitle': book.subtitle,
            'date': book.event_date,
            'place': book.event_place,
            'pdf': names['pdf'] if pdf else '',
            'epub': names['epub'],
            'programme': names['programme'] if pdf else '',
            'programme_label': translation.gettext('Programme of the day'),
        })
    env = Environment(loader=FileSystemLoader(templates), autoescape=select_autoescape(['html']))
    html = env.get_template('index.html').render(editions=editions)
    (staging / 'index.html').write_text(html, encoding='utf-8')
    shutil.copy2(templates / 'choose-language.js', staging / 'choose-language.js')


def _first_with(locale_dirs: list[Path], language: str) -> str | None:
    for folder in locale_dirs:
        if (folder / language / 'LC_MESSAGES').is_dir():
            return os.fspath(folder)
    return None


RENAME_EXCHANGE = 2
AT_FDCWD = -100


def exchange(first: Path, second: Path) -> None:
    """Swap the names of two folders in one system call: no instant without either."""
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, 'renameat2', None)
    if renameat2 is None:
        raise OSError(errno.ENOSYS, 'renameat2 is not available', os.fspath(second))
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second),
                 RENAME_EXCHANGE) != 0:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), os.fspath(second))


def replace_site(staging: Path, out: Path) -> None:
    """Put the staged site at *out* atomically, then remove the old one.

    With no site yet, ``rename(2)`` puts it in place; otherwise the two folders exchange
    names, and the old site, now at the staging folder's name, is removed after. A kill
    at any point leaves at *out* either the old site or the new one, complete; what is
    left at the staging name is removed by the next run.
    """
    if not out.exists():
        os.rename(staging, out)
        return
    try:
        exchange(staging, out)
    except OSError as exc:
        if exc.errno in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
            raise PublishError(
                f'{out.parent}: this file system cannot exchange two folders in one step '
                '(renameat2 RENAME_EXCHANGE), so the site cannot be replaced without an '
                'instant with no site; build into a folder on ext4, XFS, Btrfs or tmpfs '
                '(make book BUILDDIR=…)') from None
        raise
    shutil.rmtree(staging, ignore_errors=True)  # the old site


@contextmanager
def lock(paths: list[Path]) -> Iterator[None]:
    """Hold an exclusive lock on each of *paths* (files beside the build and the site).

    The kernel releases a lock when its process ends, however it ends: a killed run
    never blocks the next one. A run that finds a lock held stops before it builds.
    """
    held = []
    try:
        for path in dict.fromkeys(paths):
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = path.open('a+', encoding='utf-8')
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or 'another process'
                handle.close()
                raise PublishError(
                    f'another make book is running for this folder ({holder}, lock {path}); '
                    'this one stops without building. Run it again once that one is done.'
                ) from None
            handle.seek(0)
            handle.truncate()
            handle.write(f'process {os.getpid()}\n')
            handle.flush()
            held.append(handle)
        yield
    finally:
        for handle in held:
            handle.close()


def publish(source: Path, builddir: Path, out: Path, jobs: int = 2,
            base_url: str = '', clean: bool = False, pdf: bool = True) -> list[Step]:
    """Build every edition that changed (every one, if *clean*), then put the site in
    place; *base_url* overrides book.toml's. Without *pdf*, each edition is its HTML and
    EPUB alone, for a machine without TeX."""
    try:
        identity = load(source / 'book.toml')
    except IdentityError as exc:
        raise PublishError(str(exc)) from None
    if pdf and (missing := missing_commands()):
        raise PublishError('\n'.join(missing))  # before minutes of HTML and EPUB
    # Sphinx compiles the catalogues beside their sources.
    check_writable([builddir, out.parent, source / 'locale'])
    epoch = source_date_epoch(source, identity.event_date)
    environment = build_environment(epoch)
    staging = out.with_name(out.name + '.staging')
    try:
        builddir.mkdir(parents=True, exist_ok=True)
        with lock([builddir / '.make-book.lock', out.with_name(f'.{out.name}.lock')]):
            return _build_and_replace(identity, source, builddir, out, staging, jobs,
                                      base_url, environment, epoch, clean, pdf)
    except OSError as exc:
        raise PublishError(_os_error(exc)) from None


def _build_and_replace(identity: Identity, source: Path, builddir: Path, out: Path,
                       staging: Path, jobs: int, base_url: str, environment: dict[str, str],
                       epoch: int, clean: bool = False, pdf: bool = True) -> list[Step]:
    shutil.rmtree(staging, ignore_errors=True)  # left by a run that was killed
    _stopping.clear()
    lock_file = out.with_name(f'.{out.name}.lock')
    started = time.time_ns()
    outputs = [builddir, out, staging, lock_file]
    shared = incremental.shared_inputs(environment, outputs)
    parts = {language: incremental.edition_inputs_by_part(
                 source, language, identity.languages, base_url=base_url,
                 environment=environment, outputs=outputs, pdf=pdf, shared=shared)
             for language in identity.languages}
    inputs = {language: part.digest for language, part in parts.items()}
    site_record = builddir / 'site-inputs.json'
    if clean:
        for language in identity.languages:
            if (builddir / language).is_dir():
                incremental.forget(builddir / language)
    elif _site_is_current(site_record, inputs, out, identity, builddir, pdf):
        print(f'Nothing has changed since the last build: {out} is as it was built.',
              flush=True)
        return []
    site_record.unlink(missing_ok=True)
    try:
        staging.mkdir(parents=True)
        print(f'Building {len(identity.languages)} editions into {out}'
              + ('' if pdf else ' (HTML and EPUB, without PDF)'), flush=True)
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = [
                pool.submit(build_edition, source, builddir, language, base_url, environment,
                            identity, parts[language], pdf, started)
                for language in identity.languages
            ]
            try:
                steps = [step for future in futures for step in future.result()]
            except BaseException:
                for future in futures:
                    future.cancel()
                stop_children()
                raise
        for language in identity.languages:
            assemble_edition(identity, builddir, staging, language, epoch, pdf)
        write_root(identity, source, staging, [source / 'locale'], pdf)
        site = incremental.tree_digests(staging)
        replace_site(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _write_json(site_record, {'inputs': inputs, 'site': site})
    return steps


def _site_is_current(record: Path, inputs: dict[str, str], out: Path,
                     identity: Identity, builddir: Path, pdf: bool = True) -> bool:
    """Whether the site was assembled from editions with these *inputs*, is untouched,
    and each edition's build still holds what the site took from it."""
    try:
        recorded = json.loads(record.read_text('utf-8'))
    except (OSError, ValueError):
        return False
    if not isinstance(recorded, dict) or recorded.get('inputs') != inputs:
        return False
    try:
        if incremental.tree_digests(out) != recorded.get('site'):
            return False
    except OSError:
        return False
    return all(incremental.reusable(builddir / language, inputs[language],
                                    edition_outputs(identity, builddir, language, pdf))
               for language in identity.languages)


def _write_json(path: Path, data: dict) -> None:
    temporary = path.with_name(path.name + '.tmp')
    temporary.write_text(json.dumps(data, indent=0, sort_keys=True), encoding='utf-8')
    os.replace(temporary, path)


def _os_error(exc: OSError) -> str:
    """One line for a failed file operation: the file, what went wrong, what to do."""
    where, full, why = exc.filename or '', exc.errno == errno.ENOSPC, exc.strerror or exc
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
        # copytree goes on past a file it cannot copy, then lists every one: (source,
        # destination, the error as text). The first says what happened.
        failures = [entry for entry in exc.args[0] if len(entry) == 3]
        if failures:
            _source, where, why = failures[0]
            full = os.strerror(errno.ENOSPC) in str(why)
            if len(failures) > 1:
                why = f'{why} (and {len(failures) - 1} more files)'
    if full:
        return f'{where}: no space left on the disk; free some space and build again'
    return f'{where}: {why}'.lstrip(': ')


def check_writable(folders: list[Path]) -> None:
    """Stop before building anything if a folder cannot be written."""
    for folder in folders:
        existing = folder
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not os.access(existing, os.W_OK | os.X_OK):
            raise PublishError(
                f'cannot write in {existing} (needed for {folder}): permission denied. '
                'Build as a user who may write there, or choose another folder '
                '(make book BUILDDIR=…).'
            )


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def run(args: argparse.Namespace) -> int:
    """``proceedings publish``."""
    source = args.source.resolve()
    builddir = args.builddir.resolve()
    out = (args.out or builddir / 'site').resolve()
    start = time.monotonic()
    # Stopped by the system (a CI's timeout, `kill`) as by Ctrl-C: clean up, one line.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even where started ignoring it
    try:
        publish(source, builddir, out, jobs=args.jobs, base_url=args.base_url,
                clean=args.clean, pdf=args.pdf)
    except PublishError as exc:
        print(f'\nThe book was not published: {exc}', file=sys.stderr)
        print(f'{out} is left as it was.', file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f'\nInterrupted: the book was not published; {out} is left as it was.',
              file=sys.stderr)
        return 130
    print(f'The book is in {out} ({time.monotonic() - start:.0f} s).')
    identity = load(source / 'book.toml')
    print(untranslated_report(identity, builddir))
    print(pending_report(source, identity))
    return 0


#: What each translation's HTML build counted, in its doctree folder
#: (``proceedings.sphinx_ext.untranslated`` writes it).
UNTRANSLATED_REPORT = 'proceedings-untranslated.json'


#: How many pages the report names; `make stats` lists every catalogue.
PAGES_NAMED = 5


def untranslated_report(identity: Identity, builddir: Path) -> str:
    """Per edition, how many of its texts show in the source language."""
    import json

    source = language_name(identity.source_language, 'en')
    lines = []
    for language in identity.languages[1:]:
        state = ' (a preview edition: in progress)' if identity.in_progress(language) else ''
        path = builddir / language / 'doctrees' / UNTRANSLATED_REPORT
        try:
            counts = json.loads(path.read_text('utf-8'))
        except (OSError, ValueError):
            lines.append(f'{language}{state}: its build counted no texts ({path} is missing)')
            continue
        if not counts['untranslated']:
            lines.append(f'{language}{state}: all {counts["total"]} texts translated')
            continue
        pages = [f'{page} ({number})' for page, number in counts['pages'].items()]
        if len(pages) > PAGES_NAMED:
            pages[PAGES_NAMED:] = [f'and {len(pages) - PAGES_NAMED} more pages']
        lines.append(f'{language}{state}: {counts["untranslated"]} of {counts["total"]} texts '
                     f'show in {source}, the source language (marked in the pages; '
                     f'`make stats` says what is left to translate): {", ".join(pages)}')
    return '\n'.join(lines)
