"""The book's identity: one data file that the configuration, templates and PDF read.

The file (``book.toml`` by default, the ``proceedings_identity`` option) holds the title,
subtitle, editors, publisher, event date and place, the languages of the book and the
platform of the recordings, in the source language. Its texts are translated through the
``proceedings`` message catalogue, so that a translator finds them in a PO file like
every other text of the book.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.dates import format_date

if TYPE_CHECKING:
    from collections.abc import Callable


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

    @property
    def source_language(self) -> str:
        return self.languages[0]

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
                 self.event_name, self.event_place]
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
            event_date=format_date(self.event_date, format='long', locale=language),
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

    @property
    def authors(self) -> str:
        return ', '.join(self.editors)


def load(path: Path) -> Identity:
    """Read and check the identity file; every mistake names the file and what to fix."""
    try:
        data = tomllib.loads(path.read_text(encoding='utf-8'))
    except FileNotFoundError:
        raise IdentityError('%s: the book identity file is missing' % path) from None
    except tomllib.TOMLDecodeError as exc:
        raise IdentityError('%s: not valid TOML: %s' % (path, exc)) from None

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
    editors = get('book', 'editors', list)
    if not all(isinstance(name, str) and name for name in editors):
        raise IdentityError('%s: [book] editors must be a list of names' % path)
    site = base_url(data.get('book', {}).get('base_url', ''), path)
    return Identity(
        path=path,
        slug=get('book', 'slug'),
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
        recordings_url=get('recordings', 'platform_url'),
        recordings_language=get('recordings', 'language'),
    )


def _same_address(first: str, second: str) -> bool:
    """Two web addresses that name the same page (scheme and host in any case, a
    trailing slash or not)."""
    def key(address: str) -> tuple[str, str, str, str]:
        parts = urlsplit(address.strip())
        return (parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip('/'),
                parts.query)
    return bool(first) and key(first) == key(second)


def base_url(url: str, path: Path) -> str:
    """*url* as the site's address, ending in a slash, or '' when there is none."""
    if not url:
        return ''
    if not isinstance(url, str) or not url.startswith(('https://', 'http://')):
        raise IdentityError('%s: base_url must start with https://' % path)
    return url.rstrip('/') + '/'
