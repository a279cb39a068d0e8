"""The deposit records: Crossref, HAL and Zenodo, from the volume, valid offline.

The real book through ``proceedings deposit``, as it is and with the fields a depositor
adds; the schemas (``deposit_schemas`` in conftest.py) are read with network access
refused, so a test that passes has validated offline. Records of a volume that names its
contributors, and the wrong fields: test_deposit_records.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from proceedings.core.cff import citation_cff
from proceedings.core.identity import load
from testing import BASE_URL, PROJECT, SESSIONS, schema_problems, zenodo_against_cff

pytestmark = pytest.mark.builds

CROSSREF = '{http://www.crossref.org/schema/5.5.0}'
TEI = '{http://www.tei-c.org/ns/1.0}'
LANG = '{http://www.w3.org/XML/1998/namespace}lang'
#: Crossref's prefix for tests and examples.
DEPOSIT = """
[deposit]
doi_prefix = "10.5555"
publication_date = 2019-06-28
depositor = "EXPEERTs research programme"
email = "deposits@example.org"

[deposit.hal]
domains = ["shs.socio"]
audience = "national"
peer_reviewed = false
popular = false
invited = false
"""


def deposit(source: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, '-m', 'proceedings', 'deposit', '--source', str(source),
         '--builddir', str(out / 'build'), '--out', str(out / 'deposit'), *options],
        capture_output=True, text=True, check=False, timeout=300)


@pytest.fixture(scope='module')
def book_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real book's records, with what a depositor adds to book.toml and the site's
    address."""
    work = tmp_path_factory.mktemp('deposit')
    copy = work / 'project'
    shutil.copytree(PROJECT, copy, ignore=shutil.ignore_patterns(
        '_build', '.venv', '.git', '.pytest_cache', '__pycache__', '*.mo', 'node_modules',
        '*.egg-info', 'tests', 'bench', 'tools'))
    toml = copy / 'book.toml'
    text = toml.read_text('utf-8').replace(
        'place = "Maison', 'city = "Rennes"\ncountry = "FR"\nplace = "Maison')
    toml.write_text(text + DEPOSIT, encoding='utf-8')
    result = deposit(copy, work, '--base-url', BASE_URL)
    assert result.returncode == 0, result.stderr
    assert 'Not written' not in result.stdout, result.stdout
    return work / 'deposit'


# -- The real book as it is ---------------------------------------------------------------


def test_the_book_as_it_is_gets_no_crossref_file_and_is_told_what_is_missing(
        tmp_path, deposit_schemas):
    out = tmp_path / 'deposit'
    # What an earlier run with the fields wrote does not outlive them.
    (out / 'hal').mkdir(parents=True)
    (out / 'crossref.xml').write_text('<doi_batch/>', encoding='utf-8')
    (out / 'hal' / 'volume.xml').write_text('<TEI/>', encoding='utf-8')
    result = deposit(PROJECT, tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (out / 'crossref.xml').exists()
    assert not (out / 'hal').exists()
    report = result.stdout
    assert 'Not written: the Crossref deposit; book.toml needs:' in report
    for field in ('[deposit] doi_prefix', '[deposit] publication_date', '[deposit] depositor',
                  '[deposit] email', '[book] base_url'):
        assert f'\n  {field} (' in report
    assert "Not written: HAL's records" in report
    assert '[deposit.hal] domains' in report
    zenodo = json.loads((out / '.zenodo.json').read_text('utf-8'))
    assert schema_problems(deposit_schemas['zenodo'], zenodo) == []
    assert zenodo_against_cff(zenodo, (PROJECT / 'CITATION.cff').read_text('utf-8')) == []
    # The sources state no rights: no licence is claimed, and the editor is told.
    assert 'license' not in zenodo
    assert '.zenodo.json names no licence' in report


# -- The real book with its deposit fields -----------------------------------------------


def test_crossref_deposit_of_the_book(book_records, deposit_schemas):
    record = book_records / 'crossref.xml'
    assert schema_problems(deposit_schemas['crossref'], record) == []
    root = ET.parse(record).getroot()
    identity = load(PROJECT / 'book.toml')
    conference = root.find(f'{CROSSREF}body/{CROSSREF}conference')
    event = conference.find(f'{CROSSREF}event_metadata')
    assert event.findtext(f'{CROSSREF}conference_name') == identity.event_name
    assert event.findtext(f'{CROSSREF}conference_location') == identity.event_place
    date = event.find(f'{CROSSREF}conference_date').attrib
    assert (date['start_year'], date['start_month'], date['start_day']) == ('2018', '11', '07')
    assert (date['end_year'], date['end_month'], date['end_day']) == ('2018', '11', '07')
    volume = conference.find(f'{CROSSREF}proceedings_metadata')
    assert volume.get('language') == 'en'
    assert volume.findtext(f'{CROSSREF}proceedings_title') == (
        f'{identity.title}. {identity.subtitle}')
    assert volume.findtext(f'{CROSSREF}publisher/{CROSSREF}publisher_name') == identity.publisher
    assert volume.find(f'{CROSSREF}noisbn') is not None
    assert volume.findtext(f'{CROSSREF}doi_data/{CROSSREF}doi') == (
        f'10.5555/{identity.slug}')
    assert volume.findtext(f'{CROSSREF}doi_data/{CROSSREF}resource') == f'{BASE_URL}en/'
    # The book names no one: the corporate editor stands for the volume, the sessions
    # name nobody.
    editors = conference.findall(f'{CROSSREF}contributors/{CROSSREF}organization')
    assert [(e.text, e.get('contributor_role')) for e in editors] == [
        (name, 'editor') for name in identity.editors]
    papers = conference.findall(f'{CROSSREF}conference_paper')
    found = {p.findtext(f'{CROSSREF}doi_data/{CROSSREF}resource'): (
        p.findtext(f'{CROSSREF}doi_data/{CROSSREF}doi'),
        p.findtext(f'{CROSSREF}titles/{CROSSREF}title')) for p in papers}
    assert found == {
        f'{BASE_URL}en/{docname}.html': (
            f'10.5555/{identity.slug}.{docname.rsplit("/", 1)[-1]}', heading(docname))
        for docname in SESSIONS}
    # In the order of the book: the morning first.
    assert [address.split('/')[-2] for address in found] == ['morning'] * 2 + ['afternoon'] * 2
    assert all(p.find(f'{CROSSREF}contributors') is None for p in papers)


def heading(docname: str) -> str:
    source = (PROJECT / f'{docname}.md').read_text('utf-8')
    return re.search(r'^# (.+)$', source, re.M).group(1).strip()


def test_hal_records_of_the_book(book_records, deposit_schemas):
    identity = load(PROJECT / 'book.toml')
    folder = book_records / 'hal'
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(['volume.xml'] + [f'{d.replace("/", "-")}.xml' for d in SESSIONS])
    for path in folder.iterdir():
        assert schema_problems(deposit_schemas['hal'], path) == [], path.name
    volume = ET.parse(folder / 'volume.xml').getroot()
    assert volume.find(f'.//{TEI}classCode[@scheme="halTypology"]').get('n') == 'DOUV'
    for docname in SESSIONS:
        root = ET.parse(folder / f'{docname.replace("/", "-")}.xml').getroot()
        assert root.find(f'.//{TEI}classCode[@scheme="halTypology"]').get('n') == 'COMM'
        assert root.find(f'.//{TEI}classCode[@scheme="halDomain"]').get('n') == 'shs.socio'
        meeting = root.find(f'.//{TEI}meeting')
        assert meeting.findtext(f'{TEI}settlement') == 'Rennes'
        assert meeting.find(f'{TEI}country').get('key') == 'FR'
        assert [d.text for d in meeting.findall(f'{TEI}date')] == ['2018-11-07'] * 2
        notes = {n.get('type'): n.get('n') for n in root.iter(f'{TEI}note')}
        assert notes == {'audience': '3', 'invited': '0', 'popular': '0', 'peer': '0',
                         'proceedings': '1'}
        titles = {t.get(LANG): t.text for t in root.find(f'.//{TEI}analytic')
                  .findall(f'{TEI}title')}
        assert titles['en'] == heading(docname)
        # The French title is the French edition's, from its catalogue.
        catalogue = (PROJECT / 'locale' / 'fr' / 'LC_MESSAGES' / f'{docname}.po').read_text()
        assert titles['fr'] != titles['en'] and f'msgstr "{titles["fr"]}"' in catalogue
        # No one is named: the corporate editor is the author, as an organisation.
        authors = root.find(f'.//{TEI}analytic').findall(f'{TEI}author')
        assert [(a.get('role'), a.findtext(f'{TEI}orgName')) for a in authors] == [
            ('aut', 'EXPEERTs research programme')]
        assert root.findtext(f'.//{TEI}biblStruct/{TEI}ref') == f'{BASE_URL}en/{docname}.html'
        terms = [(t.get(LANG), t.text) for t in root.iter(f'{TEI}term')]
        assert [word for lang, word in terms if lang == 'en'] == list(identity.keywords)
        french = [word for lang, word in terms if lang == 'fr']
        assert len(french) == len(identity.keywords) and 'pair-aidance' in french


def test_zenodo_json_agrees_with_citation_cff(book_records, deposit_schemas):
    zenodo = json.loads((book_records / '.zenodo.json').read_text('utf-8'))
    assert schema_problems(deposit_schemas['zenodo'], zenodo) == []
    identity = load(book_records.parent / 'project' / 'book.toml')
    assert zenodo_against_cff(zenodo, citation_cff(identity)) == []
    assert (zenodo['upload_type'], zenodo['publication_type']) == (
        'publication', 'conferencepaper')
    assert zenodo['conference_dates'] == '7 November 2018'
    assert zenodo['conference_place'] == 'Rennes, France'
    assert zenodo['language'] == 'eng'
    assert zenodo['keywords'] == list(identity.keywords)
    assert zenodo['publication_date'] == '2019-06-28'
    assert [r['identifier'] for r in zenodo['related_identifiers']] == [
        f'{BASE_URL}en/', f'{BASE_URL}fr/', '10.5555/expeerts-study-day-2018']
    assert 'contributors' not in zenodo


# -- A volume that names its contributors -------------------------------------------------


@pytest.fixture
def model_root(tmp_path: Path) -> Path:
    """The two-day test root whose sessions name speakers, a chair and an author, with the
    fields a depositor adds."""
    root = tmp_path / 'root'
    shutil.copytree(PROJECT / 'tests' / 'roots' / 'test-model', root)
    with (root / 'book.toml').open('a', encoding='utf-8') as toml:
        toml.write(DEPOSIT)
    return root


def test_records_of_a_volume_with_contributors(model_root, tmp_path, deposit_schemas):
    toml = model_root / 'book.toml'
    toml.write_text(toml.read_text('utf-8').replace(
        'name = "Paul Martin"\n',
        'name = "Paul Martin"\ngiven_names = "Paul"\nfamily_names = "Martin"\n'), 'utf-8')
    result = deposit(model_root, tmp_path)
    assert result.returncode == 0, result.stderr
    assert 'Not written' not in result.stdout, result.stdout
    out = tmp_path / 'deposit'
    assert schema_problems(deposit_schemas['crossref'], out / 'crossref.xml') == []
    records = sorted((out / 'hal').iterdir())
    assert [path.name for path in records] == [
        'sessions-keynote.xml', 'sessions-paper.xml', 'sessions-round-table.xml', 'volume.xml']
    for path in records:
        assert schema_problems(deposit_schemas['hal'], path) == [], path.name
    zenodo = json.loads((out / '.zenodo.json').read_text('utf-8'))
    assert schema_problems(deposit_schemas['zenodo'], zenodo) == []
    assert zenodo_against_cff(zenodo, citation_cff(load(toml))) == []

    papers = ET.parse(out / 'crossref.xml').getroot().iter(f'{CROSSREF}conference_paper')
    people = {p.findtext(f'{CROSSREF}titles/{CROSSREF}title'): [
        (n.get('contributor_role'), n.findtext(f'{CROSSREF}surname'))
        for n in p.iter(f'{CROSSREF}person_name')] for p in papers}
    assert people == {
        'The keynote': [('author', 'Dupont'), ('author', 'Martin'), ('chair', 'Martin')],
        'The paper': [('author', 'Dupont')],
        'The round table': [],
    }
    keynote = ET.parse(out / 'hal' / 'sessions-keynote.xml').getroot()
    assert [a.findtext(f'.//{TEI}surname') for a in
            keynote.find(f'.//{TEI}analytic').findall(f'{TEI}author')] == ['Dupont', 'Martin']
    dates = [d.text for d in keynote.find(f'.//{TEI}meeting').findall(f'{TEI}date')]
    assert dates == ['2019-11-14', '2019-11-15']
    assert zenodo['conference_dates'] == '14–15 November 2019'
    assert [c['name'] for c in zenodo['contributors']] == ['Dupont, Jeanne', 'Martin, Paul']
