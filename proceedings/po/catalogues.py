"""The translators' catalogues: what is left to do, what is wrong, and their normal form.

The operations behind ``proceedings stats``, ``check-po``, ``normalise-po``, ``update-po``
and ``spell`` (``proceedings.cli.catalogues`` reads their arguments):

- ``stats``: per catalogue and per language, translated, fuzzy and untranslated messages,
  and how many sessions' recordings are still pending (``proceedings.cli.recordings``).
- ``check``: every catalogue reads and compiles (``msgfmt --check``), nothing is fuzzy or
  untranslated, every translation keeps its markup and placeholders and follows its
  language's typography, the catalogues hold the texts that the sources hold now
  (with the templates of a fresh ``make gettext``), and they are in normal form.
- ``normalise``: writes every catalogue in normal form. With the templates, after
  ``sphinx-intl update``: the catalogue of a renamed or removed page keeps its
  translations as obsolete entries, and a text that comes back, in its old catalogue or a
  new one, takes its old translation back (fuzzy unless moved in this same update).
  A rewritten text that babel did not match gets the translation of the closest old
  text as a fuzzy suggestion, as ``msgmerge`` would (``fuzzy``).
- ``spell``: the spelling of the translations in use (``spelling``).

The same strict reading and markup check run in every Sphinx build of a translation
(``proceedings.sphinx_ext.translations``): a broken catalogue stops ``make book`` with its
file and line.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from proceedings.core.languages import hunspell_dictionary, hunspell_package
from proceedings.po import fuzzy, spelling
from proceedings.po.markup import Markup, kind_of, markup_problems, typography_problems
from proceedings.po.pofile import (
    PoFile,
    Problem,
    counts,
    first_difference,
    normal_form,
    po_files,
    read,
    translated,
)

if TYPE_CHECKING:
    from babel.messages.catalog import Catalog, Message

#: The messages of msgfmt that are advice about the header, not errors in the file.
MSGFMT_ADVICE = re.compile(r'warning: header field .* (still has the initial default value|'
                           r'missing in header)')
FORMAT_FLAGS = re.compile(r'^(#,.*?)\b(python-format|python-brace-format)\b', re.M)


class CatalogueError(Exception):
    """A command cannot run at all: its message says why and what to do."""


# -- The project -----------------------------------------------------------------------


@dataclass
class Project:
    """Where a book keeps its catalogues, and how it writes MyST (from its ``conf.py``)."""

    root: Path
    locale_dir: Path
    translations: tuple[str, ...]
    markup: Markup
    identity_file: str = 'book.toml'
    #: The translations in progress (``[book] in_progress``): checked for what their
    #: catalogues hold, never for completeness.
    in_progress: tuple[str, ...] = ()

    def messages_dir(self, language: str) -> Path:
        return self.locale_dir / language / 'LC_MESSAGES'


def key(message: Message) -> tuple[str | None, str]:
    """What makes a message the same text in a template and in a catalogue."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return message.context, msgid


def shown(path: Path) -> str:
    """A path as a user typing commands here would write it."""
    return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)


def short(text: str | tuple, width: int = 60) -> str:
    """The start of a text, to name a message in one line."""
    text = text if isinstance(text, str) else text[0]
    text = ' '.join(text.split())
    return repr(text if len(text) <= width else text[:width - 1] + '…')


# -- Statistics --------------------------------------------------------------------------


def stats(project: Project, languages: list[str], pot_dir: Path | None = None
          ) -> tuple[dict, list[Problem]]:
    """The counts of every catalogue of each language, and of the language as a whole.

    With *pot_dir*, the templates of a fresh ``make gettext``, they count the English as
    it is now, as a reader gets it: a text the catalogue does not hold yet is untranslated,
    a text it holds that the sources no longer have is obsolete, and a page whose
    catalogue is missing counts every text. Without, the catalogues as they are on disk.
    """
    result: dict = {}
    problems: list[Problem] = []
    pots = po_files(pot_dir, '.pot') if pot_dir is not None else None
    if pot_dir is not None and not pots:
        raise CatalogueError(f'{pot_dir}: no message templates (.pot) here: '
                             'run `make gettext` first')
    for language in languages:
        catalogues = {}
        held = po_files(project.messages_dir(language))
        for domain in sorted(set(held) | set(pots or ())):
            po = None
            if domain in held:
                po, found = read(held[domain])
                problems += found
                if po is None:
                    continue
            if pots is None:
                catalogues[f'{domain}.po'] = counts(po)
            else:
                catalogues[f'{domain}.po'] = _current_counts(po, pots.get(domain))
        total = {name: sum(c[name] for c in catalogues.values())
                 for name in ('translated', 'fuzzy', 'untranslated', 'total', 'obsolete')}
        total['percent'] = (round(100 * total['translated'] / total['total'], 1)
                            if total['total'] else 100.0)
        result[language] = {'catalogues': catalogues, 'total': total,
                            'in_progress': language in project.in_progress}
        if pots is not None:
            result[language]['against'] = 'current sources'
    return result, problems


def _current_counts(po: PoFile | None, pot: Path | None) -> dict[str, int | float]:
    """A catalogue's counts against its template: the texts a reader of the page gets."""
    from babel.messages.pofile import read_po

    wanted: list = []
    if pot is not None:
        with pot.open('rb') as f:
            wanted = [key(m) for m in read_po(f) if m.id]
    held = {key(m): m for m in po.messages()} if po is not None else {}
    done = fuzzy_count = 0
    for message_key in wanted:
        message = held.get(message_key)
        if message is None:
            continue
        if message.fuzzy:
            fuzzy_count += 1
        elif translated(message):
            done += 1
    gone = len(held.keys() - set(wanted))
    total = len(wanted)
    return {
        'translated': done,
        'fuzzy': fuzzy_count,
        'untranslated': total - done - fuzzy_count,
        'total': total,
        'obsolete': (len(po.obsolete()) if po is not None else 0) + gone,
        'percent': round(100 * done / total, 1) if total else 100.0,
    }


def stats_table(result: dict, project: Project) -> str:
    """The counts as a table a translator reads, one per language."""
    lines = []
    columns = ('translated', 'fuzzy', 'untranslated', 'obsolete')
    for language, data in result.items():
        where = shown(project.messages_dir(language))
        total = data['total']
        state = ' (in progress: a preview edition)' if data.get('in_progress') else ''
        lines.append(f'{language}{state}: {total["translated"]} of {total["total"]} messages '
                     f'translated ({total["percent"]:.1f}%), {total["fuzzy"]} fuzzy, '
                     f'{total["untranslated"]} untranslated, in {where}/')
        names = list(data['catalogues']) + ['total']
        width = max(len(n) for n in names) + 2
        lines.append('  ' + 'catalogue'.ljust(width)
                     + ''.join(f'{c:>{len(c) + 2}}' for c in columns) + f'{"done":>8}')
        for name in names:
            row = data['total'] if name == 'total' else data['catalogues'][name]
            lines.append('  ' + name.ljust(width)
                         + ''.join(f'{row[c]:>{len(c) + 2}}' for c in columns)
                         + f'{row["percent"]:>7.1f}%')
        lines.append('')
    return '\n'.join(lines)


def msgfmt_problems(po: PoFile, domain: str) -> list[Problem]:
    """``msgfmt --check``, which reads PO files as gettext itself does.

    Prose is not %-formatted: the ``python-format`` flags that babel puts on "100% of"
    are hidden from msgfmt for the messages of pages, on the same line so that msgfmt's
    line numbers stay right. The markup check compares what matters in prose.
    """
    if shutil.which('msgfmt') is None:
        raise CatalogueError('the check needs msgfmt (Debian\'s gettext package): run '
                             '`make po-tools`, or sudo apt-get install gettext')
    text = po.data.decode('utf-8')
    lines = text.splitlines(keepends=True)
    for message in po.messages():
        if kind_of(message, domain) == 'myst' and message.lineno:
            for back in range(message.lineno - 2, -1, -1):  # up to the blank line above
                if not lines[back].strip():
                    break
                lines[back] = FORMAT_FLAGS.sub(r'\1no-\2', lines[back])
    result = subprocess.run(['msgfmt', '--check', '-o', os.devnull, '-'],
                            input=''.join(lines).encode('utf-8'), capture_output=True,
                            check=False)
    if result.returncode == 0:
        return []
    problems = []
    for line in result.stderr.decode('utf-8', 'replace').splitlines():
        match = re.match(r'<stdin>:(\d+): (.*)', line)
        if match and not MSGFMT_ADVICE.search(match.group(2)):
            problems.append(Problem(po.path, int(match.group(1)), f'msgfmt: {match.group(2)}'))
        elif not match and not line.startswith('msgfmt: found'):
            problems.append(Problem(po.path, 0, f'msgfmt: {line}'))
    return problems or [Problem(po.path, 0, 'msgfmt --check refuses this file')]


def in_step_problems(po: PoFile | None, path: Path, pot: Path | None) -> list[Problem]:
    """Does the catalogue hold the texts of the sources as they are now?"""
    from babel.messages.pofile import read_po

    advice = 'run `make update-po`'
    if pot is None:
        if po is not None and po.messages():
            return [Problem(path, 0, 'its page is gone (renamed or removed?): '
                            f'{advice} to keep its translations as obsolete entries')]
        return []
    if po is None:
        return [Problem(path, 0, f'missing: the sources have texts for it ({pot.name}): {advice}')]
    with pot.open('rb') as f:
        template = read_po(f)
    wanted = {key(m): m for m in template if m.id}
    held = {key(m): m for m in po.messages()}
    new = [wanted[k] for k in wanted.keys() - held.keys()]
    gone = {k[1]: held[k] for k in held.keys() - wanted.keys()}
    problems = []
    for message in sorted(new, key=lambda m: m.locations[:1]):
        where = ', '.join(f'{_source_path(f)}:{n}' for f, n in message.locations[:1])
        text = key(message)[1]
        match = difflib.get_close_matches(text, list(gone), n=1, cutoff=0.6)
        if match:
            old = gone.pop(match[0])
            problems.append(Problem(path, old.lineno or 0, f'this text changed in the sources '
                                    f'({where}): {changes(match[0], text)}: {advice}'))
        else:
            problems.append(Problem(path, 0, f'a new text of the sources ({where}) is not in '
                                    f'this catalogue yet: {short(text)}: {advice}'))
    for text, message in gone.items():
        problems.append(Problem(path, message.lineno or 0, 'this text is no longer in the '
                                f'sources: {short(text)}: {advice}'))
    return problems


def _source_path(location: str) -> str:
    """``../../chapters/x.md`` as the gettext builder writes it: ``chapters/x.md``."""
    parts = Path(location).parts
    while parts and parts[0] == '..':
        parts = parts[1:]
    return Path(*parts).as_posix() if parts else location


def changes(old: str, new: str, context: int = 3) -> str:
    """Where two versions of a text differ: '…gives an account…' is now '…gives a full…'."""
    a, b = old.split(), new.split()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1

    def excerpt(words: list[str]) -> str:
        first, last = max(0, start - context), len(words) - max(0, end - context)
        text = ' '.join(words[first:last])
        return ('…' if first else '') + text + ('…' if last < len(words) else '')

    return f'{excerpt(a)!r} is now {excerpt(b)!r}'


def check(project: Project, languages: list[str], pot_dir: Path | None,
          width: int) -> list[Problem]:
    """Everything a published translation needs, for each language; see the module's doc."""
    problems: list[Problem] = []
    pots = po_files(pot_dir, '.pot') if pot_dir else {}
    if pot_dir is not None and not pots:
        raise CatalogueError(f'{pot_dir}: no message templates (.pot) here: '
                             'run `make gettext` first')
    for language in languages:
        complete = language not in project.in_progress
        catalogues = po_files(project.messages_dir(language))
        if not catalogues and not pots and complete:
            problems.append(Problem(project.messages_dir(language), 0,
                                    'no catalogues: run `make update-po`'))
        for domain in sorted(set(catalogues) | set(pots)):
            path = catalogues.get(domain, project.messages_dir(language) / f'{domain}.po')
            po = None
            if domain in catalogues:
                po, found = read(path)
                problems += found
            if po is not None:
                problems += _catalogue_problems(po, domain, language, project.markup, width,
                                                complete)
            if complete and pot_dir is not None and (po is not None or domain not in catalogues):
                problems += in_step_problems(po, path, pots.get(domain))
    return sorted(set(problems))


def _catalogue_problems(po: PoFile, domain: str, language: str, markup: Markup,
                        width: int, complete: bool = True) -> list[Problem]:
    problems = msgfmt_problems(po, domain)
    for message in po.messages() if complete else ():
        if message.fuzzy:
            problems.append(Problem(po.path, message.lineno, 'fuzzy: the English changed since '
                                    f'this was translated: {short(message.id)}; correct the '
                                    'translation, then remove the fuzzy flag'))
        elif not translated(message):
            problems.append(Problem(po.path, message.lineno, f'untranslated: {short(message.id)}'))
    problems += markup_problems(po, domain, markup)
    problems += typography_problems(po, domain, language, markup)
    normal = normal_form(po.catalog, width)
    if normal != po.data:
        problems.append(Problem(po.path, first_difference(po.data, normal),
                                f'not in the normal form (wrapped at {width} columns, as '
                                '`make update-po` writes): run `make normalise-po`'))
    return problems


def spell(project: Project, languages: list[str], glossary_path: Path
          ) -> tuple[list[Problem], dict[str, str]]:
    """Unknown words in the translations in use of each language, and the languages left
    unchecked, with why.

    Each language's dictionary is the glossary's ``[dictionaries]`` entry or the one its
    code names (``languages``). A published language whose dictionary is not installed is
    a problem; a language in progress is left unchecked, and said to be.
    """
    glossary = spelling.load_glossary(glossary_path)
    problems: list[Problem] = []
    unchecked: dict[str, str] = {}
    available = spelling.available_dictionaries()
    for language in languages:
        dictionary = hunspell_dictionary(language, glossary.dictionaries)
        glossary.dictionaries[language] = dictionary
        if dictionary not in available:
            why = (f'hunspell has no {dictionary} dictionary: `make po-tools` installs '
                   f'Debian\'s {hunspell_package(dictionary)} (or name another in '
                   f'[dictionaries] of {shown(glossary_path)})')
            if language in project.in_progress:
                unchecked[language] = why
            else:
                problems.append(Problem(glossary_path, 0, f'the spelling of {language!r} '
                                        f'cannot be checked: {why}'))
            continue
        texts = []
        for domain, path in po_files(project.messages_dir(language)).items():
            po, found = read(path)
            problems += found
            if po is None:
                continue
            lines = po.data.decode('utf-8').splitlines()
            for message in po.messages():
                if message.fuzzy or not translated(message) or message.string == message.id:
                    continue
                kind = kind_of(message, domain)
                strings = message.string if isinstance(message.string, tuple) else [message.string]
                for string in strings:
                    texts.append(spelling.Text(path, po.msgstr_line(message),
                                               project.markup.words(string, kind), lines))
        if texts:
            problems += spelling.check(texts, language, glossary)
    return sorted(set(problems)), unchecked


# -- Normal form, and nothing lost -------------------------------------------------------


def _catalog_key(message: Message) -> object:
    """The key under which babel files a message (its msgid, with its context)."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return (msgid, message.context) if message.context is not None else msgid


def normalise(project: Project, languages: list[str], pot_dir: Path | None,
              width: int) -> tuple[list[str], list[Problem]]:
    """Write every catalogue in normal form; with *pot_dir*, keep every translation."""
    report: list[str] = []
    problems: list[Problem] = []
    pots = po_files(pot_dir, '.pot') if pot_dir else None
    for language in languages:
        catalogues: dict[str, PoFile] = {}
        for domain, path in po_files(project.messages_dir(language)).items():
            po, found = read(path)
            problems += found  # a broken file is never rewritten
            if po is not None:
                catalogues[domain] = po
        if pots is not None:
            report += _keep_translations(catalogues, pots)
            for po in catalogues.values():
                if number := fuzzy.suggest(po.catalog):
                    report.append(f'Suggested: {number} earlier translations of rewritten '
                                  f'texts, fuzzy, in {shown(po.path)}')
        for domain, po in catalogues.items():
            name = shown(po.path)
            if not po.messages() and not po.obsolete() and pots is not None and domain not in pots:
                po.path.unlink()
                report.append(f'Removed: {name}: every translation moved to another catalogue')
                continue
            data = normal_form(po.catalog, width)
            if data != po.data:
                po.path.write_bytes(data)
                report.append(f'Normalised: {name}')
    return report, problems


def _keep_translations(catalogues: dict[str, PoFile], pots: dict[str, Path]) -> list[str]:
    """Retire the catalogues of pages that are gone; give returning texts their translation.

    sphinx-intl updates the catalogues that have a template and leaves the others as they
    were, their messages still in use; a renamed page gets a new, empty catalogue.
    """
    report = []
    memory: dict[tuple, tuple[Message, Catalog, bool]] = {}
    for domain, po in catalogues.items():
        if domain in pots or not po.messages():
            continue
        retired = 0
        for message in po.messages():
            po.catalog.delete(message.id, context=message.context)
            po.catalog.obsolete[_catalog_key(message)] = message
            if translated(message):
                memory.setdefault(key(message), (message, po.catalog, message.fuzzy))
                retired += 1
        report.append(f'Retired: {shown(po.path)}: its page is gone; its {retired} '
                      'translations are kept as obsolete entries')
    # Obsolete entries read from a file have lost their fuzzy flag (babel writes none):
    # what comes back from them comes back fuzzy, for a translator to confirm.
    for po in catalogues.values():
        for message in po.obsolete():
            if translated(message):
                memory.setdefault(key(message), (message, po.catalog, True))
    reused: dict[str, int] = {}
    for domain, po in catalogues.items():
        for message in po.messages():
            found = memory.get(key(message))
            if found is None or (translated(message) and not message.fuzzy):
                continue
            old, origin, fuzzy = found
            if translated(message) and fuzzy:
                continue  # a fuzzy suggestion is no better than the one already there
            message.string = old.string
            if fuzzy:
                message.flags.add('fuzzy')
            else:
                message.flags.discard('fuzzy')
            origin.obsolete.pop(_catalog_key(old), None)  # moved, not copied
            reused[domain] = reused.get(domain, 0) + 1
    for domain, number in reused.items():
        report.append(f'Reused: {number} earlier translations in {shown(catalogues[domain].path)}')
    return report
