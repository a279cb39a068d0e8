"""Reading a translator's PO file strictly, with the line of every problem.

Babel, which Sphinx and sphinx-intl use to read catalogues, forgives a great deal: an
unclosed string becomes an empty translation, an unknown escape stays a backslash, a
second entry with the same msgid silently replaces the first, and a bad ``Plural-Forms``
header ends in a crash. A translator who saved such a file would see English in the book,
or a traceback, and no line to look at. This module checks the file line by line first,
as ``msgfmt`` does, and only hands it to babel once it is well formed.

The normal form of a catalogue is what babel writes at the project's width, the form that
``sphinx-intl update -w 79`` writes, so that an update and a normalisation never disagree.
"""

from __future__ import annotations

import functools
import gettext
import re
from dataclasses import dataclass, field
from email import message_from_string
from io import BytesIO
from pathlib import Path

import babel
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileParser, read_po, write_po

from proceedings.po import WIDTH


KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?(?=[\s"]|$)')
#: The escapes that babel turns back into characters; any other would stay a backslash.
ESCAPES = frozenset('\\"abfnrtv')
#: The inside of a quoted string: any character but a quote or a backslash, or an escape.
STRING_BODY = re.compile(r'(?:[^"\\]+|\\[%s])*' % re.escape(''.join(sorted(ESCAPES))))
CHARSET = re.compile(rb'charset=([A-Za-z0-9_.:-]+)')
PLURAL_FORMS = re.compile(r'\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*')


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong at a line of a file (line 0: the file as a whole)."""

    path: Path
    line: int
    message: str

    def location(self, base: Path | None = None) -> str:
        path = self.path
        if base is not None and path.is_relative_to(base):
            path = path.relative_to(base)
        return f'{path}:{self.line}' if self.line else str(path)

    def format(self, base: Path | None = None) -> str:
        return f'{self.location(base)}: {self.message}'


@dataclass
class Entry:
    """Where one entry of the file sits, and its msgctxt and msgid as written."""

    obsolete: bool
    msgid_line: int = 0
    msgstr_line: int = 0
    plural: bool = False
    forms: list[int] = field(default_factory=list)
    raw: dict[str, str] = field(default_factory=dict)


@dataclass
class PoFile:
    """A catalogue read without problems, and where its entries are."""

    path: Path
    data: bytes
    catalog: Catalog
    entries: dict[int, Entry]  # by the line of their msgid, as babel numbers messages

    def msgstr_line(self, message: Message) -> int:
        entry = self.entries.get(message.lineno or 0)
        return entry.msgstr_line if entry else (message.lineno or 0)

    def messages(self) -> list[Message]:
        """The entries in use, without the header."""
        if babel.__version__.startswith(BABEL_VERSIONS):
            # What iterating the catalogue gives after its header (babel 2.19), without
            # the header, which babel makes again, dates and all, at each iteration.
            return [m for m in self.catalog._messages.values() if m.id]
        return [m for m in self.catalog if m.id]

    def obsolete(self) -> list[Message]:
        return list(self.catalog.obsolete.values())


# -- Syntax ------------------------------------------------------------------------------


class _Entries:
    """The order of keywords: ``msgctxt? msgid (msgstr | msgid_plural msgstr[0] msgstr[1]…)``.

    One instance reads the entries in use, another the obsolete ones (``#~``).
    """

    def __init__(self, path: Path, obsolete: bool, problems: list[Problem]) -> None:
        self.path = path
        self.obsolete = obsolete
        self.problems = problems
        self.found: list[Entry] = []
        self.entry = Entry(obsolete)
        self.state = 'idle'  # idle, msgctxt, msgid, msgid_plural, msgstr, msgstr[]

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def keyword(self, line: int, name: str, index: int | None, text: str) -> None:
        if index is not None and name != 'msgstr':
            self.problem(line, f'{name}[{index}]: only msgstr takes an index')
            self.state = 'idle'
        elif name == 'msgctxt':
            self.end(line)
            self.entry = Entry(self.obsolete, raw={'msgctxt': text})
            self.state = 'msgctxt'
        elif name == 'msgid':
            if self.state != 'msgctxt':
                self.end(line)
                self.entry = Entry(self.obsolete)
            self.entry.msgid_line = line
            self.entry.raw['msgid'] = text
            self.state = 'msgid'
        elif name == 'msgid_plural':
            if self.state != 'msgid':
                self.problem(line, 'msgid_plural must come right after a msgid')
                self.state = 'idle'
                return
            self.entry.plural = True
            self.state = 'msgid_plural'
        elif index is None:
            self.msgstr(line)
        else:
            self.msgstr_form(line, index)

    def msgstr(self, line: int) -> None:
        if self.state == 'msgid':
            self.entry.msgstr_line = line
            self.found.append(self.entry)
            self.state = 'msgstr'
        elif self.state == 'msgid_plural':
            self.problem(line, 'a message with msgid_plural takes msgstr[0], msgstr[1]…, '
                         'not msgstr')
            self.state = 'idle'
        else:
            self.problem(line, 'msgstr without a msgid before it')
            self.state = 'idle'

    def msgstr_form(self, line: int, index: int) -> None:
        if self.state == 'msgid':
            self.problem(line, f'msgstr[{index}] in a message without msgid_plural: '
                         'write msgstr')
            self.state = 'idle'
            return
        if self.state not in ('msgid_plural', 'msgstr[]'):
            self.problem(line, f'msgstr[{index}] without a msgid and msgid_plural before it')
            self.state = 'idle'
            return
        expected = len(self.entry.forms)
        if index != expected:
            self.problem(line, f'msgstr[{index}] where msgstr[{expected}] was expected')
        if not self.entry.forms:
            self.entry.msgstr_line = line
            self.found.append(self.entry)
        self.entry.forms.append(index)
        self.state = 'msgstr[]'

    def string(self, line: int, text: str) -> None:
        """A string on a line of its own continues the keyword above it."""
        if self.state == 'idle':
            self.problem(line, 'a string outside any entry: a keyword (msgid, msgstr…) '
                         'is missing before it')
        elif self.state in ('msgctxt', 'msgid'):
            self.entry.raw[self.state] += text

    def end(self, line: int) -> None:
        """A comment or a new entry: the entry above must be complete."""
        if self.state in ('msgctxt', 'msgid', 'msgid_plural'):
            at = self.entry.msgid_line or line
            missing = 'msgstr[0]' if self.entry.plural else 'msgstr'
            what = 'msgid' if self.entry.msgid_line else 'msgctxt'
            self.problem(at, f'{what} without its {missing}')
        self.state = 'idle'


def _string(text: str) -> tuple[str, str | None]:
    """The content of a quoted PO string as written, and why it is not one if it is not."""
    if not text.startswith('"'):
        return '', 'a string must start with a double quote (")'
    # What can stand inside a string, read at once: the first character it stops at is
    # the closing quote, a backslash that starts no escape, or the end of the line.
    end = STRING_BODY.match(text, 1).end()
    if end == len(text):
        return '', 'the string is not closed: a " is missing at the end of the line'
    if text[end] == '\\':
        escape = text[end + 1:end + 2]
        shown = f'\\{escape}' if escape else 'a backslash at the end of the line'
        return '', (f'{shown} is not an escape that Sphinx understands: write the '
                    'character itself, or \\\\ for a backslash')
    rest = text[end + 1:].strip()
    if rest:
        return '', (f'text after the closing quote: {rest!r} '
                    '(a " inside a string is written \\")')
    return text[1:end], None


def _read_lines(path: Path, text: str, problems: list[Problem]) -> list[Entry]:
    active = _Entries(path, False, problems)
    obsolete = _Entries(path, True, problems)
    previous = active
    lines = text.splitlines()
    for lineno, raw in enumerate(lines, 1):
        line = raw.strip()
        reader = active
        if line.startswith('#~'):
            line = line[2:].strip()
            reader = obsolete
            if not line or line.startswith(('|', '#')):
                continue  # a previous msgid, or an empty obsolete line
        elif not line:
            continue  # msgfmt and babel allow blank lines anywhere
        elif line.startswith('#'):
            active.end(lineno)
            obsolete.end(lineno)
            continue
        if reader is not previous:
            previous.end(lineno)
            previous = reader
        match = KEYWORD.match(line)
        if match:
            name, index = match.group(1), match.group(2)
            content, error = _string(line[match.end():].strip())
            if error:
                problems.append(Problem(path, lineno, f'{name}: {error}'))
            reader.keyword(lineno, name, int(index) if index is not None else None, content)
        elif line.startswith('"'):
            content, error = _string(line)
            if error:
                problems.append(Problem(path, lineno, error))
            reader.string(lineno, content)
        else:
            word = line.split()[0]
            if word.startswith('msg'):
                message = (f'unknown keyword {word!r}: a PO file knows msgctxt, msgid, '
                           'msgid_plural, msgstr and msgstr[n]')
            else:
                message = (f'not a line of a PO file: {line!r} (comments start with #, '
                           'strings are in double quotes)')
            problems.append(Problem(path, lineno, message))
            reader.state = 'idle'
    active.end(len(lines) + 1)
    obsolete.end(len(lines) + 1)
    return active.found + obsolete.found


def _decode(path: Path, data: bytes, problems: list[Problem]) -> str | None:
    match = CHARSET.search(data[:4000])
    charset = match.group(1).decode('ascii') if match else 'utf-8'
    if charset.upper() == 'CHARSET':
        charset = 'utf-8'  # the placeholder of a fresh template
    try:
        return data.decode(charset)
    except LookupError:
        problems.append(Problem(path, 0, f'unknown charset {charset!r} in Content-Type: '
                                'save the file as UTF-8'))
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b'\n') + 1
        problems.append(Problem(path, line, f'not valid {charset}: save the file as UTF-8'))
    return None


# -- Header and plural forms -----------------------------------------------------------


def _header_field(lines: list[str], name: str) -> tuple[str | None, int]:
    """A header field as written, and its line: babel crashes on some bad values."""
    for lineno, line in enumerate(lines, 1):
        if line.startswith(f'"{name}:'):
            value = line.strip()[1:-1]
            for more in lines[lineno:]:  # a long field goes on over the next strings
                if value.endswith('\\n') or not more.startswith('"'):
                    break
                value += more.strip()[1:-1]
            return value[len(name) + 1:].removesuffix('\\n').strip(), lineno
        if not line.strip() and lineno > 2:
            break  # the header ends at the first blank line
    return None, 0


def _plural_problems(path: Path, lines: list[str], entries: list[Entry]) -> list[Problem]:
    value, line = _header_field(lines, 'Plural-Forms')
    if value is None:
        return []
    match = PLURAL_FORMS.fullmatch(value)
    if not match:
        return [Problem(path, line, f'Plural-Forms: {value!r} is not of the form '
                        '"nplurals=N; plural=EXPRESSION;"')]
    nplurals = int(match.group(1))
    forms = _plural_forms(match.group(2))
    if forms is None:
        return [Problem(path, line, f'Plural-Forms: plural={match.group(2)!r} is not a valid '
                        'plural expression (C syntax, in terms of n)')]
    if nplurals < 1 or max(forms) >= nplurals:
        return [Problem(path, line, f'Plural-Forms: the expression gives form {max(forms)}, '
                        f'but nplurals={nplurals} allows 0 to {nplurals - 1}')]
    return [
        Problem(path, entry.msgid_line, f'{len(entry.forms)} translated form(s) (msgstr[n]), '
                f'but Plural-Forms says nplurals={nplurals}')
        for entry in entries
        if entry.plural and not entry.obsolete and len(entry.forms) != nplurals
    ]


@functools.lru_cache(maxsize=64)
def _plural_forms(expression: str) -> frozenset[int] | None:
    """The forms an expression gives for n up to 1000, None if it is not one; the same
    expression heads every catalogue of a language, and is evaluated once."""
    try:
        plural = gettext.c2py(expression)
        return frozenset(plural(n) for n in range(1001))
    except (ValueError, SyntaxError, ZeroDivisionError, RecursionError):
        return None


def _duplicate_problems(path: Path, entries: list[Entry]) -> list[Problem]:
    """The same msgid twice: babel keeps the last one silently, msgfmt refuses the file."""
    seen: dict[tuple[str | None, str], int] = {}
    problems = []
    for entry in entries:
        key = (entry.raw.get('msgctxt'), entry.raw.get('msgid', ''))
        if entry.obsolete or not key[1]:
            continue  # the header, and empty messages that theme templates may give
        if key in seen:
            problems.append(Problem(path, entry.msgid_line, f'the same msgid as at line '
                                    f'{seen[key]}: keep one of the two entries'))
        else:
            seen[key] = entry.msgid_line
    return problems


# -- Reading and writing ------------------------------------------------------------------


def read(path: Path, data: bytes | None = None) -> tuple[PoFile | None, list[Problem]]:
    """Read a catalogue; without a PoFile, the problems say why, with their lines."""
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            return None, [Problem(path, 0, f'cannot be read: {exc.strerror}')]
    problems: list[Problem] = []
    text = _decode(path, data, problems)
    if text is None:
        return None, problems
    entries = _read_lines(path, text, problems)
    if not problems:
        lines = text.splitlines()
        problems += _plural_problems(path, lines, entries)
        problems += _duplicate_problems(path, entries)
    if problems:
        return None, sorted(set(problems))
    try:
        catalog = _read_po(BytesIO(data))
    except Exception as exc:  # noqa: BLE001 -- babel's errors share no class
        line = getattr(exc, 'lineno', None)
        return None, [Problem(path, line + 1 if line is not None else 0, f'cannot be read: {exc}')]
    return PoFile(path, data, catalog, {e.msgid_line: e for e in entries}), []


#: The versions of babel whose ``Catalog.__setitem__`` and ``read_po`` those below follow.
BABEL_VERSIONS = ('2.19.',)


def _read_po(fileobj: BytesIO) -> Catalog:
    """``read_po(fileobj, abort_invalid=True)``, with each header read once per process."""
    if not babel.__version__.startswith(BABEL_VERSIONS):
        return read_po(fileobj, abort_invalid=True)
    # babel.messages.pofile.read_po (babel 2.19), with the catalogue below.
    catalog = _Catalog(locale=None, domain=None, charset=None)
    parser = PoFileParser(catalog, False, abort_invalid=True)
    parser.parse(fileobj)
    return catalog


#: What babel's reading of a header set in a new catalogue, by the header and the charset
#: the catalogue had: every catalogue of a book has nearly the same header.
_HEADERS: dict[tuple[str, str], dict] = {}


class _Catalog(Catalog):
    """babel's catalogue, whose header is read as babel reads it, once per header.

    babel reads a header with the email package and parses its dates, which for a
    catalogue of a few messages is most of its reading: for a book of 500 sessions, 530
    times the same header. A new catalogue whose first header is one read before takes
    what the reading set in the first (only what it set: the dates it leaves, "now",
    stay the catalogue's own).
    """

    _header_read = False

    def __setitem__(self, id: str | tuple, message: Message) -> None:
        if (id != '' or self._header_read
                or self._messages.get(self._key_for(id, message.context))):
            super().__setitem__(id, message)
            return
        self._header_read = True
        key = (message.string, self.charset)
        found = _HEADERS.get(key)
        if found is None:
            before = dict(vars(self))
            # What Catalog.__setitem__ does with a header (babel 2.19).
            self.mime_headers = message_from_string(message.string).items()
            found = {name: value for name, value in vars(self).items()
                     if name not in before or before[name] is not value}
            if len(_HEADERS) >= 64:
                _HEADERS.clear()
            _HEADERS[key] = found
        else:
            vars(self).update(found)
        self.header_comment = '\n'.join(f'# {c}'.rstrip() for c in message.user_comments)
        self.fuzzy = message.fuzzy


def normal_form(catalog: Catalog, width: int = WIDTH) -> bytes:
    """The bytes of a catalogue as ``sphinx-intl update -w <width>`` writes them."""
    out = BytesIO()
    write_po(out, catalog, width=width)
    return out.getvalue()


def first_difference(old: bytes, new: bytes) -> int:
    """The first line at which two versions of a file differ (1-based)."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    for lineno, (a, b) in enumerate(zip(old_lines, new_lines), 1):
        if a != b:
            return lineno
    return min(len(old_lines), len(new_lines)) + 1


# -- Catalogues and their messages ----------------------------------------------------


def po_files(folder: Path, suffix: str = '.po') -> dict[str, Path]:
    """The catalogues in a language's ``LC_MESSAGES`` by domain (``chapters/introduction``),
    or with ``.pot`` the templates of a ``make gettext``, named the same way."""
    return {
        path.relative_to(folder).with_suffix('').as_posix(): path
        for path in sorted(folder.rglob(f'*{suffix}'))
    }


def translated(message: Message) -> bool:
    """Every form of the message has a translation (fuzzy or not)."""
    strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
    return all(strings) and bool(strings)


def counts(po: PoFile) -> dict[str, int | float]:
    """What a reader gets: only translations that are not fuzzy count as done, as in Sphinx."""
    messages = po.messages()
    fuzzy = sum(1 for m in messages if m.fuzzy)
    done = sum(1 for m in messages if not m.fuzzy and translated(m))
    total = len(messages)
    return {
        'translated': done,
        'fuzzy': fuzzy,
        'untranslated': total - done - fuzzy,
        'total': total,
        'obsolete': len(po.obsolete()),
        'percent': round(100 * done / total, 1) if total else 100.0,
    }
