"""The deposit records of a small volume that names its contributors, without a build.

The volume's data is what ``sphinx_ext.volume_data`` writes at the end of a build (the
first test makes it from the test root; the others write it as the build would), so that
the records of people, several days, a city and an ISBN are checked against the archives'
schemas in a fraction of a second each. Wrong fields of ``[deposit]`` are named.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from proceedings.core.cff import citation_cff
from proceedings.core.deposit import crossref, hal
from proceedings.core.deposit.volume import (
    DepositError, load_settings, load_volume, missing_for_crossref, missing_for_hal,
)
from proceedings.core.deposit.zenodo import zenodo_metadata
from proceedings.core.identity import load
from testing import PROJECT, build, schema_problems, warnings_of, zenodo_against_cff

pytestmark = pytest.mark.extension

CROSSREF = '{http://www.crossref.org/schema/5.5.0}'
TEI = '{http://www.tei-c.org/ns/1.0}'
LANG = '{http://www.w3.org/XML/1998/namespace}lang'

BOOK = """\
[book]
slug = "conference-2019"
title = "EXPEERTs Conference 2019"
subtitle = "Peer support: contemporary issues"
keywords = ["peer support"]
editors = ["EXPEERTs research programme"]
publisher = "EXPEERTs research programme"
languages = ["en", "fr"]
base_url = "https://acts.example.org/2019/"

[event]
name = "EXPEERTs Conference 2019"
date = 2019-11-14
end_date = 2019-11-15
place = "MSHB, Rennes"
city = "Rennes"
country = "FR"

[recordings]
platform = "Test Platform"
platform_url = "https://recordings.example.org/"
language = "fr"

[contributors.jdupont]
name = "Jeanne Dupont"
given_names = "Jeanne"
family_names = "Dupont"
affiliation = "Université Rennes 2"
orcid = "0000-0002-1825-0097"

[contributors.pmartin]
name = "Paul Martin"
given_names = "Paul"
family_names = "Martin"

[deposit]
doi_prefix = "10.5555"
doi_pattern = "{slug}.{number}"
isbn = "978-2-7535-0001-3"
publication_date = 2020-06-30
depositor = "EXPEERTs research programme"
email = "deposits@example.org"

[deposit.hal]
domains = ["shs.socio", "sdv.spee"]
audience = "international"
peer_reviewed = true
popular = false
invited = false
"""

SESSIONS = [
    ('day-1/keynote', 'The keynote', 'Le discours d’ouverture',
     [['speaker', 'jdupont'], ['chair', 'pmartin']]),
    ('day-2/paper', 'A paper', 'Une communication', [['author', 'pmartin']]),
    ('day-2/round-table', 'The round table', 'La table ronde', []),
]


def volume_data(language: str) -> dict:
    """One edition's data, as the build writes it."""
    french = language == 'fr'
    return {
        'version': 1, 'language': language,
        'title': 'Colloque EXPAIRs 2019' if french else 'EXPEERTs Conference 2019',
        'subtitle': 'La pair-aidance : enjeux contemporains' if french else
                    'Peer support: contemporary issues',
        'event_name': 'Colloque EXPAIRs 2019' if french else 'EXPEERTs Conference 2019',
        'event_place': 'MSHB, Rennes', 'publisher': 'EXPEERTs research programme',
        'editors': ['EXPEERTs research programme'],
        'keywords': ['pair-aidance'] if french else ['peer support'],
        'sessions': [{'docname': docname, 'title': fr if french else en, 'kind': 'talk',
                      'part': docname.split('/')[0], 'contributors': people,
                      'page': f'{docname}.html'}
                     for docname, en, fr, people in SESSIONS],
    }


def make_volume(folder: Path, deposit: str | None = None):
    text = BOOK if deposit is None else BOOK.split('[deposit]')[0] + deposit
    (folder / 'book.toml').write_text(text, encoding='utf-8')
    files = {}
    for language in ('en', 'fr'):
        files[language] = folder / f'{language}.json'
        files[language].write_text(json.dumps(volume_data(language)), encoding='utf-8')
    return load_volume(load(folder / 'book.toml'), files, epoch=1593475200)


def test_a_build_writes_the_volume_data(make_app, session_root):
    app = build(make_app, session_root, 'dummy', confoverrides={'language': 'fr'})
    assert warnings_of(app) == ''
    data = json.loads((Path(app.doctreedir) / 'proceedings-volume.json').read_text('utf-8'))
    assert (data['version'], data['language'], data['title']) == (1, 'fr', 'Test Day')
    assert [s['docname'] for s in data['sessions']] == [
        'sessions/first-plenary', 'sessions/first-round-table',
        'sessions/second-plenary', 'sessions/second-round-table']
    assert data['sessions'][0] == {
        'docname': 'sessions/first-plenary', 'title': 'The plenary of the first part',
        'kind': 'plenary', 'part': 'first', 'contributors': [],
        'page': 'sessions/first-plenary.html'}


def test_a_build_writes_the_sessions_contributors(make_app, tmp_path):
    root = tmp_path / 'root'
    shutil.copytree(PROJECT / 'tests' / 'roots' / 'test-model', root)
    app = build(make_app, root, 'dummy')
    data = json.loads((Path(app.doctreedir) / 'proceedings-volume.json').read_text('utf-8'))
    assert {s['docname']: s['contributors'] for s in data['sessions']} == {
        'sessions/keynote': [['speaker', 'jdupont'], ['speaker', 'pmartin'],
                             ['chair', 'pmartin']],
        'sessions/paper': [['author', 'jdupont']],
        'sessions/round-table': [],
    }


def test_crossref_names_the_contributors(tmp_path, deposit_schemas):
    volume = make_volume(tmp_path)
    assert missing_for_crossref(volume) == []
    record = crossref.deposit(volume)
    assert schema_problems(deposit_schemas['crossref'], record) == []
    root = ET.fromstring(record)
    volume_data_ = root.find(f'.//{CROSSREF}proceedings_metadata')
    assert volume_data_.findtext(f'{CROSSREF}isbn') == '978-2-7535-0001-3'
    date = root.find(f'.//{CROSSREF}conference_date').attrib
    assert (date['start_day'], date['end_day'], date['end_month']) == ('14', '15', '11')
    papers = root.findall(f'.//{CROSSREF}conference_paper')
    assert [p.findtext(f'{CROSSREF}doi_data/{CROSSREF}doi') for p in papers] == [
        '10.5555/conference-2019.1', '10.5555/conference-2019.2', '10.5555/conference-2019.3']
    people = [[(n.get('contributor_role'), n.get('sequence'),
                n.findtext(f'{CROSSREF}given_name'), n.findtext(f'{CROSSREF}surname'),
                n.findtext(f'.//{CROSSREF}institution_name'), n.findtext(f'{CROSSREF}ORCID'))
               for n in p.iter(f'{CROSSREF}person_name')] for p in papers]
    assert people == [
        [('author', 'first', 'Jeanne', 'Dupont', 'Université Rennes 2',
          'https://orcid.org/0000-0002-1825-0097'),
         ('chair', 'additional', 'Paul', 'Martin', None, None)],
        [('author', 'first', 'Paul', 'Martin', None, None)],
        [],
    ]


def test_hal_names_the_contributors_in_both_languages(tmp_path, deposit_schemas):
    volume = make_volume(tmp_path)
    assert missing_for_hal(volume) == []
    for record in [hal.volume_record(volume)] + [hal.session_record(volume, s)
                                                 for s in volume.sessions]:
        assert schema_problems(deposit_schemas['hal'], record) == []
    keynote = ET.fromstring(hal.session_record(volume, volume.sessions[0]))
    analytic = keynote.find(f'.//{TEI}analytic')
    assert {t.get(LANG): t.text for t in analytic.findall(f'{TEI}title')} == {
        'en': 'The keynote', 'fr': 'Le discours d’ouverture'}
    # The speaker is the author of the talk; HAL's relators have no chair.
    authors = analytic.findall(f'{TEI}author')
    assert [(a.get('role'), a.findtext(f'.//{TEI}forename'), a.findtext(f'.//{TEI}surname'),
             a.findtext(f'{TEI}idno')) for a in authors] == [
        ('aut', 'Jeanne', 'Dupont', 'https://orcid.org/0000-0002-1825-0097')]
    meeting = keynote.find(f'.//{TEI}meeting')
    assert [d.text for d in meeting.findall(f'{TEI}date')] == ['2019-11-14', '2019-11-15']
    assert [c.get('n') for c in keynote.iter(f'{TEI}classCode')] == [
        'shs.socio', 'sdv.spee', 'COMM']
    notes = {n.get('type'): n.get('n') for n in keynote.iter(f'{TEI}note')}
    assert notes == {'audience': '2', 'invited': '0', 'popular': '0', 'peer': '1',
                     'proceedings': '1'}
    nobody = ET.fromstring(hal.session_record(volume, volume.sessions[2]))
    assert [a.findtext(f'{TEI}orgName') for a in nobody.find(f'.//{TEI}analytic')
            .findall(f'{TEI}author')] == ['EXPEERTs research programme']


def test_zenodo_names_the_contributors_as_citation_cff_does(tmp_path, deposit_schemas):
    volume = make_volume(tmp_path)
    zenodo = zenodo_metadata(volume)
    assert schema_problems(deposit_schemas['zenodo'], zenodo) == []
    assert zenodo_against_cff(zenodo, citation_cff(volume.identity)) == []
    assert zenodo['conference_dates'] == '14–15 November 2019'
    assert zenodo['conference_place'] == 'Rennes, France'
    assert zenodo['imprint_isbn'] == '978-2-7535-0001-3'
    assert zenodo['contributors'] == [
        {'name': 'Dupont, Jeanne', 'type': 'Other', 'affiliation': 'Université Rennes 2',
         'orcid': '0000-0002-1825-0097'},
        {'name': 'Martin, Paul', 'type': 'Other'}]


@pytest.mark.parametrize(('address', 'licence'), [
    ('https://creativecommons.org/licenses/by/4.0/', 'cc-by-4.0'),
    ('https://creativecommons.org/licenses/by-nc-sa/4.0/', 'cc-by-nc-sa-4.0'),
    ('https://creativecommons.org/publicdomain/zero/1.0/', 'cc0-1.0'),
    ('https://example.org/our-licence', None),
])
def test_zenodo_names_only_a_licence_the_editors_state(tmp_path, address, licence):
    book = BOOK.replace('base_url =', f'rights = "Stated by the editors"\n'
                                      f'licence_url = "{address}"\nbase_url =')
    make_volume(tmp_path)
    (tmp_path / 'book.toml').write_text(book, encoding='utf-8')
    volume = load_volume(load(tmp_path / 'book.toml'),
                         {language: tmp_path / f'{language}.json' for language in ('en', 'fr')})
    assert zenodo_metadata(volume).get('license') == licence


def test_a_broken_record_fails_with_the_field_named(tmp_path, deposit_schemas):
    volume = make_volume(tmp_path)
    record = crossref.deposit(volume)
    no_year = record.replace(b'<year>2020</year>', b'', 1)
    assert any('/publication_date' in line
               for line in schema_problems(deposit_schemas['crossref'], no_year))
    bad_doi = record.replace(b'<doi>10.5555/', b'<doi>10.55/', 1)
    assert any(line.endswith('/doi_data/doi: value doesn\'t match any pattern of '
                             '[\'10\\\\.[0-9]{4,9}/.{1,200}\']') or
               ('/doi' in line and 'pattern' in line)
               for line in schema_problems(deposit_schemas['crossref'], bad_doi))
    tei = hal.volume_record(volume)
    no_country_key = re.sub(rb'<country key="FR"\s*/>', b'<country />', tei)
    assert any('country' in line for line in schema_problems(deposit_schemas['hal'],
                                                             no_country_key))
    zenodo = zenodo_metadata(volume)
    del zenodo['publication_type']
    zenodo['publication_date'] = '30 June 2020'
    found = schema_problems(deposit_schemas['zenodo'], zenodo)
    assert any('publication_type' in line for line in found)
    assert any(line.startswith('publication_date:') for line in found)


def test_what_each_archive_still_needs_is_named(tmp_path):
    volume = make_volume(tmp_path, '[deposit]\ndoi_prefix = "10.5555"\n')
    assert [line.split(' (')[0] for line in missing_for_crossref(volume)] == [
        '[deposit] publication_date', '[deposit] depositor', '[deposit] email']
    assert [line.split(' (')[0] for line in missing_for_hal(volume)] == [
        '[deposit] publication_date', '[deposit.hal] domains', '[deposit.hal] peer_reviewed',
        '[deposit.hal] popular', '[deposit.hal] invited']


def test_a_contributor_without_split_names_is_a_missing_field(tmp_path):
    make_volume(tmp_path)  # the editions' data
    (tmp_path / 'book.toml').write_text(BOOK.replace(
        'given_names = "Paul"\nfamily_names = "Martin"\n', ''), encoding='utf-8')
    volume = load_volume(load(tmp_path / 'book.toml'),
                         {language: tmp_path / f'{language}.json' for language in ('en', 'fr')})
    for missing in (missing_for_crossref(volume), missing_for_hal(volume)):
        assert [line.split(':')[0] for line in missing] == [
            '[contributors.pmartin] family_names (and given_names)']


@pytest.mark.parametrize(('line', 'message'), [
    ('doi_prefix = "10.55"', r'\[deposit\] doi_prefix "10.55" is not a DOI prefix'),
    ('doi_prefix = "10.5555"\ndoi_pattern = "{slug}"',
     r'\[deposit\] doi_pattern needs \{session\} or \{number\}'),
    ('doi_pattern = "{slug}.{title}"', r'\[deposit\] doi_pattern has \{title\}'),
    ('doi_prefix = "10.5555"\ndoi_pattern = "{slug} {number}"',
     r'\[deposit\] doi_pattern = "\{slug\} \{number\}" makes the DOI suffix'),
    ('publication_date = "June 2019"', r'\[deposit\] publication_date must be a date'),
    ('isbn = "978-2-7535-0000-1"', r'\[deposit\] isbn "978-2-7535-0000-1" is not a valid'),
    ('email = "nobody"', r'\[deposit\] email "nobody" is not an e-mail address'),
    ('doi = "10.5555/x"', r"\[deposit\] has no key 'doi'"),
])
def test_a_wrong_deposit_field_is_named(tmp_path, line, message):
    with pytest.raises(DepositError, match=message):
        make_volume(tmp_path, f'[deposit]\n{line}\n')


def test_two_sessions_with_one_doi_are_refused(tmp_path):
    SESSIONS.append(('day-3/keynote', 'Another keynote', 'Un autre discours', []))
    try:
        with pytest.raises(DepositError, match=r'gives day-1/keynote and day-3/keynote the '
                                               r'same DOI 10.5555/conference-2019.keynote'):
            make_volume(tmp_path, '[deposit]\ndoi_prefix = "10.5555"\n')
    finally:
        SESSIONS.pop()


def test_texts_stay_text_in_every_record(tmp_path, deposit_schemas):
    hostile = 'A <b>bold</b> & "quoted" ]]> title'
    SESSIONS.append(('day-3/hostile', hostile, hostile, []))
    try:
        volume = make_volume(tmp_path)
    finally:
        SESSIONS.pop()
    record = crossref.deposit(volume)
    assert schema_problems(deposit_schemas['crossref'], record) == []
    assert ET.fromstring(record).findall(f'.//{CROSSREF}title')[-1].text == hostile
    tei = hal.session_record(volume, volume.sessions[-1])
    assert schema_problems(deposit_schemas['hal'], tei) == []
    assert ET.fromstring(tei).find(f'.//{TEI}title').text == hostile
    description = zenodo_metadata(volume)['description']
    assert '<li>A &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; ]]&gt; title</li>' in description


def test_a_control_character_is_refused_with_its_element(tmp_path):
    SESSIONS.append(('day-3/control', 'A \x01 title', 'Un titre', []))
    try:
        volume = make_volume(tmp_path)
    finally:
        SESSIONS.pop()
    with pytest.raises(DepositError, match=r'^title: "A \? title" holds U\+0001'):
        crossref.deposit(volume)


def test_the_real_book_declares_no_deposit_fields_yet():
    # Its sources give no DOI prefix, publication date or HAL classification: the
    # deposit invents none (test_deposit.py runs the command on it).
    settings = load_settings(load(PROJECT / 'book.toml'))
    assert (settings.doi_prefix, settings.publication_date, settings.hal_domains) == (
        '', None, ())
