"""The session model a volume declares in ``book.toml``: its days, kinds and contributors.

::

    [[days]]                       # optional; a one-day event needs none
    date = 2019-11-14
    name = "Research"              # optional, translated like every text of book.toml
    parts = ["day-1-morning", "day-1-afternoon"]   # the {day-part} names, in order

    [kinds.round-table]
    label = "Round table"          # translated like every text of book.toml
    requires = ["guiding-questions", "summary", "podcast"]
    allows = ["abstract"]

    [contributors.jdupont]
    name = "Jeanne Dupont"         # as printed
    given_names = "Jeanne"         # optional, with family_names: citations split the name
    family_names = "Dupont"
    affiliation = "Université Rennes 2"   # optional
    orcid = "0000-0002-1825-0097"  # optional, its check digit checked

Every problem names the file and the line that holds it. Nothing here knows Sphinx: the
extension, the command line and the deposit records read the same model.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

#: The pieces a session chapter may hold after its ``{session}``, in the order they go.
#: A kind says which of them its chapters require and which they may have besides;
#: ``podcast`` is the one piece that may come several times (several recordings).
PIECES = ('abstract', 'guiding-questions', 'summary', 'podcast')
REPEATABLE = frozenset({'podcast'})
#: The roles of the people a ``{session}`` names, and the option that names them.
ROLES = {'speaker': 'speakers', 'chair': 'chairs', 'author': 'authors'}
#: A key of [kinds], [contributors] or a part's name: what a directive's option holds
#: as it is, and what a class name or an anchor takes.
KEY = re.compile(r'[A-Za-z0-9][A-Za-z0-9_-]{0,63}')
ORCID = re.compile(r'(?:https?://orcid\.org/)?([0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X])')


class IdentityError(Exception):
    """The identity file is missing or wrong; the message names it and what to fix."""


class ModelError(IdentityError):
    """A mistake in the volume's model; ``str()`` is ``file:line: what to fix``."""

    def __init__(self, path: Path, lineno: int, message: str) -> None:
        self.path = path
        self.lineno = lineno
        self.message = message
        super().__init__(f'{path}:{lineno}: {message}' if lineno else f'{path}: {message}')


@dataclass(frozen=True)
class Day:
    """One day of the event, with its parts (the ``{day-part}`` names) in order."""

    date: dt.date
    parts: tuple[str, ...]
    name: str = ''
    lineno: int = 0


@dataclass(frozen=True)
class Kind:
    """A kind of session: its label, and the pieces its chapters need and may have."""

    key: str
    label: str
    requires: tuple[str, ...]
    allows: tuple[str, ...] = ()
    lineno: int = 0

    @property
    def pieces(self) -> tuple[str, ...]:
        """Every piece a chapter of this kind may hold, in the order they go."""
        return tuple(piece for piece in PIECES if piece in self.requires or piece in self.allows)


@dataclass(frozen=True)
class Contributor:
    """A person named by sessions (speaker, chair, author), declared once per volume."""

    key: str
    name: str
    given_names: str = ''
    family_names: str = ''
    affiliation: str = ''
    orcid: str = ''
    lineno: int = 0

    @property
    def orcid_url(self) -> str:
        return f'https://orcid.org/{self.orcid}' if self.orcid else ''


def orcid_checksum_ok(orcid: str) -> bool:
    """ISO 7064 MOD 11-2, the check digit of an ORCID iD (the last character)."""
    digits = orcid.replace('-', '')
    total = 0
    for char in digits[:-1]:
        total = (total + int(char)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ('X' if check == 10 else str(check))


class Lines:
    """Where a table or a key is written in a TOML file, to name its line in a message.

    ``tomllib`` gives values without their places; this finds the header of a table
    (``[kinds.paper]``, the *n*-th ``[[days]]``) and a key's line below it, or the table's
    own line for a key written inline.
    """

    HEADER = re.compile(r'\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$')
    ASSIGN = re.compile(r'\s*("[^"]*"|\'[^\']*\'|[A-Za-z0-9_.-]+)\s*=')

    def __init__(self, text: str) -> None:
        self.tables: list[tuple[str, int, list[tuple[str, int]]]] = []
        keys: list[tuple[str, int]] = []
        self.tables.append(('', 0, keys))
        for lineno, line in enumerate(text.splitlines(), 1):
            header = self.HEADER.match(line)
            if header and not self.ASSIGN.match(line):
                keys = []
                self.tables.append((self._name(header.group(2)), lineno, keys))
                continue
            assign = self.ASSIGN.match(line)
            if assign:
                keys.append((self._name(assign.group(1)), lineno))

    @staticmethod
    def _name(dotted: str) -> str:
        return '.'.join(part.strip().strip('"\'') for part in dotted.split('.'))

    def of(self, table: str, key: str = '', index: int = 0) -> int:
        """The line of *key* in *table* (its *index*-th occurrence for an array of
        tables), of the table when the key is not on a line of its own, or 0."""
        found = [(lineno, keys) for name, lineno, keys in self.tables if name == table]
        if not found:
            # A table written as keys of its parent: [kinds] then paper = {…}, or
            # kinds.paper.label = "…".
            parent, _, leaf = table.rpartition('.')
            for name, _lineno, keys in self.tables:
                for dotted, lineno in keys:
                    full = f'{name}.{dotted}' if name else dotted
                    if full == f'{table}.{key}' or full == table or (
                            name == parent and dotted.split('.')[0] == leaf):
                        return lineno
            return 0
        lineno, keys = found[min(index, len(found) - 1)]
        return next((line for dotted, line in keys if dotted == key), lineno) if key else lineno


def load_model(data: dict, path: Path, lines: Lines, event_date: dt.date,
               end_date: dt.date | None) -> tuple[tuple[Day, ...], dict[str, Kind],
                                                  dict[str, Contributor]]:
    """The days, kinds and contributors of the volume, checked."""
    return (_days(data.get('days', []), path, lines, event_date, end_date),
            _kinds(data.get('kinds', {}), path, lines),
            _contributors(data.get('contributors', {}), path, lines))


def end_date(data: dict, path: Path, lines: Lines, date: dt.date) -> dt.date | None:
    value = data.get('event', {}).get('end_date')
    if value is None:
        return None
    where = lines.of('event', 'end_date')
    if type(value) is not dt.date:
        raise ModelError(path, where, '[event] end_date must be a date such as 2019-11-15')
    if value < date:
        raise ModelError(path, where, '[event] end_date %s is before the date %s' % (
            value.isoformat(), date.isoformat()))
    return value if value != date else None


def optional_text(table: dict, key: str, path: Path, lineno: int, what: str) -> str:
    """An optional text: absent or empty means none; no control character; one line."""
    value = table.get(key, '')
    if not isinstance(value, str):
        raise ModelError(path, lineno, '%s %s must be text, not %r' % (what, key, value))
    if any((ord(c) < 32 and not c.isspace()) or 0x7f <= ord(c) <= 0x9f for c in value):
        raise ModelError(path, lineno, '%s %s holds a control character' % (what, key))
    return ' '.join(value.split())


def _days(days: object, path: Path, lines: Lines, start: dt.date,
          end: dt.date | None) -> tuple[Day, ...]:
    if not isinstance(days, list) or not all(isinstance(day, dict) for day in days):
        raise ModelError(path, lines.of('days'),
                         'days are written as [[days]] tables, one per day')
    found: list[Day] = []
    seen_parts: dict[str, int] = {}
    for index, day in enumerate(days):
        where = lines.of('days', '', index)
        unknown = sorted(set(day) - {'date', 'name', 'parts'})
        if unknown:
            raise ModelError(path, lines.of('days', unknown[0], index),
                             '[[days]] takes date, name and parts, not %s' % unknown[0])
        date = day.get('date')
        if type(date) is not dt.date:
            raise ModelError(path, lines.of('days', 'date', index) or where,
                             '[[days]] needs date = <a date such as 2019-11-14>')
        if not start <= date <= (end or start):
            raise ModelError(
                path, lines.of('days', 'date', index),
                '[[days]] date %s is not a day of the event (%s to %s): set [event] '
                'end_date for an event of several days' % (
                    date.isoformat(), start.isoformat(), (end or start).isoformat()))
        if found and date <= found[-1].date:
            raise ModelError(path, lines.of('days', 'date', index),
                             '[[days]] date %s comes after %s: write the days once each, '
                             'in order' % (date.isoformat(), found[-1].date.isoformat()))
        parts = day.get('parts', [])
        parts_line = lines.of('days', 'parts', index) or where
        if not isinstance(parts, list) or not parts or not all(
                isinstance(part, str) and KEY.fullmatch(part) for part in parts):
            raise ModelError(
                path, parts_line,
                '[[days]] parts must list the names of its parts, as their {day-part} '
                'directives write them (letters, digits, - and _)')
        for part in parts:
            if part in seen_parts:
                raise ModelError(path, parts_line,
                                 'part %r is already a part of the day on line %d' % (
                                     part, seen_parts[part]))
            seen_parts[part] = parts_line
        name = optional_text(day, 'name', path, lines.of('days', 'name', index) or where,
                             '[[days]]')
        found.append(Day(date=date, parts=tuple(parts), name=name, lineno=where))
    return tuple(found)


def _tables(tables: object, section: str, path: Path, lines: Lines, *, example: str,
            bad_key: str, fields: tuple[str, ...], takes: str = '',
            ) -> Iterator[tuple[str, dict, str, int]]:
    """Each ``[section.key]`` table of *tables*, checked for its key (*bad_key* says what
    a key is) and for no field but *fields*: its key, its table, its name and its line."""
    if not isinstance(tables, dict):
        raise ModelError(path, lines.of(section), f'{section} are tables: [{section}.{example}]')
    listed = ', '.join(fields[:-1]) + ' and ' + fields[-1]
    for key, entry in tables.items():
        table = f'{section}.{key}'
        where = lines.of(table)
        if not KEY.fullmatch(key):
            raise ModelError(path, where, bad_key % key)
        if not isinstance(entry, dict):
            raise ModelError(path, where, f'[{table}] is a table with {listed}')
        unknown = sorted(set(entry) - set(fields))
        if unknown:
            raise ModelError(path, lines.of(table, unknown[0]) or where,
                             f'[{table}] takes {takes or listed}, not {unknown[0]}')
        yield key, entry, table, where


def _kinds(kinds: object, path: Path, lines: Lines) -> dict[str, Kind]:
    found = {}
    for key, kind, table, where in _tables(
            kinds, 'kinds', path, lines, example='plenary',
            fields=('label', 'requires', 'allows'),
            bad_key='kind %r: a kind is named with letters, digits, - and _, as :kind: writes it'):
        label = kind.get('label')
        if not isinstance(label, str) or not label.strip():
            raise ModelError(path, lines.of(table, 'label') or where,
                             '[kinds.%s] needs label = "<what a reader reads>"' % key)
        label = optional_text(kind, 'label', path, lines.of(table, 'label'),
                              '[kinds.%s]' % key)
        pieces = {}
        for field in ('requires', 'allows'):
            value = kind.get(field, [])
            line = lines.of(table, field) or where
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ModelError(path, line, '[kinds.%s] %s is a list of pieces: %s' % (
                    key, field, ', '.join(PIECES)))
            for piece in value:
                if piece not in PIECES:
                    raise ModelError(path, line, '[kinds.%s] %s: %r is not a piece; the '
                                     'pieces are %s' % (key, field, piece, ', '.join(PIECES)))
            pieces[field] = tuple(dict.fromkeys(value))
        both = [piece for piece in pieces['requires'] if piece in pieces['allows']]
        if both:
            raise ModelError(path, lines.of(table, 'allows') or where,
                             '[kinds.%s] requires %s already: it need not allow it' % (
                                 key, both[0]))
        found[key] = Kind(key=key, label=label, requires=pieces['requires'],
                          allows=pieces['allows'], lineno=where)
    return found


def _contributors(people: object, path: Path, lines: Lines) -> dict[str, Contributor]:
    fields = ('name', 'given_names', 'family_names', 'affiliation', 'orcid')
    found = {}
    for key, person, table, where in _tables(
            people, 'contributors', path, lines, example='jdupont', fields=fields,
            takes=', '.join(fields),
            bad_key='contributor %r: a key is letters, digits, - and _, as :speakers: and '
                    ':authors: write it'):
        values = {field: optional_text(person, field, path, lines.of(table, field) or where,
                                       '[contributors.%s]' % key) for field in fields}
        if not values['name']:
            raise ModelError(path, lines.of(table, 'name') or where,
                             '[contributors.%s] needs name = "<the name as printed>"' % key)
        orcid = values['orcid']
        if orcid:
            line = lines.of(table, 'orcid') or where
            match = ORCID.fullmatch(orcid)
            if not match:
                raise ModelError(path, line, '[contributors.%s] orcid %r is not an ORCID iD '
                                 'such as 0000-0002-1825-0097' % (key, orcid))
            if not orcid_checksum_ok(match.group(1)):
                raise ModelError(path, line, '[contributors.%s] orcid %s: its check digit is '
                                 'wrong; copy it again from the person\'s ORCID record' % (
                                     key, match.group(1)))
            values['orcid'] = match.group(1)
        found[key] = Contributor(key=key, lineno=where, **values)
    return found
