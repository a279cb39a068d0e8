"""The benchmark of issue 7: ``make bench``, or ``python -m bench [options]``.

In one invocation, side by side, on synthetic books of N sessions (``bench.generate``):

- a cold HTML build per language, with the precomputed navigation, serial and with
  ``-j auto``, and the same book with stock furo and with Sphinx's ``basic`` theme, the
  languages taking turns in each round of builds; in
  English, the same chapters built by MkDocs with the Material theme, the reference a team
  would pick instead (``bench/requirements.txt``, in a virtual environment of its own:
  ``make bench`` installs it; MyST's directives reach it as fenced code, and it has no
  translations);
- an incremental rebuild after editing one session's text (and its translation), serial
  and with ``-j auto``;
- at the largest size, the serial builds of each translation and of English at the same
  time, one on each core, a few rounds: the French target is their ratio's median, since
  this machine's speed drifts by a third from one minute to the next and two builds run
  one after the other do not meet the same machine;
- the PDF (LaTeX, then XeLaTeX through latexmk) at the PDF sizes;
- ``make book`` on a copy of the real book: from clean, with nothing changed, after a
  one-line change to a French translation and to an English chapter, each site compared
  byte for byte with a clean ``make book`` of the same sources;
- the peak memory of each build.

Every build is strict, as ``make book`` builds (``-W --keep-going -n``). A cold build
starts from an empty output folder and, in French, without compiled catalogues, as in a
fresh checkout. Times are the best of the repetitions: noise from other work on the
machine only ever adds time, and the builds of up to 50 sessions, which take a second
or two, run at least five times, so that a tenth of a second of noise does not decide
between ``-j auto`` and a serial build. The table goes to the terminal and to ``results.txt``, the
figures to ``results.json``, both in the build folder, with the machine they come from.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.generate import (
    LANGUAGE,
    PROJECT,
    Book,
    edit_session,
    generate_book,
    session_document,
    write_document,
)
from bench.measure import (
    BuildFailed,
    Measurement,
    _first_line,
    machine,
    run_timed,
    run_together,
)
from proceedings.cli.publish import STRICT

SIZES = (10, 50, 200, 500)
PDF_SIZES = (10, 500)
#: The synthetic books' languages: their English, and the language of their catalogues.
LANGUAGES = ('en', LANGUAGE)
SESSIONS_PER_PART = 20
#: Books of up to this many sessions build in a second or two: at least SMALL_REPEAT runs.
SMALL = 50
SMALL_REPEAT = 5
#: Edits and undoings of a session per variant: a rebuild takes a second.
INCREMENTAL_ROUNDS = 3


@dataclass(frozen=True)
class Variant:
    name: str
    options: tuple[str, ...]
    #: a reference that the targets compare with, repeated --stock-repeat times
    costly: bool = False


PRECOMPUTED = Variant('precomputed', ())
PARALLEL = Variant('-j auto', ('-j', 'auto'))
STOCK = Variant('stock furo', ('-D', 'proceedings_precompute_navigation=0'), costly=True)
BASIC = Variant('basic', ('-D', 'html_theme=basic'))
VARIANTS = (PRECOMPUTED, PARALLEL, STOCK, BASIC)
#: Not a Sphinx build: the same chapters as a MkDocs site with the Material theme.
MKDOCS = Variant('mkdocs material', ())
#: Where ``make bench`` installs MkDocs (bench/requirements.txt).
MKDOCS_COMMAND = PROJECT / '.venv' / 'mkdocs' / 'bin' / 'mkdocs'
MKDOCS_CONFIG = """\
site_name: Synthetic proceedings
docs_dir: docs
theme:
  name: material
  language: en
  # Nothing loaded from another host, as the project's pages.
  font: false
plugins:
  - search
markdown_extensions:
  - tables
"""
#: The order of the last round of the precomputed build (``round_order`` reverses it in
#: every second round before). The precomputed build comes last, right before the incremental build that
#: reuses its output: every cold build compiles the book's catalogues again,
#: and catalogues newer than an output make Sphinx read every translated page again.
ROUND_ORDER = (STOCK, BASIC, PARALLEL, PRECOMPUTED)


def round_order(order: tuple[Variant, ...], round_number: int,
                last_round: int) -> tuple[Variant, ...]:
    """*order* in the last round and every second round before it, reversed in the others:
    no build always runs first, or right after the same one, so that what a build leaves
    the next (files still to be written out, a machine just busy on both cores) and the
    drift of the machine's speed within a round fall on the builds in turn."""
    return order if (last_round - round_number) % 2 == 0 else order[::-1]


#: The targets of issue 7, on the machine of the run.
LIMITS = {
    'html_vs_basic': 1.5,
    'html_vs_mkdocs': 0.75,
    'parallel_vs_mkdocs': 0.6,
    'scaling': 12.0,
    'incremental_seconds': 2.0,
    'book_seconds': 30.0,
    'book_nothing_changed_seconds': 2.0,
    'book_french_edit_seconds': 6.0,
    'book_english_edit_seconds': 10.0,
    'pdf_seconds': 45.0,
    'translation_vs_english': 1.2,
}


def report(label: str, measured: Measurement) -> None:
    """One measured build, as the run goes."""
    print(f'  {label:<40} {measured.seconds:7.1f} s {measured.cpu_seconds:7.1f} s cpu'
          f' {measured.peak_mb:7.0f} MB', flush=True)


class Bench:
    def __init__(self, builddir: Path, *, repeat: int, stock_repeat: int, keep: bool,
                 small_repeat: int = SMALL_REPEAT, mkdocs: Path | None = None) -> None:
        self.mkdocs = mkdocs
        self.stock_sizes: list[int] | None = None
        self.builddir = builddir
        self.logs = builddir / 'logs'
        self.repeat = repeat
        self.stock_repeat = stock_repeat
        self.small_repeat = max(repeat, small_repeat)
        self.keep = keep
        self.results: dict = {'html': [], 'incremental': [], 'pdf': [], 'book': None,
                              'side_by_side': []}

    def sphinx(self, book: Book, target: str, out: Path, language: str,
               *options: str, make_mode: bool = False) -> list[str]:
        command = [sys.executable, '-m', 'sphinx']
        if make_mode:
            command += ['-M', target, os.fspath(book.root), os.fspath(out)]
        else:
            command += ['-b', target, os.fspath(book.root), os.fspath(out / target),
                        '-d', os.fspath(out / 'doctrees')]
        return [*command, '-D', f'language={language}', '-q', *STRICT, *options]

    def measure(self, label: str, command: list[str], cwd: Path | None = None) -> Measurement:
        measured = run_timed(command, self.logs / f'{label}.log', cwd=cwd)
        report(label, measured)
        return measured

    def cold(self, book: Book, out: Path, language: str) -> None:
        shutil.rmtree(out, ignore_errors=True)
        for compiled in (book.root / 'locale').rglob('*.mo'):
            compiled.unlink()  # a fresh checkout has none: the build compiles them

    def html(self, book: Book, languages: list[str]) -> dict[str, dict[Variant, Path]]:
        n = len(book.sessions)
        variants = {language: VARIANTS + ((MKDOCS,) if self.mkdocs and language == 'en' else ())
                    for language in languages}
        cells = {(language, v): {'sessions': n, 'pages': len(book.docnames),
                                 'language': language, 'variant': v.name, 'runs': []}
                 for language in languages for v in variants[language]}
        outs = {language: {v: self.builddir / 'out' / f'n{n}-{language}-'
                           f'{v.name.replace(" ", "-")}' for v in variants[language]}
                for language in languages}
        mkdocs_config = (self.mkdocs_project(book)
                         if any(MKDOCS in found for found in variants.values()) else None)
        repeat = self.small_repeat if n <= SMALL else self.repeat
        stock_repeat = self.small_repeat if n <= SMALL else self.stock_repeat
        # Round after round, every variant of every language once: slow drifts of the
        # machine's speed touch all of them alike, and the languages' ratio with them.
        for round_number in range(max(repeat, stock_repeat)):
            for language in languages:
                order = ROUND_ORDER if MKDOCS not in variants[language] else (MKDOCS, *ROUND_ORDER)
                for variant in round_order(order, round_number, repeat - 1):
                    if round_number >= (stock_repeat if variant.costly else repeat):
                        continue
                    if (variant is STOCK and self.stock_sizes is not None
                            and n not in self.stock_sizes):
                        continue
                    out = outs[language][variant]
                    self.cold(book, out, language)
                    label = f'html n={n} {language} {variant.name} #{round_number + 1}'
                    if variant is MKDOCS:
                        command = [os.fspath(self.mkdocs), 'build', '--quiet', '--config-file',
                                   os.fspath(mkdocs_config), '--site-dir', os.fspath(out)]
                    else:
                        command = self.sphinx(book, 'html', out, language, *variant.options)
                    cells[language, variant]['runs'].append(self.measure(label, command).as_dict())
                    if variant is not PRECOMPUTED and not self.keep:
                        shutil.rmtree(out, ignore_errors=True)
        self.results['html'] += cells.values()
        return outs

    def side_by_side(self, book: Book, languages: list[str], rounds: int) -> None:
        """The serial build of each translation and the English one at the same time, each
        on a core, *rounds* times: the drift of this machine's speed, which can change a
        build's time by a third from one minute to the next, then touches both alike."""
        n = len(book.sessions)
        for language in (found for found in languages if found != 'en'):
            cell = {'sessions': n, 'languages': ['en', language], 'runs': []}
            outs = {code: self.builddir / 'out' / f'n{n}-{code}-side-by-side'
                    for code in ('en', language)}
            for round_number in range(rounds):
                for code, out in outs.items():
                    self.cold(book, out, code)
                labels = {code: f'html n={n} {code} side by side #{round_number + 1}'
                          for code in outs}
                measured = run_together([
                    (self.sphinx(book, 'html', out, code), self.logs / f'{labels[code]}.log')
                    for code, out in outs.items()])
                for code, figures in zip(outs, measured):
                    report(labels[code], figures)
                cell['runs'].append({code: figures.as_dict()
                                     for code, figures in zip(outs, measured)})
                if not self.keep:
                    for out in outs.values():
                        shutil.rmtree(out, ignore_errors=True)
            self.results['side_by_side'].append(cell)

    def mkdocs_project(self, book: Book) -> Path:
        """The book's English chapters as a MkDocs project beside it; its configuration."""
        project = book.root.with_name(book.root.name + '-mkdocs')
        shutil.rmtree(project, ignore_errors=True)
        for docname in book.docnames:
            chapter = project / 'docs' / f'{docname}.md'
            chapter.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(book.root / f'{docname}.md', chapter)
        config = project / 'mkdocs.yml'
        config.write_text(MKDOCS_CONFIG, 'utf-8')
        return config

    def incremental(self, book: Book, out: Path, language: str) -> None:
        """Edit a session's text (and its translation), rebuild; undo it, rebuild: serially
        and with ``-j auto``, in turns, on the output of the serial cold build."""
        n = len(book.sessions)
        session = book.sessions[len(book.sessions) // 2]
        cells = {v: {'sessions': n, 'language': language, 'variant': v.name,
                     'session': session.docname, 'runs': []} for v in (PRECOMPUTED, PARALLEL)}
        for round_number in range(INCREMENTAL_ROUNDS):
            for variant, cell in cells.items():
                command = self.sphinx(book, 'html', out, language, *variant.options)
                label = f'incremental n={n} {language} {variant.name} #{round_number + 1}'
                edit_session(book, session)
                cell['runs'].append(self.measure(f'{label} edit', command).as_dict())
                write_document(book.root, session_document(session, variety=book.variety))
                cell['runs'].append(self.measure(f'{label} undo', command).as_dict())
        self.results['incremental'] += cells.values()

    def pdf(self, book: Book, language: str) -> None:
        from pypdf import PdfReader

        n = len(book.sessions)
        out = self.builddir / 'out' / f'n{n}-{language}-pdf'
        self.cold(book, out, language)
        command = self.sphinx(book, 'latexpdf', out, language, make_mode=True)
        measured = self.measure(f'pdf n={n} {language}', command)
        pdfs = sorted((out / 'latex').glob('*.pdf'))
        pages = len(PdfReader(pdfs[0]).pages) if pdfs else 0
        self.results['pdf'].append({'sessions': n, 'language': language, 'pdf_pages': pages,
                                    'runs': [measured.as_dict()]})
        if not self.keep:
            shutil.rmtree(out, ignore_errors=True)

    def book(self) -> None:
        """``make book`` on a copy of the real book: from an empty build folder, again with
        nothing changed, after a one-line change to a French translation, after a one-line
        change to an English chapter; each site compared, byte for byte, with the site
        that a clean ``make book`` makes of the same sources, and the editions that each
        run built named."""
        import re

        copy = self.builddir / 'book-project'
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(PROJECT, copy, symlinks=True, ignore=shutil.ignore_patterns(
            '_build', '.venv', '.git', '.pytest_cache', '__pycache__', '*.mo',
            'node_modules', '*.egg-info'))
        builddir, cleandir = self.builddir / 'book', self.builddir / 'book-clean'
        for folder in (builddir, cleandir):
            shutil.rmtree(folder, ignore_errors=True)

        rebuilt: dict[str, list[str]] = {}

        def make(label: str, folder: Path, *options: str) -> Measurement:
            log = self.logs / f'{label}.log'
            start = log.stat().st_size if log.exists() else 0
            measured = self.measure(label, [
                'make', '--no-print-directory', '-C', os.fspath(copy), 'book',
                f'VENV={PROJECT / ".venv"}', f'BUILDDIR={folder}', *options])
            with log.open('rb') as handle:  # the editions this run built, as it printed them
                handle.seek(start)
                printed = handle.read().decode('utf-8', errors='replace')
            rebuilt[label] = sorted(set(re.findall(r'  ([\w-]+): html built', printed)))
            return measured

        labels = {'clean': 'make book (real book) from clean',
                  'nothing changed': 'make book, nothing changed'}
        steps = {'clean': make(labels['clean'], builddir)}
        reference = site_digests(builddir / 'site')
        steps['nothing changed'] = make(labels['nothing changed'], builddir)
        identical = {'nothing changed': site_digests(builddir / 'site') == reference}
        for step, path, old, new in BOOK_EDITS:
            edited = copy / path
            text = edited.read_text('utf-8')
            if old not in text:
                raise BuildFailed(f'{edited} no longer holds {old!r}: update BOOK_EDITS')
            edited.write_text(text.replace(old, new, 1), 'utf-8')
            labels[step] = f'make book, {step}'
            steps[step] = make(labels[step], builddir)
            make(f'make book CLEAN=1 after the {step}', cleandir, 'CLEAN=1')
            identical[step] = site_digests(builddir / 'site') == site_digests(cleandir / 'site')
        self.results['book'] = {'runs': [steps['clean'].as_dict()]}
        self.results['book_incremental'] = {
            step: {'runs': [measured.as_dict()], 'identical_to_clean': identical.get(step),
                   'editions_rebuilt': rebuilt[labels[step]]}
            for step, measured in steps.items() if step != 'clean'}
        if not self.keep:
            for folder in (builddir, cleandir, copy):
                shutil.rmtree(folder, ignore_errors=True)


#: The one-line changes of the incremental ``make book``: the step, the file of the real
#: book, the text changed and what it becomes.
BOOK_EDITS = (
    ('French translation edited', 'locale/fr/LC_MESSAGES/chapters/introduction.po',
     'msgstr "Le programme de recherche"', 'msgstr "Le programme de recherches"'),
    ('English chapter edited', 'chapters/introduction.md',
     '# Introduction\n', '# Introduction to the day\n'),
)


def site_digests(site: Path) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob('*')) if path.is_file()}


# -- Figures, targets, table ---------------------------------------------------------------


def best(cell: dict | None) -> float | None:
    return min(run['seconds'] for run in cell['runs']) if cell and cell['runs'] else None


def peak(cell: dict | None) -> float | None:
    return max(run['peak_mb'] for run in cell['runs']) if cell and cell['runs'] else None


def html_cell(results: dict, n: int, language: str, variant: Variant) -> dict | None:
    return next((c for c in results['html'] if (c['sessions'], c['language'], c['variant'])
                 == (n, language, variant.name)), None)


def incremental_cell(results: dict, n: int, language: str, variant: Variant) -> dict | None:
    return next((c for c in results['incremental'] if (c['sessions'], c['language'], c['variant'])
                 == (n, language, variant.name)), None)


def noise(cell: dict | None) -> float:
    """How much slower than its best run a typical run of the same build is (0 for one run).

    Two builds that do the same work, as ``-j auto`` and a serial build do below the
    thresholds of ``proceedings/parallel.py``, differ by this much from run to run: within
    it, neither is slower.
    """
    seconds = sorted(run['seconds'] for run in cell['runs']) if cell and cell['runs'] else []
    return (statistics.median(seconds) - seconds[0]) / seconds[0] if seconds else 0.0


def side_by_side_ratios(results: dict, n: int, language: str) -> list[float]:
    """The translation's time over the English one, in each round in which they ran at once."""
    cell = next((c for c in results.get('side_by_side', ())
                 if c['sessions'] == n and c['languages'] == ['en', language]), None)
    return [run[language]['seconds'] / run['en']['seconds']
            for run in (cell['runs'] if cell else ()) if run['en']['seconds']]


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def evaluate_targets(results: dict) -> list[dict]:
    """Each target of issue 7 that the run measured: the figure, the limit, met or not."""
    targets = []

    def target(name: str, value: float | None, limit: float, unit: str, met: bool | None = None):
        if value is not None:
            targets.append({'target': name, 'value': round(value, 2), 'limit': limit,
                            'unit': unit, 'met': value <= limit if met is None else met})

    languages = sorted({c['language'] for part in ('html', 'incremental', 'pdf')
                        for c in results[part]})
    sizes = sorted({c['sessions'] for c in results['html']})
    for language in languages:
        at = {n: best(html_cell(results, n, language, PRECOMPUTED)) for n in sizes}
        target(f'HTML at 500 sessions, {language}: time / basic theme',
               _ratio(at.get(500), best(html_cell(results, 500, language, BASIC))),
               LIMITS['html_vs_basic'], 'x')
        target(f'HTML, {language}: t(500) / t(50)', _ratio(at.get(500), at.get(50)),
               LIMITS['scaling'], 'x')
        mkdocs = best(html_cell(results, 500, language, MKDOCS))
        target(f'HTML at 500 sessions, {language}: serial / MkDocs Material',
               _ratio(at.get(500), mkdocs), LIMITS['html_vs_mkdocs'], 'x')
        target(f'HTML at 500 sessions, {language}: -j auto / MkDocs Material',
               _ratio(best(html_cell(results, 500, language, PARALLEL)), mkdocs),
               LIMITS['parallel_vs_mkdocs'], 'x')
        for n in sizes:
            parallel = best(html_cell(results, n, language, PARALLEL))
            serial = html_cell(results, n, language, PRECOMPUTED)
            target(f'HTML at {n} sessions, {language}: -j auto / serial',
                   _ratio(parallel, at.get(n)), round(1.0 + noise(serial), 2), 'x')
        incremental = {v: incremental_cell(results, 500, language, v)
                       for v in (PRECOMPUTED, PARALLEL)}
        target(f'Incremental rebuild at 500 sessions, {language}', best(incremental[PRECOMPUTED]),
               LIMITS['incremental_seconds'], 's')
        target(f'Incremental rebuild at 500 sessions, {language}: -j auto / serial',
               _ratio(best(incremental[PARALLEL]), best(incremental[PRECOMPUTED])),
               round(1.0 + noise(incremental[PRECOMPUTED]), 2), 'x')
        pdf = next((c for c in results['pdf'] if (c['sessions'], c['language']) == (500, language)),
                   None)
        target(f'PDF at 500 sessions, {language}', best(pdf), LIMITS['pdf_seconds'], 's')
        if language != 'en':
            # Side by side when measured so: one after the other, the drift of the machine
            # between the two builds weighs as much as the translation.
            pairs = side_by_side_ratios(results, 500, language)
            if pairs:
                target(f'HTML at 500 sessions, {language}: serial / English serial, side by '
                       f'side (median of {len(pairs)} rounds)', statistics.median(pairs),
                       LIMITS['translation_vs_english'], 'x')
            else:
                target(f'HTML at 500 sessions, {language}: serial / English serial',
                       _ratio(at.get(500), best(html_cell(results, 500, 'en', PRECOMPUTED))),
                       LIMITS['translation_vs_english'], 'x')
    target('make book, real book, from clean', best(results['book']), LIMITS['book_seconds'], 's')
    book_steps = results.get('book_incremental') or {}
    for step, limit in (('nothing changed', 'book_nothing_changed_seconds'),
                        ('French translation edited', 'book_french_edit_seconds'),
                        ('English chapter edited', 'book_english_edit_seconds')):
        cell = book_steps.get(step)
        target(f'make book, {step}', best(cell), LIMITS[limit], 's')
        if cell is not None:
            target(f'make book, {step}: site identical to a clean make book',
                   0.0 if cell['identical_to_clean'] else 1.0, 0.0, '',
                   met=bool(cell['identical_to_clean']))
    return targets


def _seconds(value: float | None) -> str:
    return f'{value:.1f}' if value is not None else '-'


def _times(value: float | None) -> str:
    return f'{value:.2f}x' if value is not None else '-'


def format_table(results: dict) -> str:
    settings = results['settings']
    lines = [] if not results['html'] else [
        f'Cold HTML builds, seconds: best of {settings["repeat"]} '
        f'(stock furo: best of {settings["stock_repeat"]}; up to {SMALL} sessions: best of '
        f'{settings["small_repeat"]}); '
        'memory: peak of the largest process, MB; vs: precomputed / reference',
        '',
        f'{"lang":<5}{"sessions":>9}{"pages":>7} {"precomputed":>12}{"-j auto":>9}'
        f'{"stock furo":>11}{"basic":>8}{"mkdocs":>8} {"vs basic":>9}{"vs stock":>9}'
        f'{"vs mkdocs":>10}{"memory":>8}',
    ]
    languages = sorted({c['language'] for c in results['html']})
    sizes = sorted({c['sessions'] for c in results['html']})
    for language in languages:
        for n in sizes:
            ours = html_cell(results, n, language, PRECOMPUTED)
            if ours is None:
                continue
            t = {v: best(html_cell(results, n, language, v)) for v in (*VARIANTS, MKDOCS)}
            lines.append(
                f'{language:<5}{n:>9}{ours["pages"]:>7} {_seconds(t[PRECOMPUTED]):>12}'
                f'{_seconds(t[PARALLEL]):>9}{_seconds(t[STOCK]):>11}{_seconds(t[BASIC]):>8}'
                f'{_seconds(t[MKDOCS]):>8} '
                f'{_times(_ratio(t[PRECOMPUTED], t[BASIC])):>9}'
                f'{_times(_ratio(t[PRECOMPUTED], t[STOCK])):>9}'
                f'{_times(_ratio(t[PRECOMPUTED], t[MKDOCS])):>10}{peak(ours) or 0:>8.0f}'
            )
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        if 50 in sizes and 500 in sizes:
            small, large = 50, 500
        lines += ['', f'Scaling, t({large}) / t({small}):']
        for language in languages:
            ratios = ', '.join(
                f'{v.name} {_times(_ratio(best(html_cell(results, large, language, v)), best(html_cell(results, small, language, v))))}'
                for v in (PRECOMPUTED, STOCK, BASIC))
            lines.append(f'  {language}: {ratios}')
    for cell in results.get('side_by_side', ()):
        n, (english, language) = cell['sessions'], cell['languages']
        ratios = side_by_side_ratios(results, n, language)
        sequential = _ratio(best(html_cell(results, n, language, PRECOMPUTED)),
                            best(html_cell(results, n, english, PRECOMPUTED)))
        lines += ['', f'{language} / {english}, serial builds of {n} sessions at the same '
                  f'time, one on each core: median {_times(statistics.median(ratios))} of '
                  + ', '.join(_times(r) for r in ratios)
                  + ' (seconds: ' + ', '.join(
                      f'{run[language]["seconds"]:.1f}/{run[english]["seconds"]:.1f}'
                      for run in cell['runs'])
                  + f'); the best of each above, one after the other: {_times(sequential)}']
    if results['incremental']:
        lines += ['', ('Incremental rebuild after editing one session (precomputed), seconds, '
                       f'best of {2 * INCREMENTAL_ROUNDS} (edits and undoings, in turns):')]
        for language in languages:
            for variant in (PRECOMPUTED, PARALLEL):
                cells = [c for c in results['incremental']
                         if (c['language'], c['variant']) == (language, variant.name)]
                if cells:
                    name = 'serial' if variant is PRECOMPUTED else variant.name
                    lines.append(f'  {language}, {name}: ' + ', '.join(
                        f'{c["sessions"]} sessions {_seconds(best(c))}' for c in cells))
    if results['pdf']:
        lines += ['', 'PDF (LaTeX, then XeLaTeX through latexmk), seconds:']
        for cell in results['pdf']:
            lines.append(f'  {cell["language"]}: {cell["sessions"]} sessions, '
                         f'{cell["pdf_pages"]} pages: {_seconds(best(cell))} s, '
                         f'{peak(cell):.0f} MB')
    if results['book']:
        lines += ['', f'make book, the real book from clean (HTML, PDF, EPUB, both languages): '
                  f'{_seconds(best(results["book"]))} s, {peak(results["book"]):.0f} MB']
        for step, cell in (results.get('book_incremental') or {}).items():
            same = 'identical' if cell['identical_to_clean'] else 'DIFFERENT from'
            lines.append(f'  then {step}: {_seconds(best(cell))} s, the site {same} '
                         'a clean make book of the same sources')
    lines += ['', 'Targets (-j auto / serial: at most 1 plus the noise of the serial runs, '
              'their median over their best):']
    for target in results['targets']:
        mark = 'met    ' if target['met'] else 'NOT MET'
        lines.append(f'  {mark} {target["target"]}: {target["value"]}{target["unit"]} '
                     f'(at most {target["limit"]}{target["unit"]})')
    info = results['machine']
    lines += ['', f'Machine: {info["cpu"]}, {info["cores"]} cores, {info["memory_gb"]} GB; '
              f'{info["system"]}; Python {info["python"]}; '
              + ', '.join(f'{k} {v}' for k, v in info['packages'].items())
              + f'; load average at start {info["load_average"]}, at end {results["load_average_end"]}']
    return '\n'.join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog='python -m bench', description=__doc__.split('\n\n')[0])
    parser.add_argument('--builddir', type=Path, default=PROJECT / '_build' / 'bench',
                        help='where books, builds, logs and results go (default: %(default)s)')
    parser.add_argument('--sizes', type=int, nargs='*', default=list(SIZES),
                        help='sessions of the HTML books (default: %(default)s)')
    parser.add_argument('--pdf-sizes', type=int, nargs='*', default=list(PDF_SIZES),
                        help='sessions of the PDF books (default: %(default)s)')
    parser.add_argument('--languages', nargs='*', default=list(LANGUAGES))
    parser.add_argument('--repeat', type=int, default=2, help='runs of each HTML build, best kept')
    parser.add_argument('--small-repeat', type=int, default=SMALL_REPEAT,
                        help=f'runs of each build of up to {SMALL} sessions, stock furo too')
    parser.add_argument('--stock-repeat', type=int, default=1,
                        help='runs of each stock furo build (slow at 500 sessions)')
    parser.add_argument('--stock-sizes', type=int, nargs='*', default=None,
                        help='sizes at which stock furo is built too (default: every size; '
                        'it takes minutes at 500 sessions)')
    parser.add_argument('--side-by-side', type=int, default=4, metavar='ROUNDS',
                        help='rounds of the serial builds of each translation and of English '
                        'at the same time, at the largest size (default: %(default)s; 0: none)')
    parser.add_argument('--no-book', action='store_true', help='skip make book')
    parser.add_argument('--mkdocs', type=Path, default=MKDOCS_COMMAND,
                        help='the mkdocs command of the reference (default: %(default)s)')
    parser.add_argument('--no-mkdocs', action='store_true', help='skip MkDocs Material')
    parser.add_argument('--keep', action='store_true', help='keep every build output')
    args = parser.parse_args(argv)

    builddir = args.builddir.resolve()
    shutil.rmtree(builddir / 'logs', ignore_errors=True)
    bench = Bench(builddir, repeat=max(1, args.repeat), stock_repeat=max(1, args.stock_repeat),
                  keep=args.keep, small_repeat=args.small_repeat,
                  mkdocs=None if args.no_mkdocs else args.mkdocs)
    bench.stock_sizes = args.stock_sizes
    if bench.mkdocs is not None and not bench.mkdocs.exists():
        print(f'{bench.mkdocs} is missing: make bench installs it (bench/requirements.txt), '
              'or run with --no-mkdocs', file=sys.stderr)
        return 2
    results = bench.results
    results['machine'] = machine()
    if bench.mkdocs is not None:
        results['machine']['packages']['mkdocs-material'] = _first_line(
            [os.fspath(bench.mkdocs.with_name('python')), '-c',
             'from importlib.metadata import version; print(version("mkdocs-material"))'])
    results['started'] = dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')
    results['settings'] = {'sizes': args.sizes, 'pdf_sizes': args.pdf_sizes,
                           'languages': args.languages, 'repeat': bench.repeat,
                           'stock_repeat': bench.stock_repeat,
                           'small_repeat': bench.small_repeat,
                           'side_by_side': args.side_by_side,
                           'sessions_per_part': SESSIONS_PER_PART, 'strict': list(STRICT)}
    start = time.monotonic()
    try:
        for n in sorted(set(args.sizes) | set(args.pdf_sizes)):
            book = generate_book(builddir / 'books' / f'n{n}', n, per_part=SESSIONS_PER_PART)
            outs = bench.html(book, args.languages) if n in args.sizes else {}
            for language in args.languages:
                if n in args.sizes:
                    bench.incremental(book, outs[language][PRECOMPUTED], language)
                    if not args.keep:
                        shutil.rmtree(outs[language][PRECOMPUTED], ignore_errors=True)
            # After every incremental build: a cold build removes the compiled catalogues,
            # and a French output whose catalogues went makes Sphinx read all its pages.
            for language in args.languages:
                if n in args.pdf_sizes:
                    bench.pdf(book, language)
            # After the incremental builds: its cold builds compile the catalogues again.
            if args.sizes and n == max(args.sizes) and args.side_by_side > 0:
                bench.side_by_side(book, args.languages, args.side_by_side)
        if not args.no_book:
            bench.book()
    except BuildFailed as failure:
        print(f'\nThe benchmark stopped: a build failed, {failure}', file=sys.stderr)
        return 1
    results['seconds'] = round(time.monotonic() - start, 1)
    results['load_average_end'] = [round(x, 2) for x in os.getloadavg()]
    results['targets'] = evaluate_targets(results)
    table = format_table(results)
    (builddir / 'results.json').write_text(json.dumps(results, indent=2) + '\n', 'utf-8')
    (builddir / 'results.txt').write_text(table + '\n', 'utf-8')
    print('\n' + table)
    print(f'\nFigures in {builddir / "results.json"}, table in {builddir / "results.txt"} '
          f'({results["seconds"]:.0f} s in all).')
    return 0
