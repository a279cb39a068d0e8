"""Does a translation keep the markup, links and placeholders of its English text?

Sphinx compares only the number of references and footnotes between a message and its
translation. A MyST translation with an unclosed ``**`` gives no warning at all, and the
asterisks show in the book; a link whose address was retyped leads elsewhere. So each
pair is parsed with MyST's own Markdown parser and what matters is compared: bold and
italics, inline code, link addresses, roles, footnote references, braces.

Which comparison applies depends on where a message comes from:

- ``myst``: a paragraph or title of a chapter (a ``.md`` location);
- ``format``: a string of the extension's code or of an HTML template, formatted with
  ``%`` or ``str.format``: its placeholders and HTML tags must survive.
- ``text``: anything else (the texts of ``book.toml``): nothing to compare.

Babel marks any msgid that contains "100% of" as ``python-format``, and ``msgfmt --check``
then rejects a correct French "100 %". Prose is never %-formatted by Sphinx, so the
``python-format`` flag counts for ``format`` messages only.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from pathlib import PurePosixPath

from babel.messages.catalog import Message
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from proceedings.core.plaintext import emphasised_pieces, is_plain, plain_syntax
from proceedings.po.pofile import PoFile, Problem, translated

#: Python's %-placeholders, as msgfmt reads them (``%%`` is a percent sign).
PERCENT = re.compile(
    r'%(?:\((\w+)\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])')
BRACES = re.compile(r'\{[^{}\s]*\}')
HTML_TAG = re.compile(r'</?[a-zA-Z][^<>]*>')
HTML_ENTITY = re.compile(r'&(?:#\d+|#x[0-9a-fA-F]+|\w+);')
CODE_SUFFIXES = frozenset({'.py', '.html', '.jinja', '.js'})
DOCUMENT_SUFFIXES = frozenset({'.md'})
#: What a reader would call each inline piece of MyST, for the messages.
NAMES = {
    'strong': 'bold (**…**)',
    'em': 'italics (*…*)',
    's': 'strikethrough (~~…~~)',
}
#: What readers call the block constructs that a translation could start, by accident or
#: not ("# ", "- ", "1. ", "> ", a fence of backticks or colons…). Any other block
#: construct is named by its token type; every one counts, whatever its syntax.
BLOCKS = {
    'heading': 'a heading (#)',
    'bullet_list': 'a list (- or *)',
    'ordered_list': 'a numbered list (1.)',
    'blockquote': 'a quotation (>)',
    'code_block': 'a code block (indented text)',
    'fence': 'a code block (```)',
    'colon_fence': 'a block (:::)',
    'hr': 'a horizontal rule',
    'table': 'a table',
    'dl': 'a definition list (:)',
    'myst_target': 'a target ((name)=)',
    'myst_line_comment': 'a comment (%)',
    'myst_block_break': 'a block break (+++)',
    'footnote_reference': 'a footnote definition ([^…]:)',
    'front_matter': 'front matter (---)',
    'math_block': 'a formula ($$)',
}
#: Tokens of any paragraph: not a construct of their own.
PARAGRAPH_TOKENS = frozenset({'paragraph_open', 'paragraph_close', 'inline'})
#: The block rules of MyST's Markdown parser, with every extension (myst-parser 5.2,
#: markdown-it-py 4.0), none of which reads one line that starts with a letter as anything
#: but a paragraph: each needs a mark first (``#``, ``>``, ``-``, a backquote, ``:``,
#: ``$``, ``{``, ``[``, ``(``, ``%``, ``<``, a backslash…), a digit, an indent, or a
#: second line (tables, definition lists, underlined headings).
LINE_RULES = frozenset({
    'amsmath', 'attr', 'blockquote', 'code', 'colon_fence', 'deflist', 'fence', 'fieldlist',
    'footnote_def', 'front_matter', 'heading', 'hr', 'html_block', 'lheading', 'list',
    'math_block', 'myst_block_break', 'myst_line_comment', 'myst_target', 'paragraph',
    'reference', 'substitution_block', 'table',
})


def block_name(token) -> str | None:
    """What block construct *token* opens, with the directive a fence names; else None."""
    if not token.block or token.type in PARAGRAPH_TOKENS or token.type.endswith('_close'):
        return None
    kind = token.type[:-5] if token.type.endswith('_open') else token.type
    label = BLOCKS.get(kind, f'a block construct ({kind})')
    info = (token.info or '').strip()
    if kind in ('fence', 'colon_fence') and info.startswith('{') and '}' in info:
        return f'the directive {info[:info.index("}") + 1]} in {label}'
    # The outermost construct names the change; its items and rows say nothing more.
    return label if token.level == 0 else None


def one_line_paragraphs(md) -> bool:
    """Whether every block rule of *md* is one of ``LINE_RULES``, paragraphs among them."""
    rules = set(md.block.ruler.get_active_rules())
    return 'paragraph' in rules and rules <= LINE_RULES


def kind_of(message: Message, domain: str) -> str:
    """``myst``, ``format`` or ``text``: how a message's translation is checked."""
    suffixes = {PurePosixPath(filename).suffix for filename, _line in message.locations}
    if suffixes & DOCUMENT_SUFFIXES:
        return 'myst'
    if suffixes & CODE_SUFFIXES:
        return 'format'
    if suffixes:
        return 'text'
    # Without locations, the domain tells: the extension's and the theme's are code.
    return 'format' if domain in ('sphinx', 'proceedings') else 'myst'


class Markup:
    """Compares messages with their translations, with the book's MyST settings."""

    def __init__(self, enable_extensions: Iterable[str] = (),
                 disable_syntax: Iterable[str] = ()) -> None:
        config = MdParserConfig(enable_extensions=set(enable_extensions),
                                disable_syntax=list(disable_syntax))
        self.md = create_md_parser(config, RendererHTML)
        # The word count of a text only goes into the parse's env, which is thrown away.
        self.md.disable('wordcount', ignoreInvalid=True)
        #: Whether a text of one line that starts with a letter is one paragraph of it.
        self.one_line = one_line_paragraphs(self.md)
        #: A plain text (``proceedings.core.plaintext``) is one paragraph of one text, in
        #: which none of the pieces below can be: no need to parse it to know.
        self.plain = plain_syntax(config.enable_extensions, config.disable_syntax)

    # -- Comparing -------------------------------------------------------------------

    def compare(self, source: str, translation: str, kind: str,
                flags: Iterable[str] = ()) -> list[str]:
        """What the translation lost or added, one sentence each; empty when it is right."""
        if not translation:
            return []
        if kind == 'myst':
            return self._compare_myst(source, translation)
        if kind == 'format':
            return _compare_format(source, translation, set(flags))
        return _compare_text(source, translation)

    def _compare_myst(self, source: str, translation: str) -> list[str]:
        if self.plain and is_plain(source) and is_plain(translation):
            return []  # no pieces on either side: nothing lost, nothing added
        english, french = self._pieces(source), self._pieces(translation)
        if english == french:
            return []  # each check below compares a kind of piece of the two sides
        problems = []
        for block in sorted(french['blocks'] - english['blocks']):
            problems.append(f'the translation is read as {block}, the English is not: '
                            'a translation adds no block or directive (check the start of '
                            'the line)')
        for name, label in NAMES.items():
            if english[name] != french[name]:
                problems.append(f'{label}: {english[name]} in the English, '
                                f'{french[name]} in the translation (is a delimiter missing?)')
        problems += _differences(english['code'], french['code'], 'inline code `{}`',
                                 'code stays as it is')
        problems += _differences(english['links'], french['links'], 'the link to {}',
                                 'addresses stay as they are')
        problems += _differences(english['roles'], french['roles'], 'the role {}',
                                 'roles and their targets stay as they are')
        problems += _differences(english['footnotes'], french['footnotes'],
                                 'the footnote reference [^{}]', '')
        problems += _differences(english['other'], french['other'], '{}', '')
        problems += _differences(english['braces'], french['braces'], '{}', '')
        # A lone delimiter explains a count above; say it only when nothing else did.
        counted = {
            '*': any(english[name] != french[name] for name in NAMES),
            '`': english['code'] != french['code'],
        }
        for char, name in (('`', 'backquote (`)'), ('*', 'asterisk (*)')):
            if french['literal'][char] > english['literal'][char] and not counted[char]:
                problems.append(f'a lone {name} in the translation: is its pair missing, '
                                'or a space inside the markup?')
        return problems

    def _pieces(self, text: str) -> dict:
        if self.plain:
            # A plain text has no pieces; a text of plain texts and simple emphases
            # (proceedings.core.plaintext) has its emphases alone.
            found = emphasised_pieces(text)
            if found is not None:
                pieces = _no_pieces()
                pieces['em'] = sum(1 for _piece, emphasised in found if emphasised)
                return pieces
        return self._parsed_pieces(text)

    def tokens(self, text: str) -> list:
        """The tokens of *text* that the comparison reads: its blocks, with their inline
        tokens as children.

        One line that starts with a letter and ends without a space is a paragraph of that
        line, for every block rule of the parser (``LINE_RULES``): its inline tokens are
        those of the line parsed inline, without the block parser, which tries each of its
        rules at each line. The paragraph's tokens are not a construct of their own, and
        only the inline token's level and block flag tell that it stood in one.
        """
        if (self.one_line and text[:1].isalpha() and '\n' not in text and '\r' not in text
                and text.strip() == text):
            return self.md.parseInline(text, {})
        return self.md.parse(text, {})

    def _parsed_pieces(self, text: str) -> dict:
        pieces = _no_pieces()
        for token in self.tokens(text):
            block = block_name(token)
            if block:
                pieces['blocks'].add(block)
            for child in token.children or ():
                kind = child.type
                if kind == 'text':
                    pieces['literal'].update(c for c in child.content if c in '`*')
                    pieces['braces'].update(BRACES.findall(child.content))
                elif kind.endswith('_open') and kind[:-5] in NAMES:
                    pieces[kind[:-5]] += 1
                elif kind == 'code_inline':
                    pieces['code'][child.content] += 1
                elif kind in ('link_open', 'image'):
                    pieces['links'][child.attrGet('href') or child.attrGet('src') or ''] += 1
                elif kind == 'myst_role':
                    pieces['roles'][f'{{{child.meta.get("name")}}}`{child.content}`'] += 1
                elif kind == 'footnote_ref':
                    pieces['footnotes'][child.meta.get('label', '')] += 1
                elif kind not in ('softbreak', 'hardbreak') and not kind.endswith('_close'):
                    pieces['other'][child.markup + child.content] += 1
        return pieces

    # -- Plain text, for the spelling check --------------------------------------------

    def words(self, text: str, kind: str) -> str:
        """The words a reader reads, without markup, code, addresses or placeholders."""
        if kind != 'myst':
            text = HTML_TAG.sub(' ', text)
            text = HTML_ENTITY.sub(' ', text)
            text = PERCENT.sub(' ', text)
            return BRACES.sub(' ', text)
        if self.plain and is_plain(text):
            return text  # one text, without braces
        parts = []
        for token in self.tokens(text):
            for child in token.children or ():
                if child.type == 'text':
                    parts.append(BRACES.sub(' ', child.content))
                elif not child.type.endswith(('_open', '_close')):
                    parts.append(' ')  # code, a role, a break: not words, but a gap
        return ''.join(parts)


def _no_pieces() -> dict:
    return {
        'blocks': set(), 'strong': 0, 'em': 0, 's': 0, 'code': Counter(),
        'links': Counter(), 'roles': Counter(), 'footnotes': Counter(),
        'other': Counter(), 'braces': Counter(), 'literal': Counter(),
    }


#: The typography that a language's translations type themselves (the build adds nothing:
#: smartquotes are off for French). Each rule: what is wrong, and what to type instead.
TYPOGRAPHY = {
    'fr': [
        (re.compile(r'(?<=[\w»)\]]) (?=[:])'), 'a plain space before ":": type a no-break '
         'space (U+00A0)'),
        (re.compile(r'(?<=[\w»)\]])[ \u00a0](?=[;?!])'), 'a plain or no-break space before '
         '";", "?" or "!": type a narrow no-break space (U+202F)'),
        (re.compile(r'(?<=[^\W\d_])(?=[:;?!](?:\s|$))'), 'no space before ":", ";", "?" or '
         '"!": French typography puts a no-break space there'),
        (re.compile(r"(?<=[^\W\d_])'(?=[^\W\d_])"), "a straight apostrophe ('): type ’"),
        (re.compile(r'« |«(?=\w)| »|(?<=\w)»'), 'guillemets take a no-break space (U+00A0) '
         'inside: « texte »'),
    ],
}


def typography_problems(po: PoFile, domain: str, language: str, markup: Markup) -> list[Problem]:
    """Translations in use that break the language's typography, in their prose only."""
    rules = TYPOGRAPHY.get(language, [])
    problems = []
    for message in po.messages() if rules else ():
        if message.fuzzy or not translated(message):
            continue
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for string in strings:
            text = markup.words(string, kind_of(message, domain))
            for pattern, advice in rules:
                found = pattern.search(text)
                if found:
                    excerpt = text[max(0, found.start() - 12):found.end() + 12].strip()
                    problems.append(Problem(po.path, po.msgstr_line(message),
                                            f'{advice} (in {excerpt!r})'))
    return problems


def markup_problems(po: PoFile, domain: str, markup: Markup) -> list[Problem]:
    """The translations in use (not fuzzy) that lost or changed markup or placeholders."""
    problems = []
    for message in po.messages():
        if message.fuzzy or not translated(message):
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        kind = kind_of(message, domain)
        for number, string in enumerate(strings):
            source = ids[min(number, len(ids) - 1)]  # msgstr[1] and after: the plural msgid
            for text in markup.compare(source, string, kind, message.flags):
                problems.append(Problem(po.path, po.msgstr_line(message), text))
    return problems


def _compare_format(source: str, translation: str, flags: set[str]) -> list[str]:
    problems = []
    if 'python-format' in flags:
        english, french = _percent(source), _percent(translation)
        problems += _differences(english, french, 'the placeholder {}',
                                 'the program fills it in: it stays as it is')
    if 'python-brace-format' in flags:
        problems += _differences(Counter(BRACES.findall(source)),
                                 Counter(BRACES.findall(translation)), 'the placeholder {}',
                                 'the program fills it in: it stays as it is')
    problems += _differences(Counter(_tags(source)), Counter(_tags(translation)),
                             'the HTML tag {}', 'tags and their attributes stay as they are')
    added = _breakers(translation) - _breakers(source)
    for char in sorted(added.elements()):
        problems.append(f'the character {char} is in the translation but not in the English '
                        '(it could end an attribute or open a tag: write « » or ’ instead)')
    return problems


#: What plain text does not hold: each kind, and how a reader of the message would call it.
#: The book's texts (``book.toml``) are escaped wherever they land; a translation that
#: types markup would show it literally, so it is refused rather than printed as code.
NOT_PLAIN = (
    (re.compile(r'<!--|-->|</?[a-zA-Z!?/][^<>]*>?|<\s*/'), 'HTML markup {}'),
    (HTML_ENTITY, 'the HTML entity {}'),
    (re.compile(r'\\[a-zA-Z@]+|\\[^a-zA-Z\s]'), 'the LaTeX command {}'),
    (re.compile(r'[\x00-\x1f\x7f\u2028\u2029]'), 'the control character {!r}'),
)
#: Characters that end an HTML attribute or start a tag: a template's words (``format``)
#: may print a translation inside an attribute, so outside its tags a translation may hold
#: only as many of them as its English.
ATTRIBUTE_BREAKERS = '<>"'


def _compare_text(source: str, translation: str) -> list[str]:
    """A translation of plain text stays plain text: no markup that its English lacks."""
    problems = []
    for pattern, what in NOT_PLAIN:
        problems += _differences(Counter(pattern.findall(source)),
                                 Counter(pattern.findall(translation)), what,
                                 'this text is plain text: write it as a reader reads it')
    return [p for p in problems if 'but not in the translation' not in p]


def _breakers(text: str) -> Counter:
    return Counter(c for c in HTML_TAG.sub('', text) if c in ATTRIBUTE_BREAKERS)


def _percent(text: str) -> Counter:
    found = Counter()
    positional = []
    for match in PERCENT.finditer(text):
        if match.group(2) == '%':
            continue
        if match.group(1):
            found[match.group(0)] += 1
        else:
            positional.append(match.group(0))
    # Positional placeholders are filled in order: their order is part of them.
    if positional:
        found[' '.join(positional)] += 1
    return found


def _tags(text: str) -> list[str]:
    return [' '.join(tag.split()) for tag in HTML_TAG.findall(text)]


def _differences(english: Counter, french: Counter, what: str, advice: str) -> list[str]:
    """One sentence per piece lost, added, or changed (lost and added side by side)."""
    tail = f' ({advice})' if advice else ''
    lost, added = sorted((english - french).elements()), sorted((french - english).elements())
    problems = [
        f'{what.format(old)} became {what.format(new)} in the translation{tail}'
        for old, new in zip(lost, added)
    ]
    for item in lost[len(added):]:
        problems.append(f'{what.format(item)} is in the English but not in the translation{tail}')
    for item in added[len(lost):]:
        problems.append(f'{what.format(item)} is in the translation but not in the English{tail}')
    return problems
