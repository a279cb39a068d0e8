"""What the deposit records are made of: the identity, ``[deposit]``, and the editions.

``book.toml`` holds the volume's identity and, in its ``[deposit]`` table, what only the
archives ask for (the DOI prefix, the depositor, HAL's classification); the sessions, with
their titles in every language, come from the builds (``sphinx_ext.volume_data``). Nothing
here is guessed: a field an archive requires and the volume does not give is *missing*,
named by its table and key, and the record that needs it is not written.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from proceedings.core.editions import edition_url

if TYPE_CHECKING:
    from proceedings.core.identity import Identity
    from proceedings.core.model import Contributor

#: The shape of the builds' ``proceedings-volume.json`` that this module reads.
DATA_VERSION = 1
#: A DOI prefix: the directory indicator 10, then the registrant's 4 to 9 digits.
DOI_PREFIX = re.compile(r'10\.[0-9]{4,9}')
#: The characters Crossref recommends in a DOI's suffix.
DOI_SUFFIX = re.compile(r'[A-Za-z0-9._;()/:-]{1,200}')
#: What a DOI pattern may hold besides those characters.
PLACEHOLDERS = ('{slug}', '{session}', '{number}')
EMAIL = re.compile(r'[^@\s<>"]+@[^@\s<>"]+\.[^@\s<>".]+')
#: HAL's domains are codes such as ``shs.socio`` or ``sdv.spee``.
HAL_DOMAIN = re.compile(r'[a-z]+(?:\.[A-Za-z-]+)*')
#: HAL's audiences (its ``audience`` note): not set, international, national.
HAL_AUDIENCES = {'not-set': 1, 'international': 2, 'national': 3}


#: What XML 1.0 cannot carry, even escaped: most control characters.
NOT_XML = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')


class DepositError(Exception):
    """A field of the volume is wrong (not missing); the message names it."""


def xml_text(text: str, element: str) -> str:
    """*text* for the XML element *element*, or an error that names the element."""
    bad = NOT_XML.search(text)
    if bad:
        shown = NOT_XML.sub('?', text)
        raise DepositError(f'{element}: "{shown}" holds U+{ord(bad.group(0)):04X}, a control '
                           'character that XML cannot hold; remove it from the text it '
                           'comes from')
    return text


@dataclass(frozen=True)
class Settings:
    """The ``[deposit]`` table of ``book.toml``: what only the archives ask for."""

    doi_prefix: str = ''
    #: The suffix of each session's DOI, and of the volume's.
    doi_pattern: str = '{slug}.{session}'
    volume_doi: str = '{slug}'
    isbn: str = ''
    publication_date: dt.date | None = None
    depositor: str = ''
    email: str = ''
    hal_domains: tuple[str, ...] = ()
    hal_audience: str = 'not-set'
    hal_peer_reviewed: bool | None = None
    hal_popular: bool | None = None
    hal_invited: bool | None = None


@dataclass(frozen=True)
class Session:
    docname: str
    #: The session's title in each language, the source language first.
    titles: dict[str, str]
    kind: str
    part: str
    #: (role, key of [contributors]) in the order the chapter names them.
    contributors: tuple[tuple[str, str], ...]
    page: str
    number: int

    @property
    def name(self) -> str:
        return self.docname.rsplit('/', 1)[-1]


@dataclass(frozen=True)
class Volume:
    identity: Identity
    settings: Settings
    #: Each edition's texts of the identity (title, subtitle, keywords…), by language.
    texts: dict[str, dict[str, Any]]
    sessions: tuple[Session, ...]
    #: When the records were made (seconds since 1970, from the last commit).
    epoch: int = 0

    @property
    def source_language(self) -> str:
        return self.identity.source_language

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.texts)

    def text(self, key: str, language: str | None = None) -> Any:
        return self.texts[language or self.source_language][key]

    # -- The event -------------------------------------------------------------------

    @property
    def start(self) -> dt.date:
        return self.identity.event_date

    @property
    def end(self) -> dt.date:
        return self.identity.event_end_date or self.identity.event_date

    @property
    def city(self) -> str:
        return self.identity.event_city

    @property
    def country(self) -> str:
        return self.identity.event_country

    def contributor(self, key: str) -> Contributor | None:
        return self.identity.contributors.get(key)

    # -- Addresses and DOIs ----------------------------------------------------------

    def edition_address(self, language: str | None = None) -> str:
        return edition_url(self.identity, language or self.source_language)

    def page_address(self, session: Session, language: str | None = None) -> str:
        base = self.edition_address(language)
        return f'{base}{session.page}' if base else ''

    def volume_doi(self) -> str:
        return self._doi(self.settings.volume_doi, None, 'volume_doi')

    def session_doi(self, session: Session) -> str:
        return self._doi(self.settings.doi_pattern, session, 'doi_pattern')

    def _doi(self, pattern: str, session: Session | None, key: str) -> str:
        if not self.settings.doi_prefix:
            return ''
        values = {'{slug}': self.identity.slug}
        if session is not None:
            values |= {'{session}': session.name, '{number}': str(session.number)}
        suffix = re.sub(r'\{[a-z]+\}', lambda m: values.get(m.group(0), m.group(0)), pattern)
        if not DOI_SUFFIX.fullmatch(suffix):
            raise DepositError(
                f'{self.identity.path}: [deposit] {key} = "{pattern}" makes the DOI suffix '
                f'"{suffix}", which is not made of letters, digits and . _ ; ( ) / : - '
                f'(placeholders: {", ".join(sorted(values))})')
        return f'{self.settings.doi_prefix}/{suffix}'

    def check_dois(self) -> None:
        """Every DOI well formed and different from every other."""
        seen: dict[str, str] = {}
        for what, doi in [('the volume', self.volume_doi())] + [
                (session.docname, self.session_doi(session)) for session in self.sessions]:
            if doi and doi in seen:
                raise DepositError(
                    f'{self.identity.path}: [deposit] gives {seen[doi]} and {what} the same '
                    f'DOI {doi}; put {{session}} or {{number}} in doi_pattern')
            seen[doi] = what


def load_settings(identity: Identity) -> Settings:
    """The ``[deposit]`` table of the identity file, each value checked."""
    path = identity.path
    data = tomllib.loads(path.read_text(encoding='utf-8')).get('deposit', {})
    if not isinstance(data, dict):
        raise DepositError(f'{path}: [deposit] must be a table')
    hal = data.get('hal', {})
    known = {'doi_prefix', 'doi_pattern', 'volume_doi', 'isbn', 'publication_date',
             'depositor', 'email', 'hal'}
    for key in data:
        if key not in known:
            raise DepositError(f'{path}: [deposit] has no key {key!r} (keys: '
                               f'{", ".join(sorted(known))})')

    def text(key: str, table: dict = data, name: str = 'deposit') -> str:
        value = table.get(key, '')
        if not isinstance(value, str):
            raise DepositError(f'{path}: [{name}] {key} must be text, not {value!r}')
        return value.strip()

    def flag(key: str) -> bool | None:
        value = hal.get(key)
        if value is not None and not isinstance(value, bool):
            raise DepositError(f'{path}: [deposit.hal] {key} must be true or false')
        return value

    prefix = text('doi_prefix')
    if prefix and not DOI_PREFIX.fullmatch(prefix):
        raise DepositError(f'{path}: [deposit] doi_prefix "{prefix}" is not a DOI prefix '
                           '(10. then 4 to 9 digits, such as "10.5555")')
    for key in ('doi_pattern', 'volume_doi'):
        pattern = text(key)
        for placeholder in re.findall(r'\{[^}]*\}', pattern):
            allowed = PLACEHOLDERS if key == 'doi_pattern' else ('{slug}',)
            if placeholder not in allowed:
                raise DepositError(f'{path}: [deposit] {key} has {placeholder}; it may hold '
                                   f'{", ".join(allowed)}')
    if text('doi_pattern') and '{session}' not in text('doi_pattern') and \
            '{number}' not in text('doi_pattern'):
        raise DepositError(f'{path}: [deposit] doi_pattern needs {{session}} or {{number}}, '
                           'so that each session has a DOI of its own')
    date = data.get('publication_date')
    if date is not None and (not isinstance(date, dt.date) or isinstance(date, dt.datetime)):
        raise DepositError(f'{path}: [deposit] publication_date must be a date such as '
                           f'2019-06-30, not {date!r}')
    email = text('email')
    if email and not EMAIL.fullmatch(email):
        raise DepositError(f'{path}: [deposit] email "{email}" is not an e-mail address')
    isbn = text('isbn')
    if isbn and not valid_isbn(isbn):
        raise DepositError(f'{path}: [deposit] isbn "{isbn}" is not a valid ISBN '
                           '(10 or 13 digits, with a right check digit)')
    if not isinstance(hal, dict):
        raise DepositError(f'{path}: [deposit.hal] must be a table')
    domains = hal.get('domains', [])
    if not isinstance(domains, list) or not all(
            isinstance(d, str) and HAL_DOMAIN.fullmatch(d) for d in domains):
        raise DepositError(f'{path}: [deposit.hal] domains must be a list of HAL domain '
                           'codes, such as ["shs.socio"]')
    audience = text('audience', hal, 'deposit.hal') or 'not-set'
    if audience not in HAL_AUDIENCES:
        raise DepositError(f'{path}: [deposit.hal] audience "{audience}" is not one of '
                           f'{", ".join(HAL_AUDIENCES)}')
    defaults = Settings()
    return Settings(
        doi_prefix=prefix,
        doi_pattern=text('doi_pattern') or defaults.doi_pattern,
        volume_doi=text('volume_doi') or defaults.volume_doi,
        isbn=isbn,
        publication_date=date,
        depositor=text('depositor'),
        email=email,
        hal_domains=tuple(domains),
        hal_audience=audience,
        hal_peer_reviewed=flag('peer_reviewed'),
        hal_popular=flag('popular'),
        hal_invited=flag('invited'),
    )


def valid_isbn(isbn: str) -> bool:
    digits = isbn.replace('-', '').replace(' ', '').upper()
    if re.fullmatch(r'[0-9]{13}', digits):
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
        return total % 10 == 0
    if re.fullmatch(r'[0-9]{9}[0-9X]', digits):
        total = sum((10 - i) * (10 if d == 'X' else int(d)) for i, d in enumerate(digits))
        return total % 11 == 0
    return False


def load_volume(identity: Identity, data_files: dict[str, Path], epoch: int = 0) -> Volume:
    """The volume from its identity and the JSON that each edition's build wrote."""
    settings = load_settings(identity)
    texts: dict[str, dict[str, Any]] = {}
    titles: dict[str, dict[str, str]] = {}
    first: list[dict] = []
    for language in identity.languages:
        path = data_files[language]
        try:
            data = json.loads(path.read_text(encoding='utf-8'))
        except FileNotFoundError:
            raise DepositError(f'{path}: the {language} build wrote no volume data') from None
        except (ValueError, OSError) as exc:
            raise DepositError(f'{path}: not the volume data of a build: {exc}') from None
        if data.get('version') != DATA_VERSION or data.get('language') != language:
            raise DepositError(f'{path}: not the {language} volume data of this toolchain')
        texts[language] = data
        for session in data['sessions']:
            titles.setdefault(session['docname'], {})[language] = session['title']
        if not first:
            first = data['sessions']
    sessions = tuple(
        Session(docname=s['docname'], titles=titles[s['docname']], kind=s['kind'],
                part=s['part'], contributors=tuple(tuple(pair) for pair in s['contributors']),
                page=s['page'], number=number)
        for number, s in enumerate(first, 1))
    volume = Volume(identity, settings, texts, sessions, epoch)
    volume.check_dois()
    return volume


# -- What each archive still needs -------------------------------------------------------


def missing_for_crossref(volume: Volume) -> list[str]:
    settings = volume.settings
    missing = []
    if not settings.doi_prefix:
        missing.append('[deposit] doi_prefix (your DOI prefix, such as "10.5555")')
    if settings.publication_date is None:
        missing.append('[deposit] publication_date (when the acts are published)')
    if not settings.depositor:
        missing.append('[deposit] depositor (who deposits, as Crossref knows them)')
    if not settings.email:
        missing.append('[deposit] email (where Crossref reports on the deposit)')
    if not volume.identity.base_url:
        missing.append("[book] base_url (the site's address, which each DOI leads to; "
                       'or make deposit BASE_URL=https://…)')
    missing += _unnamed_people(volume, 'Crossref')
    return missing


def missing_for_hal(volume: Volume) -> list[str]:
    settings = volume.settings
    missing = []
    if not volume.city:
        missing.append('[event] city (the town of the event)')
    if not volume.country:
        missing.append('[event] country (its ISO 3166 code, such as "FR")')
    if settings.publication_date is None:
        missing.append('[deposit] publication_date (when the acts are published)')
    if not settings.hal_domains:
        missing.append('[deposit.hal] domains (HAL domain codes, such as ["shs.socio"])')
    for key, value in (('peer_reviewed', settings.hal_peer_reviewed),
                       ('popular', settings.hal_popular),
                       ('invited', settings.hal_invited)):
        if value is None:
            missing.append(f'[deposit.hal] {key} (true or false)')
    missing += _unnamed_people(volume, 'HAL')
    return missing


def _unnamed_people(volume: Volume, archive: str) -> list[str]:
    """Contributors whose name the archive cannot split: it needs a family name."""
    missing = []
    keys = dict.fromkeys(key for session in volume.sessions for _role, key in
                         session.contributors)
    for key in keys:
        person = volume.contributor(key)
        if person is not None and not person.family_names:
            missing.append(f'[contributors.{key}] family_names (and given_names): '
                           f'{archive} records people by their names in parts')
    return missing
