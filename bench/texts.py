"""The words of the synthetic books, each in English and in French.

Every text is a pair, so that the generator writes a chapter and its catalogue from the
same place: a French catalogue is complete by construction, and a French edition built
from it has no English left (the benchmark's books build with ``-W`` in both languages).

The French follows the book's typography: a no-break space (U+00A0) before ``:``, a
narrow no-break space (U+202F) before ``?``, guillemets with no-break spaces inside.
"""

from __future__ import annotations

NBSP = '\u00a0'
NNBSP = '\u202f'

#: Fields of peer support; the French is used inside « » so that it never needs an article.
FIELDS = (
    ('health', 'santé'),
    ('mental health', 'santé mentale'),
    ('disability', 'handicap'),
    ('chronic illness', 'maladie chronique'),
    ('housing', 'logement'),
    ('work', 'travail'),
)

#: Themes of the parts of the day.
THEMES = (
    ('What we have in common', 'Ce que nous avons en commun'),
    ('What sets practices apart', 'Ce qui distingue les pratiques'),
    ('Training and recognition', 'Formation et reconnaissance'),
    ('Peers in institutions', 'Les pairs dans les institutions'),
    ('Research with peers', 'La recherche avec les pairs'),
)

BOOK_TITLE = ('Synthetic proceedings, {sessions} sessions',
              f'Actes synthétiques, {{sessions}}{NBSP}séances')
BOOK_INTRO = (
    'A book generated to measure how long the proceedings take to build.',
    'Un livre généré pour mesurer le temps de construction des actes.',
)
CONTENTS = ('Contents', 'Sommaire')

INTRODUCTION_TITLE = ('Introduction', 'Introduction')
INTRODUCTION = (
    ('The day brought together the fields of health, mental health and disability.',
     'La journée a réuni les champs de la santé, de la santé mentale et du handicap.'),
    ('Each part of the day had its sessions, each session its chapter.',
     'Chaque partie de la journée avait ses séances, chaque séance son chapitre.'),
)

DAY_TITLE = ('Day {day}', 'Jour {day}')
DAY_TEXT = ('The parts of day {day} follow.', 'Les parties du jour {day} suivent.')

PART_TITLE = ('Part {part}: {theme}', f'Partie {{part}}{NBSP}: {{theme}}')
PART_TEXT = ('The sessions of this part follow.', 'Les séances de cette partie suivent.')

SESSION_TITLE = ('Session {n}: peer support in {field}',
                 f'Séance {{n}}{NBSP}: la pair-aidance dans le champ «{NBSP}{{field}}{NBSP}»')
QUESTIONS = (
    ('How does peer support change practice in {field}?',
     f'Comment la pair-aidance change-t-elle les pratiques dans le champ «{NBSP}{{field}}{NBSP}»{NNBSP}?'),
    ('Who recognises what peers know about {field}?',
     f'Qui reconnaît ce que les pairs savent dans le champ «{NBSP}{{field}}{NBSP}»{NNBSP}?'),
    ('What did session {n} leave open?',
     f'Qu’est-ce que la séance {{n}} a laissé ouvert{NNBSP}?'),
)
SUMMARY = (
    ('Session {n} brought together peer supporters and professionals who work in {field}. '
     'They compared their *experience* of support and what it changes for the people they meet.',
     f'La séance {{n}} a réuni des pair-aidant·e·s et des professionnel·le·s du champ '
     f'«{NBSP}{{field}}{NBSP}». Ils ont comparé leur *expérience* de l’accompagnement et ce '
     'qu’elle change pour les personnes qu’ils rencontrent.'),
    ('The discussion ran from the first steps of a peer group to its place in public policy. '
     'The recording gives it in full.',
     'La discussion est allée des premiers pas d’un groupe de pairs à sa place dans les '
     'politiques publiques. L’enregistrement la donne en entier.'),
)
#: What the benchmark adds to a summary to measure an incremental build.
EDIT = (' An editor added this sentence.', ' Une personne chargée de l’édition a ajouté cette phrase.')

RESOURCES_TITLE = ('Resources', 'Ressources')
RESOURCES = (
    'The recordings are published on [the recordings platform](https://recordings.example.org/).',
    'Les enregistrements sont publiés sur [la plateforme des enregistrements]'
    '(https://recordings.example.org/).',
)

# -- Only in the books that test the navigation: what a real book may also hold ----------

#: A part title with inline markup and characters that HTML escapes.
MARKED_PART_TITLE = ('Part {part}: *peers* & <others>',
                     f'Partie {{part}}{NBSP}: *pairs* & <autres>')
DISCUSSION_TITLE = ('Discussion', 'Discussion')
DISCUSSION = ('Questions from the audience closed the session.',
              'Des questions du public ont clos la séance.')
MORE = ('More', 'Plus')
RECORDINGS_LINK = ('Recordings', 'Enregistrements')
ORPHAN_TITLE = ('A page outside the contents', 'Une page hors du sommaire')
ORPHAN_TEXT = ('No table of contents lists this page.',
               'Aucune table des matières ne mentionne cette page.')
