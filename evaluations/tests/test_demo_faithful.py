"""The demo's evaluation says what the municipality's status note says (seed 000), word for word.

The note is read back from its OCR'd text (demo/seeds/) with the OCR's lost letters put back, and compared with the
whole evaluation as the demo loads it, in the note's order: the 2016 background and "de oprindelige seks ønsker",
the conclusion, the status's opening, each goal's August 2024 status and the five "potentiale" points. A passage
condensed, reworded or dropped anywhere makes the comparison fail, and the failure shows the words that differ.
"""

import difflib
import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone

from dagtilbud.documents import workflow as documents
from demo import seed_text
from evaluations import demo as evaluation_demo
from evaluations.models import Action, Evaluation, Recommendation, StatusReport, StatusUpdate
from evaluations.reports import status_report_html
from tests.shared_demo import load_demo

SEED = "000_evaluering_ledelsesstruktur_status_2024.txt"

# OCR'd word -> the word on the page ("" drops an artefact: the bullets come out as "e" and "-"; "|" is an "I").
OCR_WORDS = {
    '-': '', '0-25-arsomradet': '0-25-årsområdet', '25-ars': '25-års', 'afhjeaelpes': 'afhjælpes',
    'afszettes': 'afsættes', 'ar': 'år', 'arlige': 'årlige', 'ars': 'års', 'arsomradet': 'årsområdet', 'bade': 'både',
    'begraensede': 'begrænsede', 'bemaerkes': 'bemærkes', 'bestar': 'består', 'bgrn': 'børn', 'Bgrne-': 'Børne-',
    'bgrnehus': 'børnehus', 'bgrnehuse': 'børnehuse', 'bgrnehusene': 'børnehusene',
    'bgrnehusniveau': 'børnehusniveau', 'bgrnene': 'børnene', 'bgrnenes': 'børnenes',
    'dagtilbudsomradet': 'dagtilbudsområdet', 'distriktsledermgderne': 'distriktsledermøderne', 'drgftes': 'drøftes',
    'e': '', 'efteraret/vinteren': 'efteråret/vinteren', 'fa': 'få', 'faelles': 'fælles', 'faet': 'fået',
    'Falles-': 'Fælles-', 'far': 'får', 'feelles': 'fælles', 'feelleskonference': 'fælleskonference',
    'feellesm@der': 'fællesmøder', 'fgrer': 'fører', 'foraeldresamarbejde': 'forældresamarbejde',
    'formalstjenlig': 'formålstjenlig', 'forsteerket': 'forstærket', 'forzeldrebestyrelser': 'forældrebestyrelser',
    'ga': 'gå', 'gar': 'går', 'gennemfgrte': 'gennemførte', 'ggr': 'gør', 'gkonomi': 'økonomi',
    'gkonomien': 'økonomien', 'gkonomiopfglgning': 'økonomiopfølgning', 'gkonomisk': 'økonomisk',
    'gkonomiske': 'økonomiske', 'gnsker': 'ønsker', 'helhedsforstaelse': 'helhedsforståelse',
    'helhedsforstaelsen': 'helhedsforståelsen', 'hgjere': 'højere', 'hjaelp': 'hjælp', 'Igbende': 'løbende',
    'imgdekomme': 'imødekomme', 'indfgrt': 'indført', 'indtaenke': 'indtænke', 'kompetencelpft': 'kompetenceløft',
    'kompetencelpftet': 'kompetenceløftet', 'laereplan': 'læreplan', 'laeringsmiljger': 'læringsmiljøer',
    'laring': 'læring', 'ledelsesspaendet': 'ledelsesspændet', 'ledelsesspand': 'ledelsesspænd',
    'lereplan': 'læreplan', 'medtaenkning': 'medtænkning', 'mgdefora': 'mødefora', 'mgder': 'møder',
    'miljger': 'miljøer', 'naervaerende': 'nærværende', 'naevnt': 'nævnt', 'Nedenstaende': 'Nedenstående',
    'netvaerk': 'netværk', 'ngdvendige': 'nødvendige', 'ogsa': 'også', 'omrade': 'område', 'omraderne': 'områderne',
    'omseette': 'omsætte', 'opfelgning': 'opfølgning', 'oplaeg': 'oplæg', 'Opmaerksomhed': 'Opmærksomhed',
    'opmaerksomhed': 'opmærksomhed', 'opmaerksomhedspunkt': 'opmærksomhedspunkt',
    'opmaerksomhedspunkter': 'opmærksomhedspunkter', 'pa': 'på', 'padagogiske': 'pædagogiske',
    'paedagogerne': 'pædagogerne', 'paedagogfaglige': 'pædagogfaglige', 'paedagogisk': 'pædagogisk',
    'paedagogiske': 'pædagogiske', 'peedagogiske': 'pædagogiske', 'planlaegges': 'planlægges',
    'psedagogerne': 'pædagogerne', 'psedagogiske': 'pædagogiske', 'reekke': 'række',
    'ressourcepadagogerne': 'ressourcepædagogerne', 'sa': 'så', 'sammenhangende': 'sammenhængende', 'seette': 'sætte',
    'sgge': 'søge', 'sndret': 'ændret', 'Sparringsmgderne': 'Sparringsmøderne', 'stgrre': 'større',
    'stgrste': 'største', 'sveaert': 'svært', 'taet': 'tæt', 'traekke': 'trække', 'traekkes': 'trækkes',
    'traene': 'træne', 'treeffe': 'træffe', 'tvaers': 'tværs', 'tveers': 'tværs', 'udgve': 'udøve',
    'understgtter': 'understøtter', 'Ungeradgivning': 'Ungerådgivning', 'vaek': 'væk', 'vaere': 'være',
    'vaeret': 'været', 'veaere': 'være', 'veek': 'væk', 'veere': 'være', 'veeret': 'været',
    'veerktgjskassen': 'værktøjskassen', '|': 'I', '|gft': 'løft',
}

# The note's own slips, corrected in the demo (evaluations/demo.py says so where each is).
SLIPS = [
    ("forelagt det politisk niveau", "forelagt det politiske niveau"),
    ("personaleledelse og faglige sparring", "personaleledelse og faglig sparring"),
    ("FUR- dagsordenen", "FUR-dagsordenen"),
    ("omfanget at administrativ", "omfanget af administrativ"),
]


@pytest.fixture
def evaluation(db):
    load_demo("organisation", "evaluation")
    return Evaluation.objects.get()


def note():
    return seed_text.read(SEED, words=OCR_WORDS, slips=SLIPS)


def differences(expected, actual):
    """The words that differ, with a little context, for a failure a person can act on."""
    a, b = expected.split(), actual.split()
    lines = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            note_words, demo_words = " ".join(a[max(a1 - 4, 0):a2 + 4]), " ".join(b[max(b1 - 4, 0):b2 + 4])
            lines.append(f"{op}: note {note_words!r} / demo {demo_words!r}")
    return "\n".join(lines)


def test_the_demo_evaluation_is_the_note_word_for_word(evaluation):
    goals = list(evaluation.goals.order_by("number"))
    august_2024 = [StatusUpdate.objects.filter(goal=goal, as_of=evaluation_demo.AUGUST_2024).get() for goal in goals]
    potentials = Recommendation.objects.filter(evaluation=evaluation, kind=Recommendation.Kind.POTENTIAL)
    demo_text = seed_text.normalise(" ".join([
        evaluation.background, *[goal.text for goal in goals], evaluation.conclusion, evaluation.status_intro,
        *[status.text for status in august_2024], "Potentiale for fortsat udvikling:",
        *potentials.order_by("pk").values_list("text", flat=True),
    ]))
    seed = note()
    assert demo_text == seed, differences(seed, demo_text)


def test_each_goal_keeps_its_own_status_paragraph_by_paragraph(evaluation):
    """Every paragraph of a goal's status is the note's, and the note's paragraphs are not moved between goals."""
    seed = note()
    previous_end = 0
    for goal in evaluation.goals.order_by("number"):
        status = goal.status_updates.get(as_of=evaluation_demo.AUGUST_2024)
        for paragraph in re.split(r"\n\s*\n", status.text):
            paragraph = seed_text.normalise(paragraph)
            at = seed.find(paragraph, previous_end)
            assert at >= 0, f"goal {goal.number}: not in the note where expected: {paragraph[:80]!r}"
            previous_end = at + len(paragraph)


def test_a_condensed_status_is_caught(evaluation):
    """The comparison is strict: the old demo's "tid uden for børnene" for the note's "tid om børn" fails."""
    seed = note()
    assert "den begrænsede tid om børn." in seed
    assert seed_text.normalise("den begrænsede tid uden for børnene") not in seed


def test_what_the_demo_adds_is_marked_and_never_contradicts_itself(evaluation):
    added = evaluation_demo.ADDED_BY_THE_DEMO
    earlier = StatusUpdate.objects.filter(goal__evaluation=evaluation).exclude(as_of=evaluation_demo.AUGUST_2024)
    assert earlier.count() == sum(len(s) for s in added["earlier_statuses"].values())
    assert all(s.as_of < evaluation_demo.AUGUST_2024 for s in earlier)
    actions = list(Action.objects.filter(evaluation=evaluation))
    assert len(actions) == sum(len(a) for a in added["actions"])
    # Whichever day the demo is loaded and looked at (it is loaded relative to today), no action is overdue and
    # expiring soon at once; and the demo shows each kind of flag somewhere.
    today = timezone.localdate()
    seen = set()
    for action in actions:
        flags = {str(flag) for flag in action.flags(today)}
        assert not {"Overskredet", "Udløber snart"} <= flags, action.text
        assert not {"Overskredet", "Udløbet"} <= flags, action.text
        seen |= flags
    assert {"Overskredet", "Frist inden for 60 dage", "Udløber snart"} <= seen


def test_the_pages_and_the_pdf_open_with_the_notes_own_background(evaluation, login):
    """The 2016 background, "de oprindelige seks ønsker" and the opening of the status, where a reader meets the
    evaluation: its page, its status report and the status report's PDF."""
    report = documents.request(StatusReport, owner=evaluation, user=None)
    client = login("udvalg")
    pages = [unescape(client.get(reverse(name, args=[evaluation.pk])).content.decode())
                 for name in ("evaluations:evaluation_detail", "evaluations:status_report")]
    for html in [*pages, status_report_html(report)]:
        text = seed_text.normalise(re.sub(r"<[^>]+>", " ", unescape(html)))
        for paragraph in [*evaluation.background.split("\n\n"), evaluation.status_intro]:
            assert seed_text.normalise(paragraph) in text
        # The background's closing colon is followed by the six wishes, as in the note.
        wishes = seed_text.normalise(" ".join(evaluation.goals.order_by("number").values_list("text", flat=True)))
        assert f"de oprindelige seks ønsker til en ny ledelsesstruktur: {wishes}" in text
