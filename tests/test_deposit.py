"""The deposit records: Crossref, HAL and Zenodo, from the volume, valid offline.

Crossref's schema 5.5.0 (XSD 1.1, read by xmlschema) and HAL's AOfr schema come as
packages bundle them (requirements-schemas.txt); the schemas are read with network access
refused, so a test that passes has validated offline. ``.zenodo.json`` is checked against
``tests/schemas/zenodo-deposit.schema.json``, written from Zenodo's documentation of a
deposit's metadata.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import xmlschema

from proceedings.core.deposit.volume import DepositError, load_settings
from proceedings.core.identity import load
from testing import BASE_URL, PROJECT, SESSIONS

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


def package_folder(name: str) -> Path:
    """Where a package lies, found without importing it (its dependencies are absent)."""
    return Path(next(iter(importlib.util.find_spec(name).submodule_search_locations)))


@pytest.fixture(scope='session')
def schemas() -> dict:
    crossref = package_folder('commonmeta') / 'resources' / 'crossref'
    # The schemas import the XML and MathML schemas by their web address: the copies
    # beside them stand in, and nothing is fetched (allow='local').
    local = {
        'http://www.w3.org/2009/01/xml.xsd': (crossref / 'xml.xsd').as_uri(),
        'http://www.w3.org/Math/XMLSchema/mathml3/mathml3.xsd':
            (crossref / 'standard-modules' / 'mathml3' / 'mathml3.xsd').as_uri(),
    }
    zenodo = json.loads((PROJECT / 'tests' / 'schemas' / 'zenodo-deposit.schema.json')
                        .read_text('utf-8'))
    jsonschema.Draft202012Validator.check_schema(zenodo)
    return {
        'crossref': xmlschema.XMLSchema11(crossref / 'crossref5.5.0.xsd', uri_mapper=local,
                                          allow='local'),
        'hal': xmlschema.XMLSchema10(package_folder('push2HAL') / 'aofr.xsd',
                                     uri_mapper=local, allow='local'),
        'zenodo': jsonschema.Draft202012Validator(zenodo),
    }


def problems(schema, record: Path | bytes | dict) -> list[str]:
    """What the schema refuses in a record, each with the field (its path) named."""
    if isinstance(schema, jsonschema.Draft202012Validator):
        return [f'{"/".join(map(str, error.absolute_path)) or "(record)"}: {error.message}'
                for error in schema.iter_errors(record)]
    source = record.read_bytes() if isinstance(record, Path) else record
    return [f'{error.path}: {error.reason}' for error in schema.iter_errors(source.decode())]


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
        tmp_path, schemas):
    result = deposit(PROJECT, tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / 'deposit'
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
    assert problems(schemas['zenodo'], zenodo) == []
    # The sources state no rights: no licence is claimed, and the editor is told.
    assert 'license' not in zenodo
    assert '.zenodo.json names no licence' in report


# -- The real book with its deposit fields -----------------------------------------------


def test_crossref_deposit_of_the_book(book_records, schemas):
    record = book_records / 'crossref.xml'
    assert problems(schemas['crossref'], record) == []
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
    assert [p.findtext(f'{CROSSREF}doi_data/{CROSSREF}resource') for p in papers] == [
        f'{BASE_URL}en/{docname}.html' for docname in SESSIONS]
    assert [p.findtext(f'{CROSSREF}doi_data/{CROSSREF}doi') for p in papers] == [
        f'10.5555/{identity.slug}.{docname.rsplit("/", 1)[-1]}' for docname in SESSIONS]
    assert [p.findtext(f'{CROSSREF}titles/{CROSSREF}title') for p in papers] == [
        heading(docname) for docname in SESSIONS]
    assert all(p.find(f'{CROSSREF}contributors') is None for p in papers)


def heading(docname: str) -> str:
    source = (PROJECT / f'{docname}.md').read_text('utf-8')
    return re.search(r'^# (.+)$', source, re.M).group(1).strip()


def test_hal_records_of_the_book(book_records, schemas):
    folder = book_records / 'hal'
    names = sorted(path.name for path in folder.iterdir())
    assert names == sorted(['volume.xml'] + [f'{d.replace("/", "-")}.xml' for d in SESSIONS])
    for path in folder.iterdir():
        assert problems(schemas['hal'], path) == [], path.name
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


def test_zenodo_json_agrees_with_citation_cff(book_records, schemas):
    zenodo = json.loads((book_records / '.zenodo.json').read_text('utf-8'))
    assert problems(schemas['zenodo'], zenodo) == []
    cff = (PROJECT / 'CITATION.cff').read_text('utf-8')

    def cff_value(key: str, after: str = 'preferred-citation:') -> str:
        tail = cff.split(after, 1)[1]
        return json.loads(re.search(rf'^\s*{key}: (".*"|\S+)$', tail, re.M).group(1)
                          if '"' in re.search(rf'^\s*{key}: (.*)$', tail, re.M).group(1)
                          else json.dumps(re.search(rf'^\s*{key}: (.*)$', tail, re.M)
                                          .group(1)))

    assert (zenodo['upload_type'], zenodo['publication_type']) == (
        'publication', 'conferencepaper')
    assert zenodo['title'] == cff_value('title')
    assert [c['name'] for c in zenodo['creators']] == re.findall(
        r'^    - name: "(.*)"$', cff.split('authors:', 2)[2].split('editors:')[0], re.M)
    assert zenodo['conference_title'] == cff_value('name', 'conference:')
    assert zenodo['conference_dates'] == '7 November 2018'
    assert cff_value('date-start') == cff_value('date-end') == '2018-11-07'
    assert zenodo['conference_place'] == 'Rennes, FR'
    assert zenodo['language'] == 'eng'
    assert zenodo['keywords'] == list(load(PROJECT / 'book.toml').keywords)
    assert zenodo['publication_date'] == '2019-06-28'
    assert [r['identifier'] for r in zenodo['related_identifiers']] == [
        f'{BASE_URL}en/', f'{BASE_URL}fr/', '10.5555/expeerts-study-day-2018']


# -- Broken records and fields ------------------------------------------------------------


def test_a_broken_record_fails_with_the_field_named(book_records, schemas):
    record = (book_records / 'crossref.xml').read_bytes()
    no_year = record.replace(b'<year>2019</year>', b'', 1)
    assert any('publication_date' in line for line in problems(schemas['crossref'], no_year))
    bad_doi = record.replace(b'<doi>10.5555/', b'<doi>10.55/', 1)
    assert any('/doi' in line and '10.55/' in line
               for line in problems(schemas['crossref'], bad_doi))
    tei = (book_records / 'hal' / 'volume.xml').read_bytes()
    no_country_key = re.sub(rb'<country key="FR"\s*/>', b'<country />', tei)
    assert any('country' in line for line in problems(schemas['hal'], no_country_key))
    zenodo = json.loads((book_records / '.zenodo.json').read_text('utf-8'))
    del zenodo['publication_type']
    zenodo['publication_date'] = '28 June 2019'
    found = problems(schemas['zenodo'], zenodo)
    assert any('publication_type' in line for line in found)
    assert any(line.startswith('publication_date:') for line in found)


@pytest.mark.parametrize(('line', 'message'), [
    ('doi_prefix = "10.55"', r'\[deposit\] doi_prefix "10.55" is not a DOI prefix'),
    ('doi_prefix = "10.5555"\ndoi_pattern = "{slug}"',
     r'\[deposit\] doi_pattern needs \{session\} or \{number\}'),
    ('doi_pattern = "{slug}.{title}"', r'\[deposit\] doi_pattern has \{title\}'),
    ('publication_date = "June 2019"', r'\[deposit\] publication_date must be a date'),
    ('isbn = "978-2-7535-0000-1"', r'\[deposit\] isbn "978-2-7535-0000-1" is not a valid'),
    ('email = "nobody"', r'\[deposit\] email "nobody" is not an e-mail address'),
])
def test_a_wrong_deposit_field_is_named(tmp_path, line, message):
    toml = tmp_path / 'book.toml'
    toml.write_text((PROJECT / 'book.toml').read_text('utf-8') + f'\n[deposit]\n{line}\n',
                    encoding='utf-8')
    with pytest.raises(DepositError, match=message):
        load_settings(load(toml))
