"""The session model a volume declares in book.toml: days, kinds, contributors, end date.

Each mistake fails with the file and the line that holds it.
"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from proceedings.core.cff import citation_cff
from proceedings.core.citation import (
    chapter_bibtex,
    chapter_reference,
    cited_people,
)
from proceedings.core.identity import IdentityError, load, long_dates
from proceedings.core.model import ModelError, orcid_checksum_ok
from testing import PROJECT

pytestmark = pytest.mark.extension

#: A volume of two days with kinds and contributors: the test root's, which the builds of
#: tests/test_session_model.py read too.
BOOK = (PROJECT / 'tests' / 'roots' / 'test-model' / 'book.toml').read_text('utf-8')


def write(tmp_path, text):
    path = tmp_path / 'book.toml'
    path.write_text(text, 'utf-8')
    return path


def test_the_model_of_a_two_day_volume(tmp_path):
    identity = load(write(tmp_path, BOOK))
    assert identity.event_end_date == dt.date(2019, 11, 15)
    assert (identity.event_city, identity.event_country) == ('Rennes', 'FR')
    assert [(day.date.day, day.name, day.parts) for day in identity.days] == [
        (14, 'Research and practice', ('day-1-morning', 'day-1-afternoon')), (15, '', ('day-2-morning',))]
    assert identity.day_of_part('day-2-morning') is identity.days[1]
    paper = identity.kinds['paper']
    assert (paper.label, paper.requires, paper.allows) == ('Paper', ('abstract',), ('podcast',))
    assert paper.pieces == ('abstract', 'podcast')
    assert list(identity.kinds) == ['keynote', 'round-table', 'paper']
    jeanne = identity.contributors['jdupont']
    assert (jeanne.name, jeanne.family_names, jeanne.affiliation, jeanne.orcid_url) == (
        'Jeanne Dupont', 'Dupont', 'Université Rennes 2', 'https://orcid.org/0000-0002-1825-0097')
    assert identity.contributors['pmartin'].orcid == ''
    # The kind labels and the day's name are texts a translator translates.
    messages = dict(identity.translatable_messages())
    assert messages['Paper'] == (BOOK).splitlines().index('label = "Paper"') + 1
    assert 'Research and practice' in messages
    book = identity.translated('fr', lambda text: {'Paper': 'Communication'}.get(text, text))
    assert book.kinds == {'keynote': 'Keynote', 'round-table': 'Round table',
                          'paper': 'Communication'}
    assert book.event_date == '14–15 novembre 2019'
    assert book.days == ('Research and practice', '15 novembre 2019')


def test_the_2018_book_declares_its_two_kinds_and_names_nobody():
    identity = load(PROJECT / 'book.toml')
    assert {key: (kind.label, kind.requires, kind.allows)
            for key, kind in identity.kinds.items()} == {
        'plenary': ('Plenary', ('guiding-questions', 'summary', 'podcast'), ()),
        'round-table': ('Round table', ('guiding-questions', 'summary', 'podcast'), ()),
    }
    assert identity.contributors == {}
    assert identity.days == ()
    assert identity.event_end_date is None
    assert (identity.event_city, identity.event_country) == ('', '')
    assert identity.translated('en', str).event_date == '7 November 2018'


@pytest.mark.parametrize(('start', 'end', 'language', 'text'), [
    ((2019, 11, 14), (2019, 11, 15), 'en', '14–15 November 2019'),
    ((2019, 11, 30), (2019, 12, 1), 'en', '30 November – 1 December 2019'),
    ((2019, 12, 31), (2020, 1, 1), 'fr', '31 décembre 2019 – 1 janvier 2020'),
    ((2019, 11, 30), (2019, 12, 1), 'fr', '30 novembre – 1 décembre 2019'),
])
def test_the_dates_of_an_event_of_several_days(start, end, language, text):
    assert long_dates(dt.date(*start), dt.date(*end), language) == text


@pytest.mark.parametrize(('change', 'message'), [
    (('end_date = 2019-11-15', 'end_date = 2019-11-13'), 'before the date'),
    (('end_date = 2019-11-15', 'end_date = "soon"'), 'must be a date'),
    (('country = "FR"', 'country = "France"'), 'ISO 3166-1'),
    (('date = 2019-11-15\nparts', 'date = 2019-11-16\nparts'),
     'not a day of the event'),
    (('date = 2019-11-15\nparts', 'date = 2019-11-14\nparts'),
     'in order'),
    (('parts = ["day-2-morning"]', 'parts = ["day-1-morning"]'),
     'already a part'),
    (('parts = ["day-2-morning"]', 'parts = []'), 'parts must list'),
    (('requires = ["abstract"]', 'requires = ["abstract", "slides"]'),
     "'slides' is not a piece"),
    (('allows = ["podcast"]', 'allows = ["abstract"]'),
     'need not allow'),
    (('label = "Paper"', 'label = ""'), 'needs label'),
    (('label = "Paper"', 'title = "Paper"'), 'not title'),
    (('name = "Paul Martin"', 'name = ""'), 'needs name'),
    (('orcid = "0000-0002-1825-0097"', 'orcid = "0000-0002-1825-0096"'),
     'check digit'),
    (('orcid = "0000-0002-1825-0097"', 'orcid = "ORCID 1825"'), 'not an ORCID'),
    (('affiliation = "Université Rennes 2"', 'affiliations = "Rennes"'),
     'not affiliations'),
    (('[contributors.pmartin]', '[contributors."p martin"]'), 'letters, digits'),
])
def test_a_mistake_in_the_model_fails_at_its_line(tmp_path, change, message):
    text = (BOOK).replace(*change)
    assert text != BOOK
    lineno = text[:text.index(change[1])].count('\n') + 1
    with pytest.raises(ModelError, match=message) as caught:
        load(write(tmp_path, text))
    assert caught.value.lineno == lineno
    assert str(caught.value).startswith(f'{tmp_path / "book.toml"}:{lineno}: ')
    # Every command that catches the identity's errors catches these.
    assert isinstance(caught.value, IdentityError)


@pytest.mark.parametrize(('orcid', 'valid'), [
    ('0000-0002-1825-0097', True), ('0000-0001-5109-3700', True),
    ('0000-0002-1694-233X', True), ('0000-0002-1694-2339', False),
])
def test_the_orcid_check_digit(orcid, valid):
    assert orcid_checksum_ok(orcid) is valid


def test_an_orcid_address_is_kept_as_its_identifier(tmp_path):
    text = (BOOK).replace('"0000-0002-1825-0097"', '"https://orcid.org/0000-0002-1825-0097"')
    assert load(write(tmp_path, text)).contributors['jdupont'].orcid == '0000-0002-1825-0097'


def test_contributors_and_end_date_in_the_citations(tmp_path):
    identity = load(write(tmp_path, BOOK))
    book = identity.translated('en', str)
    jeanne, paul = identity.contributors['jdupont'], identity.contributors['pmartin']
    people = [('chair', paul), ('speaker', jeanne), ('speaker', paul)]
    assert cited_people(people) == [jeanne, paul]
    assert cited_people([('chair', paul)]) == []
    assert cited_people([('speaker', paul), ('author', jeanne)]) == [jeanne]
    reference = ''.join(text for text, _italic in chapter_reference(
        book, 'A talk', 'https://example.org/a', str, [jeanne, paul]))
    assert reference.startswith('Jeanne Dupont and Paul Martin, “A talk”, in Test Editors')
    assert '14–15 November 2019' in reference
    bibtex = chapter_bibtex(book, 'talk', 'A talk', '', [], str, [jeanne, paul])
    assert '  author = {Dupont, Jeanne and Paul Martin},' in bibtex
    assert '  eventdate = {2019-11-14/2019-11-15},' in bibtex
    cff = yaml.safe_load(citation_cff(identity))
    assert cff['authors'][1:] == [
        {'family-names': 'Dupont', 'given-names': 'Jeanne', 'affiliation': 'Université Rennes 2',
         'orcid': 'https://orcid.org/0000-0002-1825-0097'},
        {'name': 'Paul Martin'}]
    conference = cff['preferred-citation']['conference']
    assert (conference['date-start'], conference['date-end']) == (
        dt.date(2019, 11, 14), dt.date(2019, 11, 15))
    assert (conference['city'], conference['country']) == ('Rennes', 'FR')


@pytest.mark.parametrize('name', [
    'Jean "\\input{x}" } and Co',
    'Ann\nO: {x}',
])
def test_a_contributor_cannot_break_bibtex_or_yaml(tmp_path, name):
    import json

    text = (BOOK).replace('name = "Paul Martin"', f'name = {json.dumps(name)}')
    identity = load(write(tmp_path, text))
    person = identity.contributors['pmartin']
    bibtex = chapter_bibtex(identity.translated('en', str), 'x', 'X', '', [], str, [person])
    author = next(line for line in bibtex.splitlines() if line.startswith('  author'))
    body = author[len('  author = {'):-len('},')]
    depth = 0
    for char in body.replace('\\{', '').replace('\\}', ''):
        depth += {'{': 1, '}': -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    assert ' and ' not in body.replace('{and}', '')
    assert yaml.safe_load(citation_cff(identity))['authors'][-1] == {
        'name': ' '.join(name.split())}


def test_check_book_says_the_line_in_one_line(tmp_path):
    import subprocess
    import sys

    text = (BOOK).replace('orcid = "0000-0002-1825-0097"', 'orcid = "0000-0002-1825-0096"')
    path = write(tmp_path, text)
    result = subprocess.run([sys.executable, '-m', 'proceedings', 'check-book', str(path)],
                            capture_output=True, text=True, check=False)
    lineno = text[:text.index('orcid = ')].count('\n') + 1
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f'The book cannot be built: {path}:{lineno}: [contributors.jdupont] orcid '
        "0000-0002-1825-0096: its check digit is wrong; copy it again from the person's ORCID "
        'record']
