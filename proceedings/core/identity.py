"""The book's identity: one data file that the configuration, templates and PDF read.

The file (``book.toml`` by default, the ``proceedings_identity`` option) holds the title,
subtitle, editors, publisher, event date and place, the languages of the book and the
platform of the recordings, in the source language. Its texts are translated through the
``proceedings`` message catalogue, so that a translator finds them in a PO file like
every other text of the book.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

if TYPE_CHECKING:
    from collections.abc import Callable


#: How the book writes a date in a language whose babel "long" form it does not follow:
#: "7 November 2018", as the English text writes it (babel's "en" is American,
#: "November 7, 2018"). Other languages take babel's long form ("7 novembre 2018").
DATE_PATTERNS = {'en': 'd MMMM y'}


class IdentityError(Exception):
    """The identity file is missing or wrong; the message names it and what to fix."""


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
                 self.event_name, self.event_place, *([self.rights] if self.rights else [])]
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
            event_date=long_date(self.event_date, language),
            rights=_(self.rights) if self.rights else '',
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
    event_date: str
    rights: str = ''

    @property
    def authors(self) -> str:
        return ', '.join(self.editors)


def long_date(date: dt.date, language: str) -> str:
    """A date in full, in the one form the book uses in *language*, text and citations."""
    return format_date(date, format=DATE_PATTERNS.get(language, 'long'), locale=language)


def load(path: Path) -> Identity:
    """Read and check the identity file; every mistake names the file and what to fix."""
    try:
        data = tomllib.loads(path.read_text(encoding='utf-8'))
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
        event_date=get('event', 'date', dt.date),
        event_place=get('event', 'place'),
        recordings_platform=get('recordings', 'platform'),
        recordings_url=_platform_url(get('recordings', 'platform_url'), path),
        recordings_language=get('recordings', 'language'),
        rights=rights,
        licence_url=licence_url,
        languages_in_progress=tuple(dict.fromkeys(in_progress)),
    )


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
