"""The quick look for a pronoun after a hyphen finds every text that holds an inverted
verb (``proceedings/sphinx_ext/typography.py``): the texts it passes over hold none."""

from __future__ import annotations

import itertools

import pytest
from babel.messages.pofile import read_po

from proceedings.sphinx_ext.typography import INVERTED_VERB, PRONOUN_AFTER_HYPHEN

from testing import PROJECT

pytestmark = pytest.mark.extension

CRAFTED = [
    'De quoi parle-t-on ?', 'Peut-ON le dire', 'dit‐elle', 'est-ce vrai', 'Y a-t-il',
    'vis-à-vis', 'c’est-à-dire', 'pair-aidance', 'on-line', '-on', 'a-t-il-', 'rendez-vous',
    'sont-ils', 'Sont-Elles', 'dit-iel', 'font-iels', 'dis-je', 'vas-tu', 'allons-nous',
    'venez-vous', 'parle-t‐on', 'parle-tOn', 'Parle-t-onze', 'x-ce-', 'é-il', '2-on', '_-on',
]


def french_texts() -> list[str]:
    texts = []
    for path in sorted((PROJECT / 'locale' / 'fr' / 'LC_MESSAGES').rglob('*.po')):
        with path.open('rb') as f:
            for message in read_po(f):
                strings = message.string if isinstance(message.string, tuple) else [message.string]
                texts += [s for s in strings if s]
    return texts


def test_every_inverted_verb_has_a_pronoun_after_a_hyphen():
    texts = CRAFTED + french_texts()
    # Every piece of the crafted texts glued to every other, so that a hyphen or a word
    # meets each kind of neighbour.
    texts += [a + b for a, b in itertools.product(CRAFTED, repeat=2)]
    found = [text for text in texts if INVERTED_VERB.search(text)]
    assert len(found) > 20
    assert all(PRONOUN_AFTER_HYPHEN.search(text) for text in found), [
        text for text in found if not PRONOUN_AFTER_HYPHEN.search(text)]
