"""The demo's budget agreement says what the municipality's first follow-up says (seed 003), word for word.

The document is read back from its OCR'd text (demo/seeds/) with the OCR's lost letters put back and its two-column
layout put in reading order, and compared with the agreement as the demo loads it: the title, date and case number;
the whole reading guide (with its example and the rule on alternative financing) and the smiley definitions, in the
document's order, also in the report and on the pages; and, initiative by initiative, the heading, the agreement's
text, the responsible centre and committee, "Væsentlig bidragsyder", each round's milestone in its own row, round 1's
statuses and smileys, and the economy row. Each part must be the demo's text exactly, and nothing of the document
may be left over, so a passage condensed, reworded, moved or dropped fails, naming the initiative and the words.
"""

import copy
import re
from html import unescape as html_unescape

import pytest
from django.urls import reverse

from budgetfollowup.models import BudgetAgreement, FollowUpRound, Initiative
from budgetfollowup.reports import report_html
from dagtilbud import formatting
from dagtilbud.smileys import ECONOMY, MILESTONE
from demo import seed_text
from tests.shared_demo import load_demo

SEED = "003_budgetaftale_2019_foerste_opfoelgning.txt"

# The two columns (agreement text | facts) come out interleaved line by line where the facts run long; these put
# the same words back in reading order. The facts column's sentences of 3.9 and 3.11 are their follow-up's status.
LAYOUT = [
    # 3.5: the contributor's second line landed at the end of a text line.
    ("Vaesentlig bidragsyder: Bgrne- og Ungeradgivning kr. i 2019 og 3 mio. kr. i 2020 til de ggede samt "
     "Arbejdsmarked udgifter.",
     "Vaesentlig bidragsyder: Bgrne- og Ungeradgivning samt Arbejdsmarked kr. i 2019 og 3 mio. kr. i 2020 til de "
     "ggede udgifter."),
    # 3.9: the facts column holds, below the blank "Væsentlig bidragsyder", the follow-up's status; it is read after
    # the agreement's text. The OCR garbled "Aftaleparterne" ("ggtf;eparterne") and lost the line's last word,
    # "Ballerup." (a lone ")"); in the status "|" is an "i" and "p" a "pa".
    ("ggtf;eparterne gnsker, at Headspace fortsaetter i Der skal | 2019 gennemfares en opfglgning p ) evalueringen "
     "fra efteraret 2018, som forlgber for en Der afseettes derfor 0,75 mio. kr. i 2019 og 2020. | endelig "
     "stillingtagen i 2020.",
     "Aftaleparterne gnsker, at Headspace fortsaetter i Ballerup. Der afseettes derfor 0,75 mio. kr. i 2019 og "
     "2020."),
    ("kommunen. Milepeel Der forelaegges sag",
     "kommunen. Der skal i 2019 gennemfares en opfglgning pa evalueringen fra efteraret 2018, som forlgber for en "
     "endelig stillingtagen i 2020. Milepeel Der forelaegges sag"),
    # 3.11: likewise; the first "|" is an "i", and "2019-" continues on "2022".
    ("tidlige opsporing | Fae_llesska_l?smodellen er der Den udmgntede gkonomi vil blive omsat i sket en gget "
     "tilgang til Familiehusets ydelser. X medarbejderressourcer, og en nedgang af Der afsaettes derfor arligt 0,5 "
     "mio. kr. i 2019- ventetiderne vil fremgad af fremlaeggelserne for 2022 til at imgdekomme behovet for flere "
     "forlgb i | Bgrne- og Skoleudvalget, jf. punkt 3.8. Familiehuset.",
     "tidlige opsporing i Fae_llesska_l?smodellen er der sket en gget tilgang til Familiehusets ydelser. Der "
     "afsaettes derfor arligt 0,5 mio. kr. i 2019-2022 til at imgdekomme behovet for flere forlgb i Familiehuset."),
    ("Skoleudvalget. Milepeel Medarbejder er ansat",
     "Skoleudvalget. Den udmgntede gkonomi vil blive omsat i medarbejderressourcer, og en nedgang af ventetiderne "
     "vil fremgad af fremlaeggelserne for Bgrne- og Skoleudvalget, jf. punkt 3.8. Milepeel Medarbejder er ansat"),
    # 3.14: the contributor landed inside a text line, followed by a stray "9 9 )".
    ("Vaesentlig bidragsyder: hvor der er gode muligheder for de kreative, Kultur- og Fritidsudvalget involveres "
     "praktiske og musiske elementer i bgrns skole- og 9 9 ) fritidsliv.",
     "Vaesentlig bidragsyder: Kultur- og Fritidsudvalget involveres hvor der er gode muligheder for de kreative, "
     "praktiske og musiske elementer i bgrns skole- og fritidsliv."),
]

# OCR'd word -> the word on the page ("" drops an artefact; "|" is the table's column rule, "*" a bullet).
OCR_WORDS = {
    '&rene': 'årene', '*': '•', '2endrede': 'ændrede', '@konomi': 'Økonomi', ']': '', '_': '',
    'aendringer': 'ændringer', 'afsaettes': 'afsættes', 'afseettes': 'afsættes', 'afsgge': 'afsøge',
    'afsgges': 'afsøges', 'afsggningen': 'afsøgningen', 'afszettes': 'afsættes', 'almenomradet': 'almenområdet',
    'anseettelse': 'ansættelse', 'ansggninger': 'ansøgninger', 'ar': 'år',
    'arbejdstidsplanlaegning': 'arbejdstidsplanlægning', 'arbejdstilretteleseggelse': 'arbejdstilrettelæggelse',
    'aret': 'året', 'arligt': 'årligt', 'ars': 'års', 'arsager': 'årsager', 'b3de': 'både', 'bade': 'både',
    'Barne-': 'Børne-', 'behandlingsforlgb': 'behandlingsforløb', 'bgrn': 'børn', 'Bgrne-': 'Børne-',
    'bgrneliv': 'børneliv', 'bgrnene': 'børnene', 'bgrneomrade': 'børneområde', 'bgrnesociale': 'børnesociale',
    'bgrns': 'børns', 'brugerundersggelse': 'brugerundersøgelse', 'budgetopfaglgning': 'budgetopfølgning',
    'budgetopfalgning': 'budgetopfølgning', 'budgetopfalgningerne': 'budgetopfølgningerne',
    'budgetopfelgning': 'budgetopfølgning', 'budgetopfglgning': 'budgetopfølgning',
    'budgetopfglgningen': 'budgetopfølgningen', 'budgetopfglgninger': 'budgetopfølgninger', 'drgfter': 'drøfter',
    'efteraret': 'efteråret', 'efterdret': 'efteråret', 'fadslen': 'fødslen',
    'Fae_llesska_l?smodellen': 'Fællesskabsmodellen', 'Faellesskabsmodellen': 'Fællesskabsmodellen',
    'faellesskabsmodellen': 'fællesskabsmodellen', 'faerdigheder': 'færdigheder', 'Faerre': 'Færre',
    'faerre': 'færre', 'falger': 'følger', 'falges': 'følges', 'far': 'får', 'Farste': 'Første',
    'Feellesskabsmodellen': 'Fællesskabsmodellen', 'feellesskabsmodellen': 'fællesskabsmodellen',
    'Feellesskabsmodellens': 'Fællesskabsmodellens', 'fglge': 'følge', 'fglges': 'følges', 'fgre': 'føre',
    'Fgrste': 'Første', 'fgrste': 'første', 'foraeldre': 'forældre', 'foraret': 'foråret',
    'forelaeagges': 'forelægges', 'forelaegger': 'forelægger', 'forelaegges': 'forelægges',
    'foreleegges': 'forelægges', 'forlgb': 'forløb', 'forlgber': 'forløber', 'formal': 'formål',
    'Formalet': 'Formålet', 'formalet': 'formålet', 'forstar': 'forstår', 'forstas': 'forstås',
    'fortsaette': 'fortsætte', 'fortsaetter': 'fortsætter', 'forudsaetninger': 'forudsætninger',
    'forudseetninger': 'forudsætninger', 'forzeldrerollen': 'forældrerollen', 'fremgad': 'fremgå',
    'fremlaeggelserne': 'fremlæggelserne', 'fremlaegges': 'fremlægges', 'fzelles': 'fælles', 'gar': 'går',
    'gennemfares': 'gennemføres', 'gennemfgres': 'gennemføres', 'gennemgaes': 'gennemgås', 'ggede': 'øgede',
    'gget': 'øget', 'ggres': 'gøres', 'gkonomi': 'økonomi', 'gkonomien': 'økonomien', 'gkonomiske': 'økonomiske',
    'gnsker': 'ønsker', 'handtering': 'håndtering', 'hgj': 'høj', 'hjeelp': 'hjælp',
    'hovedstadsomradet': 'hovedstadsområdet', 'igangseette': 'igangsætte', 'igangseettes': 'igangsættes',
    'Igbet': 'løbet', 'Igser': 'løser', 'imgdekomme': 'imødekomme', 'imgdekommer': 'imødekommer',
    'indebzerer': 'indebærer', 'indgd': 'indgå', 'indkgb': 'indkøb', 'Indsatsomraderne': 'Indsatsområderne',
    'ivaerksaettes': 'iværksættes', 'ivaerkseettes': 'iværksættes', 'klubomradet': 'klubområdet', 'laerer': 'lærer',
    'laererne': 'lærerne', 'laering': 'læring', 'Laeringsmiljger': 'Læringsmiljøer',
    'Laesevejledning': 'Læsevejledning', 'laesevejledning': 'læsevejledning', 'leengerevarende': 'længerevarende',
    'leere': 'lære', 'lzeringsmiljger': 'læringsmiljøer', 'makkerlaering': 'makkerlæring', 'mal': 'mål',
    'maltal': 'måltal', 'mgde': 'møde', 'Milepae!': 'Milepæl', 'Milepael': 'Milepæl', 'milepael': 'milepæl',
    'milepaele': 'milepæle', 'milepaelen': 'milepælen', 'Milepale': 'Milepæle', 'Milepeel': 'Milepæl',
    'miljger': 'miljøer', 'nad': 'nå', 'nar': 'når', 'nas': 'nås', 'nd': 'nå', 'ndet': 'nået',
    'ngdvendige': 'nødvendige', 'ogs3': 'også', 'Ogsa': 'Også', 'ogsa': 'også', 'omlaagning': 'omlægning',
    'omrade': 'område', 'omradet': 'området', 'omrdde': 'område', 'opfaglgning': 'opfølgning',
    'Opfalgning': 'Opfølgning', 'opfelgning': 'opfølgning', 'opfglgning': 'opfølgning',
    'Opfglgningen': 'Opfølgningen', 'opnas': 'opnås', 'opndet': 'opnået', 'overfgres': 'overføres', 'p&': 'på',
    'p3': 'på', 'P8': 'På', 'pa': 'på', 'paedagogernes': 'pædagogernes', 'paedagogisk': 'pædagogisk',
    'paedagogiske': 'pædagogiske', 'pageeldende': 'pågældende', 'pd': 'på', 'praeget': 'præget',
    'praesenteres': 'præsenteres', 'psedagogiske': 'pædagogiske', 'radgiverne': 'rådgiverne',
    'radgivning': 'rådgivning', 'repraesentanter': 'repræsentanter', 'réderum': 'råderum', 's&': 'så', 'sa': 'så',
    'saerlig': 'særlig', 'saette': 'sætte', 'sammenhaenge': 'sammenhænge', 'sammenhaengende': 'sammenhængende',
    'Sammenhangende': 'Sammenhængende', 'sammenhangende': 'sammenhængende', 'sdledes': 'således',
    'seerlige': 'særlige', 'seette': 'sætte', 'selvstaendigt': 'selvstændigt', 'sgge': 'søge',
    'skoledret': 'skoleåret', 'skoleomradet': 'skoleområdet', 'smabgrn': 'småbørn',
    'Smabgrnslgftet': 'Småbørnsløftet', 'socialrddgivere': 'socialrådgivere', 'spaedgrupper': 'spædgrupper',
    'specialskolelaerere': 'specialskolelærere', 'specialskolelaereres': 'specialskolelæreres', 'statte': 'støtte',
    'steerk': 'stærk', 'stgttebehov': 'støttebehov', 'svaert': 'svært', 'szette': 'sætte', 'teet': 'tæt',
    'teette': 'tætte', 'teettere': 'tættere', 'tilfgre': 'tilføre',
    'Tilfredshedsundersggelse': 'Tilfredshedsundersøgelse', 'tilfredshedsundersggelsen': 'tilfredshedsundersøgelsen',
    'tilretteleeggelse': 'tilrettelæggelse', 'tradte': 'trådte', 'traekke': 'trække', 'udmegntes': 'udmøntes',
    'udmgntede': 'udmøntede', 'udmgntes': 'udmøntes', 'udmgntningen': 'udmøntningen',
    'Undersggelsen': 'Undersøgelsen', 'undersggelsen': 'undersøgelsen', 'Undersggelsens': 'Undersøgelsens',
    'understgtte': 'understøtte', 'Understgttelse': 'Understøttelse', 'understgtter': 'understøtter',
    'undervisningsomrade': 'undervisningsområde', 'Ungeradgivning': 'Ungerådgivning',
    'Ungeradgivningen': 'Ungerådgivningen', 'vaere': 'være', 'Vaesentlig': 'Væsentlig', 'vaesentlig': 'væsentlig',
    'veere': 'være', 'velge': 'vælge', 'X': '', '|': '',
}

# The document's own slips, corrected in the demo (said where each is made).
SLIPS = [
    ("under givende forudsætninger", "under givne forudsætninger"),  # dagtilbud/smileys.py
    ("undervisninger er vedtaget", "undervisning er vedtaget"),  # budgetfollowup/demo_data.py, 3.5
]

# Page furniture: the running header and footer, and the "Drift | Tid | Smiley" above each initiative's table.
FURNITURE = re.compile(
    r"Ballerup Kommune, Økonomi og Styring(?: -\d+ –)?|Sagsid: 00\.30\.10-S00-1-19|"
    r"Første opfølgning på Aftale om budget 2019 for Børne- og Skoleudvalget|Den 18\. marts 2019|Drift Tid Smiley")
ROUND_NAMES = re.compile(r"\b[1-3]\. budgetopfølgning 2019\b|\b31\.12\.2019\b")
GLYPHS = re.compile(r"(?<!\S)[©@®](?!\S)")
# The OCR gives a happy face as ©, a sad one as ®, and a neutral one, or now and then a sad one, as @.
GLYPH_READS = {"©": {"green"}, "®": {"red"}, "@": {"yellow", "red"}}
ECONOMY_GLYPH_READS = {"©": {"green"}, "®": {"red"}, "@": {"green", "red"}}  # economy has no neutral face


def document():
    return seed_text.read(SEED, layout=LAYOUT, words=OCR_WORDS, slips=SLIPS)


def body():
    return seed_text.normalise(FURNITURE.sub(" ", document()))


@pytest.fixture
def agreement(db):
    load_demo("organisation", "agreement")
    return BudgetAgreement.objects.select_related("committee").get()


def initiatives(agreement):
    return list(Initiative.objects.filter(section__agreement=agreement).select_related(
        "responsible_center", "responsible_committee").prefetch_related("milestones__round", "economy__round"))


def spans(agreement, text):
    """Each initiative's part of the document: from its heading up to the next initiative's."""
    rows = initiatives(agreement)
    starts = []
    for initiative in rows:
        heading = seed_text.normalise(f"{initiative.number}. {initiative.title}")
        assert heading in text, f"heading not in the document: {heading!r}"
        starts.append(text.index(heading))
    assert starts == sorted(starts), "the initiatives are not in the document's order"
    return [(row, text[start:end]) for row, start, end in zip(rows, starts, [*starts[1:], len(text)], strict=True)]


def paragraphs(text):
    return [p for p in (seed_text.normalise(p) for p in re.split(r"\n\s*\n", text)) if p]


def smiley_agrees(glyphs, smiley, reads):
    if not glyphs:
        return smiley == ""
    return len(glyphs) == 1 and smiley in reads[glyphs[0]]


def problems_of(initiative, span, first_round):
    """What differs between an initiative and its part of the document, in words; [] when they agree."""
    problems = []
    milestones = {m.round.number: m for m in initiative.milestones.all()}
    economy = next(e for e in initiative.economy.all() if e.round.number == 1)
    rest = seed_text.normalise(span.replace(seed_text.normalise(f"{initiative.number}. {initiative.title}"), " ", 1))
    parts = re.split(r"\bMilepæl\b", rest)
    if len(parts) != 5:
        return [f"{initiative.number}: {len(parts) - 1} milestone rows in the document, not 4"]

    # The agreement's text and its facts; a status the document prints among the facts belongs to round 1.
    head = parts[0]
    facts = [f"Ansvarligt center: {initiative.responsible_center}",
             f"Ansvarligt udvalg: {initiative.responsible_committee}",
             f"Væsentlig bidragsyder: {initiative.contributors}".strip()]
    status = milestones[1].status_text
    if status and seed_text.normalise(status) in head:
        facts.append(status)
        status = ""
    for fact in facts:
        if seed_text.normalise(fact) not in head:
            problems.append(f"{initiative.number}: the document has no {fact!r}")
        head = seed_text.normalise(head.replace(seed_text.normalise(fact), " ", 1))
    if head != seed_text.normalise(initiative.text):
        problems.append(f"{initiative.number}: the agreement's text differs.\n document: {head}\n demo:     "
                        f"{seed_text.normalise(initiative.text)}")

    # One row per round: the round's name, its milestone (or none), round 1's status and smiley; then the economy.
    *rows, last = parts[1:]
    last_row, _, economy_part = last.partition(" Økonomi ")
    for number, row in enumerate([*rows, last_row], start=1):
        name = FollowUpRound(agreement=first_round.agreement, number=number).name
        if name not in row:
            problems.append(f"{initiative.number}: milestone row {number} is not dated {name!r}")
        glyphs = GLYPHS.findall(row)
        row = seed_text.normalise(GLYPHS.sub(" ", row.replace(name, " ", 1)))
        milestone = milestones[number]
        expected = seed_text.normalise(
            milestone.text + (f" Status: {status}" if number == 1 and status else ""))
        if row != expected:
            problems.append(f"{initiative.number}, {name}: the milestone differs.\n document: {row!r}\n demo:     "
                            f"{expected!r}")
        smiley = milestone.smiley if number == 1 else ""
        if not smiley_agrees(glyphs, smiley, GLYPH_READS):
            problems.append(f"{initiative.number}, {name}: the document's smiley is {glyphs or 'none'}, "
                            f"the demo's {smiley or 'none'}")
    glyphs = GLYPHS.findall(economy_part)
    economy_part = seed_text.normalise(GLYPHS.sub(" ", economy_part))
    if economy_part != seed_text.normalise(economy.text):
        problems.append(f"{initiative.number}: the economy differs.\n document: {economy_part!r}\n demo:     "
                        f"{seed_text.normalise(economy.text)!r}")
    if not smiley_agrees(glyphs, economy.smiley, ECONOMY_GLYPH_READS):
        problems.append(f"{initiative.number}: the document's economy smiley is {glyphs or 'none'}, the demo's "
                        f"{economy.smiley or 'none'}")
    return problems


def test_the_title_date_and_case_are_the_documents(agreement):
    first = agreement.rounds.get(number=1)
    text = document()
    assert text.startswith(seed_text.normalise(first.report_title))
    assert f"Den {formatting.danish_date(first.date)}" in text
    assert f"Sagsid: {agreement.case_number}" in text
    section = agreement.sections.get()
    assert f" {section.number}. {section.title} {initiatives(agreement)[0].number}. " in body()


def guide_in_the_documents_order(agreement):
    """The guide as the document prints it: the guide, the milestone smileys' definitions, the part on economy (with
    the rule on alternative financing), the economy smileys' definitions."""
    return [*paragraphs(agreement.reading_guide), *[str(m.definition) for m in MILESTONE.values()],
            *paragraphs(agreement.economy_guide), *[str(m.definition) for m in ECONOMY.values()]]


def test_the_reading_guide_is_the_documents_whole_guide(agreement):
    text = body()
    guide = text[:text.index("3. En stærk uddannelsesby")]
    at = 0
    for part in guide_in_the_documents_order(agreement):
        found = guide.find(seed_text.normalise(part), at)
        assert found >= 0, f"not in the document's reading guide (in this order): {part!r}"
        at = found + len(seed_text.normalise(part))
    assert "Er milepælen fx at der skal være udarbejdet en analyse" in agreement.reading_guide
    assert "hvor der anvises en alternativ finansiering" in agreement.economy_guide
    # Nothing else: what is left is the headings, the faces and the definitions' full stops.
    for part in [*guide_in_the_documents_order(agreement), "Læsevejledning", "Definition af smileys på indsats:",
                 "Definition af smileys på økonomi"]:
        guide = seed_text.remove_once(guide, part)
    assert re.sub(r"[\s.:©@®]", "", guide) == "", f"left over in the document's reading guide: {guide!r}"


def test_the_report_and_the_pages_print_the_guide_in_the_documents_order(agreement, login):
    """The example and the rule on alternative financing are where the committee reads the agreement: in the
    round's report (between the two lists of definitions, as the document has it), on the round's page and on the
    agreement's page."""
    first = agreement.rounds.get(number=1)
    report = first.reports.get()
    html = seed_text.normalise(re.sub(r"<[^>]+>", " ", html_unescape(report_html(report))))
    at = html.index("Læsevejledning")
    for part in [*guide_in_the_documents_order(agreement)]:
        found = html.find(seed_text.normalise(part), at)
        assert found >= 0, f"not in the report's reading guide (in this order): {part!r}"
        at = found
    client = login("admin")
    for url in [reverse("budgetfollowup:round_detail", args=[first.pk]),
                reverse("budgetfollowup:agreement_detail", args=[agreement.pk])]:
        page = seed_text.normalise(re.sub(r"<[^>]+>", " ", html_unescape(client.get(url).content.decode())))
        for part in [*paragraphs(agreement.reading_guide), *paragraphs(agreement.economy_guide)]:
            assert seed_text.normalise(part) in page, (url, part)


def test_every_initiative_is_the_documents_word_for_word(agreement):
    first = agreement.rounds.get(number=1)
    problems = [p for initiative, span in spans(agreement, body()) for p in problems_of(initiative, span, first)]
    assert not problems, "\n".join(problems)


def test_nothing_of_the_document_is_left_out(agreement):
    """The guide, the section heading and the initiatives' parts are the whole document."""
    text = body()
    rows = spans(agreement, text)
    guide_end = text.index("3. En stærk uddannelsesby")
    between = text[guide_end:text.index(rows[0][1])]
    assert seed_text.normalise(between) == "3. En stærk uddannelsesby"
    assert sum(len(span) for _row, span in rows) == len(text) - text.index(rows[0][1])


def test_a_condensed_or_dropped_passage_is_caught(agreement):
    """The check is strict: the old demo's condensed 3.14 (the § 16b passage dropped), 3.8's first milestone with a
    smiley the document does not give, and a contributor the document leaves blank all fail."""
    first = agreement.rounds.get(number=1)
    spans_by_number = {initiative.number: (initiative, span) for initiative, span in spans(agreement, body())}

    initiative, span = spans_by_number["3.14"]
    condensed = copy.copy(initiative)
    condensed.text = initiative.text.replace(
        "Hvis der er særlige pædagogiske årsager hertil, kan en skole vælge, i overensstemmelse med lovgivningen, at "
        "søge dispensation for den lange skoledag for enkeltklasser efter folkeskolelovens § 16b. ", "")
    assert condensed.text != initiative.text
    assert any("the agreement's text differs" in p for p in problems_of(condensed, span, first))

    initiative, span = spans_by_number["3.8"]
    milestone = next(m for m in initiative.milestones.all() if m.round.number == 1)
    assert milestone.smiley == ""
    milestone.smiley = "yellow"
    assert any("smiley" in p for p in problems_of(initiative, span, first))

    initiative, span = spans_by_number["3.9"]
    assert initiative.contributors == ""
    initiative.contributors = "Der skal i 2019 gennemføres en opfølgning på evalueringen fra efteråret 2018"
    assert problems_of(initiative, span, first)


def test_the_document_names_samspal_as_the_municipality_writes_it(agreement):
    samspal = Initiative.objects.get(section__agreement=agreement, number="3.6")
    assert samspal.title.startswith("SAMSPAL – ") and "SAMSPIL" not in samspal.text
    assert "SAMSPAL" in samspal.text
