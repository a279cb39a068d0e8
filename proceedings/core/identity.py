"""The book's identity: one data file that the configuration, templates and PDF read.

The file (``book.toml`` by default, the ``proceedings_identity`` option) holds the title,
subtitle, editors, publisher, the event's dates and place, the languages of the book and
the platform of the recordings, in the source language, and the volume's session model:
its days, kinds of session and contributors (:mod:`proceedings.core.model`). Its texts are translated through the
``proceedings`` message catalogue, so that a translator finds them in a PO file like
every other text of the book.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

from proceedings.core.model import (
    Contributor,
    Day,
    IdentityError,
    Kind,
    Lines,
    ModelError,
    end_date,
    load_model,
    optional_text,
)

if TYPE_CHECKING:
    from collections.abc import Callable


#: How the book writes a date in a language whose babel "long" form it does not follow:
#: "7 November 2018", as the English text writes it (babel's "en" is American,
#: "November 7, 2018"). Other languages take babel's long form ("7 novembre 2018").
DATE_PATTERNS = {'en': 'd MMMM y'}

__all__ = ['Contributor', 'Day', 'Identity', 'IdentityError', 'Kind', 'ModelError',
           'TranslatedIdentity', 'load', 'long_date', 'long_dates']


@dataclass(frozen=True)
class Identity:
    path: Path
    slug: str
    title: str
    subtitle: str
    editors: tuple[str, ...]
    publisher: str
    keywords: tuple[str, ...]
    languages: tuple[str, ...]
    base_url: str
    event_name: str
    event_date: dt.date
    event_place: str
    recordings_platform: str
    recordings_url: str
    recordings_language: str
    #: The rights statement and the licence's address, as the volume's editors state
    #: them; empty when they state none, and then the book states none either.
    rights: str = ''
    licence_url: str = ''
    #: The last day of an event of several days; None for a one-day event.
    event_end_date: dt.date | None = None
    #: Where the event took place, for the archives: a city, and an ISO 3166-1 alpha-2
    #: country code ("FR"); empty when the volume does not give them.
    event_city: str = ''
    event_country: str = ''
    #: The days of the event with their parts in order; empty when the volume names none.
    days: tuple[Day, ...] = ()
    #: The kinds of session, by the key that ``:kind:`` writes, in the file's order.
    kinds: dict[str, Kind] = field(default_factory=dict, hash=False)
    #: The people sessions name, by the key that ``:speakers:`` and the like write.
    contributors: dict[str, Contributor] = field(default_factory=dict, hash=False)

    @property
    def event_dates(self) -> tuple[dt.date, dt.date]:
        """The first and the last day of the event (the same day for a one-day event)."""
        return self.event_date, self.event_end_date or self.event_date

    def day_of_part(self, part: str) -> Day | None:
        return next((day for day in self.days if part in day.parts), None)
    #: Where a reader reports an accessibility problem (a mailto: or https:// address);
    #: empty when the editors give none, and the accessibility page then says so.
    accessibility_contact: str = ''
    #: The translations still in progress (``[book] in_progress``): each builds and is
    #: published as a preview edition, marked as such, and is checked for what its
    #: catalogues hold but not for completeness.
    languages_in_progress: tuple[str, ...] = ()

    @property
    def source_language(self) -> str:
        return self.languages[0]

    def in_progress(self, language: str) -> bool:
        return language in self.languages_in_progress

    def recording_is_pending(self, address: str) -> bool:
        """Whether a session's recording address is only the platform's home page.

        The sources name the platform but not each recording's own address: until an
        editor sets it, a session points to the platform, and the book must say so.
        """
        return _same_address(address, self.recordings_url)

    def translatable_messages(self) -> list[tuple[str, int]]:
        """Each text a reader reads, with the line of the file that holds it."""
        lines = self.path.read_text(encoding='utf-8').splitlines()
        texts = [self.title, self.subtitle, *self.editors, self.publisher, *self.keywords,
                 self.event_name, self.event_place, *([self.rights] if self.rights else []),
                 *(kind.label for kind in self.kinds.values()),
                 *(day.name for day in self.days if day.name)]
        found = []
        for text in dict.fromkeys(texts):
            quoted = f'"{text}"'
            lineno = next((i for i, line in enumerate(lines, 1) if quoted in line), 0)
            found.append((text, lineno))
        return found

    def translated(self, language: str, translate: Callable[[str], str]) -> TranslatedIdentity:
        """The identity as a reader of *language* reads it, through *translate*: the
        ``proceedings`` message catalogue of that language."""
        _ = translate  # noqa: N806 -- the name that gettext tools and readers expect
        return TranslatedIdentity(
            identity=self,
            language=language,
            title=_(self.title),
            subtitle=_(self.subtitle),
            editors=tuple(_(name) for name in self.editors),
            publisher=_(self.publisher),
            keywords=tuple(_(word) for word in self.keywords),
            event_name=_(self.event_name),
            event_place=_(self.event_place),
            event_date=long_dates(*self.event_dates, language),
            rights=_(self.rights) if self.rights else '',
            kinds={key: _(kind.label) for key, kind in self.kinds.items()},
            days=tuple(_(day.name) if day.name else long_date(day.date, language)
                       for day in self.days),
        )


@dataclass(frozen=True)
class TranslatedIdentity:
    identity: Identity
    language: str
    title: str
    subtitle: str
    editors: tuple[str, ...]
    publisher: str
    keywords: tuple[str, ...]
    event_name: str
    event_place: str
    #: The event's date, or its first and last days ("14–15 November 2019"), in full.
    event_date: str
    rights: str = ''
    #: The label of each kind of session, by its key.
    kinds: dict[str, str] = field(default_factory=dict, hash=False)
    #: How each day of ``identity.days`` is headed: its name, or else its date in full.
    days: tuple[str, ...] = ()

    @property
    def authors(self) -> str:
        return ', '.join(self.editors)


def long_date(date: dt.date, language: str) -> str:
    """A date in full, in the one form the book uses in *language*, text and citations."""
    return format_date(date, format=DATE_PATTERNS.get(language, 'long'), locale=language)


def long_dates(start: dt.date, end: dt.date | None, language: str) -> str:
    """A day, or the first and last days of an event, in full: "14–15 November 2019"."""
    if end is None or end == start:
        return long_date(start, language)
    last = long_date(end, language)
    pattern = DATE_PATTERNS.get(language) or Locale.parse(language).date_formats['long'].pattern
    if not pattern.startswith('d MMMM') or start.year != end.year:
        return f'{long_date(start, language)} – {last}'
    # Languages that write the day first share the rest: "14–15 November 2019",
    # "30 novembre – 1 décembre 2019".
    if start.month == end.month:
        return f'{start.day}–{last}'
    return f'{format_date(start, "d MMMM", locale=language)} – {last}'


def load(path: Path) -> Identity:
    """Read and check the identity file; every mistake names the file and what to fix."""
    try:
        text = path.read_text(encoding='utf-8')
        data = tomllib.loads(text)
    except FileNotFoundError:
        raise IdentityError('%s: the book identity file is missing' % path) from None
    except tomllib.TOMLDecodeError as exc:
        raise IdentityError('%s: not valid TOML: %s' % (path, exc)) from None
    except UnicodeDecodeError as exc:
        raise IdentityError('%s: not UTF-8 text (byte %d)' % (path, exc.start)) from None
    except OSError as exc:
        raise IdentityError('%s: cannot be read: %s' % (path, exc.strerror)) from None

    def get(table: str, key: str, kind: type = str):
        value = data.get(table, {}).get(key)
        if not isinstance(value, kind) or (isinstance(value, (str, list)) and not value):
            raise IdentityError('%s: [%s] needs %s = <%s>' % (path, table, key, kind.__name__))
        return value

    languages = tuple(get('book', 'languages', list))
    for code in languages:
        try:
            Locale.parse(code)
        except (ValueError, TypeError, UnknownLocaleError):
            raise IdentityError(
                '%s: [book] languages: %r is not a language code such as "fr"' % (path, code)
            ) from None
    in_progress = data.get('book', {}).get('in_progress', [])
    if not isinstance(in_progress, list) or not all(
            isinstance(code, str) and code in languages[1:] for code in in_progress):
        raise IdentityError(
            '%s: [book] in_progress must list translations of `languages` (not the source '
            'language %r), for example in_progress = ["es"]' % (path, languages[0]))
    editors = get('book', 'editors', list)
    if not all(isinstance(name, str) and name for name in editors):
        raise IdentityError('%s: [book] editors must be a list of names' % path)
    site = base_url(data.get('book', {}).get('base_url', ''), path)
    rights = _optional_text(data, 'rights', path)
    licence_url = _optional_text(data, 'licence_url', path)
    if licence_url and not licence_url.startswith(('https://', 'http://')):
        raise IdentityError(
            ('%s: [book] licence_url must be the https:// address of the licence') % path)
    if licence_url and not rights:
        raise IdentityError(
            ('%s: [book] licence_url needs the rights statement that names the licence '
               '(rights = "…")') % path)
    lines = Lines(text)
    event_date = get('event', 'date', dt.date)
    last_day = end_date(data, path, lines, event_date)
    days, kinds, contributors = load_model(data, path, lines, event_date, last_day)
    contact = _optional_text(data, 'accessibility_contact', path)
    if contact and not CONTACT.fullmatch(contact):
        raise IdentityError(
            ('%s: [book] accessibility_contact must be a mailto: address '
             '(mailto:someone@example.org) or the https:// address of a contact page')
            % path)
    return Identity(
        path=path,
        slug=_slug(get('book', 'slug'), path),
        title=get('book', 'title'),
        subtitle=get('book', 'subtitle'),
        editors=tuple(editors),
        publisher=get('book', 'publisher'),
        keywords=tuple(str(word) for word in data.get('book', {}).get('keywords', [])),
        languages=languages,
        base_url=site,
        event_name=get('event', 'name'),
        event_date=event_date,
        event_place=get('event', 'place'),
        recordings_platform=get('recordings', 'platform'),
        recordings_url=_platform_url(get('recordings', 'platform_url'), path),
        recordings_language=get('recordings', 'language'),
        rights=rights,
        licence_url=licence_url,
        event_end_date=last_day,
        event_city=optional_text(data.get('event', {}), 'city', path,
                                 lines.of('event', 'city'), '[event]'),
        event_country=_country(data, path, lines),
        days=days,
        kinds=kinds,
        contributors=contributors,
        accessibility_contact=contact,
        languages_in_progress=tuple(dict.fromkeys(in_progress)),
    )


def _country(data: dict, path: Path, lines: Lines) -> str:
    """[event] country: an ISO 3166-1 alpha-2 code, as the archives (HAL) want it."""
    code = optional_text(data.get('event', {}), 'country', path, lines.of('event', 'country'),
                         '[event]')
    if code and not (len(code) == 2 and code.upper() in Locale('en').territories):
        raise ModelError(path, lines.of('event', 'country'),
                         '[event] country %r is not an ISO 3166-1 code of two letters such '
                         'as "FR"' % code)
    return code.upper()


def _optional_text(data: dict, key: str, path: Path) -> str:
    """An optional text of [book]: absent or empty means that the volume states none."""
    value = data.get('book', {}).get(key, '')
    if not isinstance(value, str):
        raise IdentityError('%s: [book] %s must be text, not %r' % (path, key, value))
    if any(ord(c) < 32 and not c.isspace() or ord(c) == 127 for c in value):
        raise IdentityError('%s: [book] %s holds a control character' % (path, key))
    return ' '.join(value.split())


def _same_address(first: str, second: str) -> bool:
    """Two web addresses that name the same page (scheme and host in any case, a
    trailing slash or not)."""
    def key(address: str) -> tuple[str, str, str, str]:
        parts = urlsplit(address.strip())
        return (parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip('/'),
                parts.query)
    return bool(first) and key(first) == key(second)


#: The site's address: it lands in the Content-Security-Policy (its origin), in BibTeX's
#: ``url`` and in every canonical link, so it holds only what an address of a folder on the
#: web needs: a host, a port perhaps, a path of unreserved characters and %-escapes; no
#: query, fragment, quote, space, brace, backslash, comma or semicolon.
BASE_URL = re.compile(
    r'https?://[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::[0-9]{1,5})?'
    r'(?:/[A-Za-z0-9._~%/-]*)?')
#: A contact lands in a link of every edition and of the PDF: an e-mail address or a web
#: page, with nothing a browser or LaTeX would read as more.
CONTACT = re.compile(
    r'mailto:[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?\.[A-Za-z]{2,}'
    r'|https?://[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::[0-9]{1,5})?'
    r'(?:/[A-Za-z0-9._~%/=-]*)?')
#: The slug names the PDF, EPUB and BibTeX files: a plain file name, nothing that a shell,
#: a URL or a file system reads as more.
SLUG = re.compile(r'[A-Za-z0-9][A-Za-z0-9._-]{0,99}')


def base_url(url: object, path: Path) -> str:
    """*url* as the site's address, ending in a slash, or '' when there is none."""
    if url == '':
        return ''
    if not isinstance(url, str) or not BASE_URL.fullmatch(url):
        raise IdentityError(
            ('%s: base_url %r is not the absolute https:// or http:// address of a folder '
               '(a host, then a path of letters, digits and . _ ~ %% / -)') % (path, url))
    return url.rstrip('/') + '/'


def _slug(slug: str, path: Path) -> str:
    if not SLUG.fullmatch(slug):
        raise IdentityError(
            ('%s: [book] slug %r must be a file name of letters, digits and . _ - '
               '(starting with a letter or digit, at most 100 characters)') % (path, slug))
    return slug


def _platform_url(url: str, path: Path) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ('https', 'http') or not parts.netloc or not BASE_URL.fullmatch(
            f'{parts.scheme}://{parts.netloc}'):
        raise IdentityError(
            ('%s: [recordings] platform_url %r is not an absolute https:// or http:// '
               'address') % (path, url))
    return url
