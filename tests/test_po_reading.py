"""The strict reading of a catalogue (``proceedings.po.pofile.read``) gives babel's catalogue,
its header included, although it reads each header once: the same header read again,
or another one after it, sets what babel's own reading sets. Its messages are those of
the catalogue, without the header babel makes at each iteration."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from proceedings.po import pofile

pytestmark = pytest.mark.extension

BODY = ('#: ../../index.md:1\nmsgid "Test Day"\nmsgstr "Journée de test"\n\n'
        '#, fuzzy\nmsgid "Programme"\nmsgstr "Programme du jour"\n\n'
        'msgid "One session"\nmsgid_plural "%(n)s sessions"\n'
        'msgstr[0] "Une séance"\nmsgstr[1] "%(n)s séances"\n')


def header(*fields: str, comments: str = '# A book.\n', flags: str = '') -> str:
    lines = ''.join(f'"{field}\\n"\n' for field in fields)
    return f'{comments}{flags}msgid ""\nmsgstr ""\n{lines}\n'


BOOK = header(
    'Project-Id-Version: Synthetic proceedings 1.0',
    'Report-Msgid-Bugs-To: EMAIL@ADDRESS',
    'POT-Creation-Date: 2026-12-01 18:15+0000',
    'PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE',
    'Last-Translator: FULL NAME <EMAIL@ADDRESS>',
    'Language: fr',
    'Language-Team: fr <LL@li.org>',
    'Plural-Forms: nplurals=2; plural=(n > 1);',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    'Generated-By: Babel 2.19.0')
HEADERS = {
    'book': BOOK,
    'the same header, fuzzy': header('Language: fr', 'Plural-Forms: nplurals=2; plural=(n > 1);',
                                     'Content-Type: text/plain; charset=utf-8', flags='#, fuzzy\n'),
    'dates': header('POT-Creation-Date: 2018-11-07 09:00+0100',
                    'PO-Revision-Date: 2019-01-02 10:30+0000', 'Language: fr_FR',
                    'Last-Translator: Marie <marie@example.org>'),
    'no date, no plural forms': header('Language: pt-BR', 'Content-Type: text/plain; charset=UTF-8'),
    'an empty language': header('Language: ', 'Project-Id-Version: Acts'),
    'latin-1': header('Language: fr', 'Content-Type: text/plain; charset=ISO-8859-1'),
    'a template': header('Content-Type: text/plain; charset=CHARSET', comments=''),
}


def files() -> list[tuple[str, bytes]]:
    """Each header with the same messages, each twice (the second reading reuses the
    first's header), the book's again after the others, and a file without a header."""
    found = []
    for name, text in [*HEADERS.items(), *HEADERS.items(), ('book', BOOK)]:
        encoding = 'latin-1' if name == 'latin-1' else 'utf-8'
        found.append((name, (text + BODY).encode(encoding)))
    found.append(('no header', BODY.encode()))
    return found


def described(catalog) -> dict:
    """What a reading sets in a catalogue, with the files babel writes from it."""
    state = {name: value for name, value in vars(catalog).items()
             if name not in ('_messages', 'obsolete', '_header_read')}
    # A date the header leaves is the time of the reading ("now"): only its type counts.
    for name in ('creation_date', 'revision_date'):
        value = state[name]
        if isinstance(value, datetime.datetime):
            state[name] = value.isoformat() if value.year < 2026 else 'now'
    mo, po = BytesIO(), BytesIO()
    write_mo(mo, catalog)
    write_po(po, catalog)
    state['mo'], state['po'] = mo.getvalue(), po.getvalue()
    state['messages'] = [(m.id, m.string, m.flags, m.locations) for m in catalog]
    return state


@pytest.mark.parametrize('reading', range(2))
def test_each_header_sets_what_babel_sets(tmp_path, reading):
    pofile._HEADERS.clear()
    for name, data in files():
        po, problems = pofile.read(tmp_path / 'x.po', data)
        assert problems == [], name
        expected = read_po(BytesIO(data), abort_invalid=True)
        assert described(po.catalog) == described(expected), name
        # Its messages in use are the catalogue's after its header, the same objects.
        messages = po.messages()
        assert messages == [m for m in po.catalog if m.id]
        assert all(a is b for a, b in zip(messages, [m for m in po.catalog if m.id]))
        assert [m.id for m in messages] == ['Test Day', 'Programme',
                                            ('One session', '%(n)s sessions')], name
    assert len(pofile._HEADERS) == len(HEADERS)
    # The catalogue reads as babel's, header fields and all.
    po, _ = pofile.read(tmp_path / 'x.po', (HEADERS['dates'] + BODY).encode())
    assert str(po.catalog.locale) == 'fr_FR'
    assert po.catalog.creation_date.isoformat() == '2018-11-07T09:00:00+01:00'
    po, _ = pofile.read(tmp_path / 'x.po', (BOOK + BODY).encode())
    assert (po.catalog.num_plurals, po.catalog.plural_expr) == (2, '(n > 1)')
    po, _ = pofile.read(tmp_path / 'x.po', (HEADERS['the same header, fuzzy'] + BODY).encode())
    assert po.catalog.fuzzy


def string_by_characters(text: str) -> tuple[str, str | None]:
    """The reading of a quoted string character by character, as ``msgfmt`` reads it:
    what ``pofile._string`` must find, problem and all, with its regular expression."""
    if not text.startswith('"'):
        return '', 'a string must start with a double quote (")'
    i = 1
    while i < len(text):
        char = text[i]
        if char == '\\':
            escape = text[i + 1:i + 2]
            if escape not in pofile.ESCAPES:
                shown = f'\\{escape}' if escape else 'a backslash at the end of the line'
                return '', (f'{shown} is not an escape that Sphinx understands: write the '
                            'character itself, or \\\\ for a backslash')
            i += 2
            continue
        if char == '"':
            rest = text[i + 1:].strip()
            if rest:
                return '', (f'text after the closing quote: {rest!r} '
                            '(a " inside a string is written \\")')
            return text[1:i], None
        i += 1
    return '', 'the string is not closed: a " is missing at the end of the line'


STRINGS = ['"', '""', '"a"', '"a', 'a"', '"\\"', '"\\""', '"\\\\"', '"a\\nb"', '"a\\qb"',
           '"a\\', '"a" b', '"a"  ', '"a" "b"', '"\\t\\r\\v\\f\\b\\a"', '"é « » \u202f"',
           '"%(n)s \\"{x}\\""', '"a\\\\"b"', '"a\\\\\\"b"', '"\\x41"', '"\\0"', '"\\u00e9"']


@settings(max_examples=500, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet='"\\ abfnrtvqx0é\u202f«»{}%()\t', max_size=14))
def test_strings_read_as_character_by_character(body):
    for text in (f'"{body}', body, f'"{body}"', f'"{body}" '):
        assert pofile._string(text) == string_by_characters(text), text


def test_the_strings_of_every_problem_read_as_character_by_character():
    for text in STRINGS:
        assert pofile._string(text) == string_by_characters(text), text
