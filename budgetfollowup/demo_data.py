"""Aftale om budget 2019 for Børne- og Skoleudvalget, as the municipality's first follow-up of 18 March 2019 has it
(seed 003).

Every text here is the document's, word for word: the OCR's lost letters are put back ("gnsker" is "ønsker"),
and where the document itself has a slip we correct it, saying so beside the text (budgetfollowup/tests/
test_demo_faithful.py compares every paragraph with the seed). Per initiative: number, title, centre, contributors
("Væsentlig bidragsyder", blank where the document leaves it blank), the agreement's text, the milestone text per round
(None: the round has none), and round 1 as (milestone smiley, milestone status, economy smiley, economy text). The
OCR's smileys read © green, @ yellow (an OCR'd @ can also be a sad face; the document's own words decide), ® red;
economy has only green and red; "" where the document gives no smiley.

What the demo adds beyond the document is kept apart, in ADDED_BY_THE_DEMO below: the districts an initiative
concerns and the dates of rounds 2-4. The amounts per year are read off the agreement's text ("årligt" with no end
year is taken to run through 2022, the agreement's last year).
"""

SIS = "Skoler, Institutioner og Kultur"
BUR = "Børne- og Ungerådgivning"

AGREEMENT = {
    "title": "Aftale om budget 2019",
    "year": 2019,
    "committee": "Børne- og Skoleudvalget",
    "case_number": "00.30.10-S00-1-19",
    "first_round_date": "2019-03-18",  # "Den 18. marts 2019"
}
SECTION = (3, "En stærk uddannelsesby")

# The document's "Læsevejledning", all of it, in its order. Its two lists of smiley definitions are the app's own
# (dagtilbud.smileys).
READING_GUIDE = (
    "Opfølgningen på Aftale om budget 2019 sker ved, at der gives smileys på henholdsvis indsats og økonomi. Der "
    "følges op på aftalen fire gange årligt. Dette sker i forbindelse med de tre budgetopfølgninger samt en endelig "
    "opfølgning pr. 31. december 2019. Denne læsevejledning skal skabe klarhed over, hvordan de indsatte smileys "
    "skal forstås.\n\n"
    "Status på indsats gives ved at følge op på de opsatte milepæle ved budgetopfølgningerne. Milepæle er de "
    "nødvendige skridt, der skal tages for at nå frem til det endelige mål, som vil være det pågældende delelement "
    "i budgetaftalen.\n\n"
    "Er milepælen fx at der skal være udarbejdet en analyse, følges der op på, om analysen er udarbejdet og er den "
    "udarbejdet gives en glad smiley. Dertil vil analysen blive behandlet på pågældende fagudvalg."
)

# The guide's part on economy, with the rule on alternative financing; the document prints it between the two lists
# of definitions, and the report prints it there too.
ECONOMY_GUIDE = (
    "Der gives én samlet smiley-status på økonomi ved hver opfølgning. Hvis der er ændringer til økonomien i "
    "forhold til det vedtagne budget, skal det indgå i budgetopfølgningen, hvor der anvises en alternativ "
    "finansiering. Opfølgningen på økonomien vil herefter være i forhold til den eventuelle ændrede økonomi, som er "
    "godkendt af Kommunalbestyrelsen."
)

INITIATIVES = [
    {
        "number": "3.1", "title": "Understøttelse af arbejdet med kvalitet i dagtilbud", "center": SIS,
        "contributors": "", "amounts": {2019: 300000, 2020: 300000, 2021: 300000, 2022: 300000},
        "text": "Parterne ønsker at sætte fokus på, hvad vi forstår ved dagtilbud af høj kvalitet. Der er nedsat en "
        "arbejdsgruppe med repræsentanter fra medarbejdere, pædagogisk ledelse, distriktsledelse, faglige "
        "organisationer og administrationen. Den skal udvikle et bud på, hvordan vi kan se god kvalitet i "
        "dagtilbuddene.\n\nData skal både bruges til at styrke vores dagtilbud gennem en evalueringskultur i "
        "dagtilbuddet og til at informere det politiske niveau om, hvordan det går. Børne- og Skoleudvalget "
        "forelægges arbejdsgruppens anbefalinger i foråret 2019.\n\nBørne- og Skoleudvalget drøfter anbefalingerne "
        "med Dialogforum.\n\nDer afsættes årligt 0,3 mio. kr. til indkøb og drift af et kvalitetssikringssystem, der "
        "understøtter arbejdet med udvikling og dokumentation af kvalitet i dagtilbud. Midlerne udmøntes i Børne- og "
        "Skoleudvalget.",
        "milestones": [
            "Arbejdsgruppen arbejder og former et kommende forslag og anbefalinger til Børne- og Skoleudvalget.",
            "Et bud på, hvordan vi kan se god kvalitet i dagtilbud – og et bud på et system, som kan understøtte dette "
            "arbejde forelægges Børne- og Skoleudvalget\n\nDialogforum har møde primo maj. Her orienteres om de "
            "anbefalinger, som er forelagt Børne- og Skoleudvalget.",
            "Arbejdet med kvalitetssikring og indsamling af data igangsættes.",
            None,
        ],
        "round1": ("yellow", "", "green", "Der er afsat 0,3 mio. kr."),
    },
    {
        "number": "3.2", "title": "Pilotprojekt om arbejdstilrettelæggelse i dagtilbud", "center": SIS,
        "contributors": "", "amounts": {},
        "text": "Det er vigtigt, at pædagogernes arbejdstid rummer mulighed for at arbejde kontinuerligt med kvalitet "
        "i dagtilbud, herunder både den fortsatte implementering af BAL (Ballerups Analyse af Læringsmiljøer) og "
        "arbejdet med en evalueringskultur i dagtilbuddet.\n\nEt vigtigt element i arbejdet med kvalitet i dagtilbud "
        "handler om tilrettelæggelse af det pædagogiske personales arbejdstid i løbet af dagen. Det er vigtigt, at "
        "arbejdstiden er planlagt, så der hele dagen er gode muligheder for, at børnene lærer, trives og udvikler "
        "sig. Også i ydertimerne på dagen. Parterne ønsker, at mulighederne for at igangsætte et pilotprojekt i et af "
        "distrikterne med arbejdstidsplanlægning afsøges. Forslag til pilotprojekt fremlægges for Børne- og "
        "Skoleudvalget i foråret 2020.",
        "milestones": [
            None, None,
            "Distriktsdagtilbudslederne former i samarbejde med administrationen pilotprojektet.",
            "De indledende skitser til et pilotprojekt overføres til opgavelisten for 2020.\n\nForslaget til "
            "pilotprojektet forelægges Børne- og Skoleudvalget primo 2020.",
        ],
        "round1": ("", "", "", "Der er ikke afsat økonomi."),
    },
    {
        "number": "3.3", "title": "Barnets første 1.000 dage", "center": SIS,
        "contributors": "Børne- og Ungerådgivning samt Social og Sundhed",
        "amounts": {2019: 1000000, 2020: 3000000, 2021: 3000000, 2022: 3000000},
        "text": "Ballerup Kommune har tilsluttet sig Småbørnsløftet. Småbørnsløftet har to mål: At alle småbørn har "
        "et godt børneliv, herunder udvikler de nødvendige forudsætninger personligt, socialt og fagligt for en god "
        "skolegang. Og at de første 1.000 dage af alle børns liv er præget af tryghed og stimulering, så de lige fra "
        "fødslen trives og får alsidige muligheder for at lære og udvikle sig.\n\nDet indebærer en særlig "
        "forpligtigelse for de mest udsatte børn. I forbindelse med sidste års budget blev det vedtaget at sætte "
        "midler af til et tættere samarbejde mellem sundhedspleje og dagtilbud, til spædgrupper for udsatte familier "
        "og til at arbejde mere bredt med kvalitet i dagtilbud. Aftaleparterne ønsker at afsøge mulighederne for i "
        "samarbejde med en fond at styrke indsatsen for de mest udsatte børn og deres forældre endnu mere.\n\n"
        "Der afsættes 1 mio. kr. i 2019. Der afsættes 3 mio. kr. årligt i perioden 2020-2022.\n\n"
        "Heraf anvendes 1 mio. kr. hvert år til at udvikle det arbejde med kvalitet i dagtilbud, der blev igangsat "
        "med budgettet for 2018. De resterende midler afsættes til et muligt fondssamarbejde om barnets første 1000 "
        "dage.\n\nMidlerne udmøntes i Børne- og Skoleudvalget.",
        "milestones": [
            "Erfaringer fra år 1 i arbejdet med kvalitet i distrikterne deles i Distriktsledergruppen (1 mio. kr. "
            "fordelt på fem distrikter).\n\nKontakt til mulige fonde iværksættes – og muligheder for samarbejde "
            "afsøges.\n\nForslag til udmøntningen af den “nye” million er forelagt Børne- og Skoleudvalget.\n\n"
            "Administrationen forelægger ligeledes en vurdering af de midler, der er afsat til “de første 1.000 dage” "
            "i Finansloven.",
            "Kontakt til mulige fonde iværksættes – og muligheder for samarbejde afsøges. Samtidig kontaktes forskere "
            "med henblik på et samarbejde.",
            "Erfaringer fra arbejdet med kvalitet i distrikterne forelægges Børne- og Skoleudvalget (1 mio. kr. "
            "fordelt på fem distrikter).\n\nBørne- og Skoleudvalget orienteres om fremdrift og resultat af "
            "afsøgningen i forhold til fonde og forskere.",
            None,
        ],
        "round1": (
            "green",
            "Der er fremlagt en sag til Børne- og Skoleudvalget i forhold til anvendelse af bevillingen. Der er dog "
            "ikke foretaget en vurdering af de midler, som er afsat på Finansloven. Dette forventes snarest muligt.",
            "green",
            "Der er afsat 1 mio. kr. til udvikling af arbejdet med kvalitet i dagtilbud. Midlerne fordeles til fem "
            "distrikter.\n\nDer er således 2 mio. kr. i årene 2019, 2020 og 2021 samt 1 mio. kr. i 2022.\n\nDer er "
            "afsat 2 mio. kr. til et muligt fondssamarbejde om barnets første 1.000 dage.",
        ),
    },
    {
        "number": "3.4", "title": "Dagtilbudsstrukturen evalueres", "center": SIS, "contributors": "",
        "amounts": {2021: 500000},
        "text": "I august 2016 trådte den nye dagtilbudsstruktur i Ballerup Kommune i kraft. Dagtilbuddene er "
        "organiseret i fem distrikter, der passer til distrikterne på både det børnesociale område, skoleområdet, "
        "BFO- og klubområdet. Formålet med den nye dagtilbudsstruktur er dels at sikre sammenhænge i børns liv i et "
        "0-25 års perspektiv, dels at styrke ledelsen tæt på børn og medarbejdere samt de faglige miljøer i "
        "dagtilbuddene.\n\nParterne ønsker, at den nye dagtilbudsstruktur evalueres. Der afsættes 0,5 mio. kr. til "
        "evalueringen, som finder sted i efteråret 2021. Dagtilbudsstrukturen har på det tidspunkt virket i fem år, "
        "hvilket giver basis for mere holdbare konklusioner end en hurtig evaluering. Ultimo 2020 forelægges Børne- "
        "og Skoleudvalget et forslag til evalueringsdesign til beslutning.",
        "milestones": [None, None, None, "Der forelægges et evalueringsdesign i efteråret 2020."],
        "round1": ("", "", "", "Der er ikke afsat økonomi i 2019."),
    },
    {
        "number": "3.5", "title": "Det specialiserede undervisningsområde", "center": SIS,
        "contributors": "Børne- og Ungerådgivning samt Arbejdsmarked", "amounts": {2019: 6000000, 2020: 3000000},
        "text": "Kommunerne i hovedstadsområdet oplever generelt et pres på den specialiserede undervisning. Det "
        "opleves også i Ballerup Kommune. På den baggrund afsættes der 6 mio. kr. i 2019 og 3 mio. kr. i 2020 til de "
        "øgede udgifter. Midlerne skal understøtte en omlægning på det specialiserede område og udmøntes i Børne- og "
        "Skoleudvalget.",
        "milestones": [
            "Ressourcetildelingsmodel for den specialiserede undervisning er forelagt Børne- og Skoleudvalget.",
            # The document's slip "den specialiserede undervisninger" corrected to "undervisning".
            "Ressourcetildelingsmodel for den specialiserede undervisning er vedtaget af Børne- og Skoleudvalget.",
            "Ressourcetildelingsmodel for den specialiserede undervisning er implementeret for skoleåret 2019/20, "
            "evt. med overgangsordninger mv.",
            None,
        ],
        "round1": (
            "green", "", "red",
            "Der er afsat 6 mio. kr.\n\nStatus: Der ses i forbindelse med visitationen i januar en stagnerende "
            "anvendelse af specialiseret undervisning i forhold til 2018, dog forventes fortsat et mindre merforbrug "
            "som ligger ud over bevillingsrammen.",
        ),
    },
    {
        "number": "3.6", "title": "SAMSPAL – Samarbejdet mellem specialskoler og almenskoler", "center": SIS,
        "contributors": "", "amounts": {2019: 2500000},
        "text": "Ballerup Kommune har de seneste år arbejdet med et styrket samarbejde mellem specialskoler og "
        "almenskoler (SAMSPAL), hvor specialskolelærere kompetenceudvikler lærerne på almenskole ved makkerlæring i "
        "forhold til at arbejde med inkluderende læringsmiljøer og børn med særlige støttebehov.\n\nParterne ønsker, "
        "at folkeskolerne fortsat skal have mulighed for at trække på specialskolelæreres store erfaring. Der "
        "afsættes derfor 2,5 mio. kr. i 2019 til at fortsætte SAMSPAL. Midlerne udmøntes i Børne- og Skoleudvalget."
        "\n\nI forbindelse med arbejdet med ny ressourcetildelingsmodel skal der tages stilling til, om skolerne skal "
        "have mulighed for at arbejde med SAMSPAL også i 2020 og frem, når finansieringen fra budgetaftalen er "
        "bortfaldet. Mulige modeller for hel eller delvis finansiering forelægges Børne- og Skoleudvalget i efteråret "
        "2018.",
        "milestones": [
            "Ressourcetildelingsmodel for den specialiserede undervisning er forelagt Børne- og Skoleudvalget, "
            "herunder håndtering af SAMSPAL.",
            "Det er fastlagt, om SAMSPAL er en integreret del af ressourcetildelingsmodellen for den specialiserede "
            "undervisning fra 2020.",
            None, None,
        ],
        "round1": ("green", "", "green", "Der er afsat 2,5 mio. kr."),
    },
    {
        "number": "3.8", "title": "Det specialiserede børneområde – Fællesskabsmodellen", "center": BUR,
        "contributors": "", "amounts": {2019: 4700000, 2020: 6500000, 2021: 5700000, 2022: 5300000},
        "text": "Ballerup Kommune investerede i forbindelse med budget 2017 i fællesskabsmodellen. Her betyder "
        "ansættelse af flere socialrådgivere, at rådgiverne kan være tættere på familierne og sætte tidligere ind. "
        "Forventningen er, at den tidlige og tætte indsats kan føre til, at færre børn anbringes på institution, "
        "fordi de og deres familier får den rette hjælp i tide. Investeringscasen har da også vist sig at være "
        "positiv: Færre børn anbringes, og udgifterne på området er faldet. De er dog ikke faldet i samme takt som "
        "forudsat.\n\nDerfor er der behov for at tilføre midler til investeringscasen i 2019 og frem. Der afsættes "
        "4,7 mio. kr. i 2019, 6,5 mio. kr. i 2020, 5,7 mio. kr. i 2021 og 5,3 mio. kr. i 2022 og frem. Midlerne "
        "udmøntes i Børne- og Skoleudvalget.\n\nIndsatsområderne for fællesskabsmodellen er:\n"
        "• Lavere gennemsnitspriser på de dyreste indsatser\n"
        "• Faldende antal anbringelser\n"
        "• Kortere ventetider, og kortere forløb på UP/DUT og Familiehuset.",
        "milestones": [
            "Børne- og Skoleudvalget præsenteres for Fællesskabsmodellens måltal, og en vurdering af de "
            "fremadrettede udgifter på området.",
            "Børne- og Skoleudvalget præsenteres for Fællesskabsmodellens måltal.",
            "Børne- og Skoleudvalget præsenteres for Fællesskabsmodellens måltal.",
            "Anbringelsestallet er stadigt faldende, ventetiderne er nedbragt og gennemsnitspriserne er reduceret.",
        ],
        # The document gives the first milestone a status and no smiley.
        "round1": (
            "", "Prognosen for 2019 og måltal på Fællesskabsmodellen gennemgås ved første budgetopfølgning.",
            "red", "Der er afsat 4,7 mio. kr.\n\nStatus: Det forventes at være svært at overholde budgettet på "
            "Fællesskabsmodellen.",
        ),
    },
    {
        # "Væsentlig bidragsyder" is blank in the document; the sentence beside it is the follow-up's status.
        "number": "3.9", "title": "Headspace", "center": BUR, "contributors": "",
        "amounts": {2019: 750000, 2020: 750000},
        # The OCR lost the word after "fortsætter i" (the line reads "...eparterne ønsker, at Headspace
        # fortsætter i"); "Ballerup." is the word the page has there.
        "text": "I Ballerup arbejder Headspace tæt sammen med og bor sammen med Ungerådgivningen, så det frivillige "
        "tilbud og det kommunale tilbud kan supplere hinanden til gavn for de unge.\n\nAftaleparterne ønsker, at "
        "Headspace fortsætter i Ballerup.\n\nDer afsættes derfor 0,75 mio. kr. i 2019 og 2020. Midlerne udmøntes i "
        "Børne- og Skoleudvalget.\n\nParterne er enige om, at Headspace skal effektevalueres i sommeren 2019 med "
        "henblik på stillingtagen til, om tilbuddet skal gøres permanent. Børne- og Skoleudvalget skal i den "
        "forbindelse forelægges muligheder for, hvordan tilbuddet kan gøres mindre omkostningstungt for kommunen.",
        "milestones": [
            "Der forelægges sag for Børne- og Skoleudvalget samt Kultur- og Fritidsudvalget med forslag til "
            "opdateret opfølgning på evalueringen fra efteråret 2018. Relevante parter involveres.",
            None, None, None,
        ],
        "round1": (
            "green",
            "Der skal i 2019 gennemføres en opfølgning på evalueringen fra efteråret 2018, som forløber for en "
            "endelig stillingtagen i 2020.",
            "green", "Der er afsat 0,75 mio. kr. årligt i 2019 og 2020.",
        ),
    },
    {
        # As for 3.9: the sentence beside the blank "Væsentlig bidragsyder" is the follow-up's status.
        "number": "3.11", "title": "Familiehuset", "center": BUR, "contributors": "",
        "amounts": {2019: 500000, 2020: 500000, 2021: 500000, 2022: 500000},
        "text": "Ballerup Familiehus løser mange opgaver, der imødekommer familiernes behov for rådgivning og støtte "
        "i forældrerollen – både tidligt forebyggende og længerevarende forløb. Med den tidlige opsporing i "
        "Fællesskabsmodellen er der sket en øget tilgang til Familiehusets ydelser.\n\nDer afsættes derfor årligt "
        "0,5 mio. kr. i 2019-2022 til at imødekomme behovet for flere forløb i Familiehuset. Parterne ønsker, at "
        "koordineringen med almenområdet samtidig styrkes. Midlerne udmøntes i Børne- og Skoleudvalget.",
        "milestones": [
            "Medarbejder er ansat og plan for øget koordinering og samarbejde med almenområdet er igangsat.",
            None,
            "Børne- og Skoleudvalget forelægges en status for samarbejdet mellem Familiehuset og almenområdet.",
            "Den gennemsnitlige ventetid for behandlingsforløb i Familiehuset er nedbragt.",
        ],
        # The economy's face is OCR'd "@", which on the economy scale (green or red) is read by the text: the money
        # is set aside and nothing is said of overspending.
        "round1": (
            "green",
            "Den udmøntede økonomi vil blive omsat i medarbejderressourcer, og en nedgang af ventetiderne vil fremgå "
            "af fremlæggelserne for Børne- og Skoleudvalget, jf. punkt 3.8.",
            "green", "Der er afsat 0,5 mio. kr. årligt i 2019-2022.",
        ),
    },
    {
        "number": "3.13", "title": "Tilfredshedsundersøgelse i BFO", "center": SIS, "contributors": "",
        "amounts": {},
        "text": "Det er Ballerup Kommunes ambition, at alle børn og unge i Ballerup Kommune vokser op og får de "
        "nødvendige kundskaber, færdigheder og kompetencer til at leve et godt, selvstændigt og udviklende liv hele "
        "livet. I det arbejde spiller BFO’en en væsentlig rolle. Børne- og Skoleudvalget har i 2016 fastlagt mål og "
        "indholdsbeskrivelser for arbejdet i BFO’en, der har til formål at sikre en fælles standard samtidig med, at "
        "den sikrer et lokalt råderum om opgaven i BFO’en.\n\nParterne ønsker i 2019 at foretage en "
        "brugerundersøgelse i BFO’en. Børne- og Skoleudvalget forelægges i foråret 2019 et design for "
        "tilfredshedsundersøgelsen, der gennemføres i løbet af efteråret 2019. Undersøgelsen skal være så enkel som "
        "muligt og tage udgangspunkt i indholdsbeskrivelsen for BFO.",
        "milestones": [
            None,
            "Børne- og Skoleudvalget godkender ramme og design af undersøgelsen.\n\nUndersøgelsen foretages efter "
            "sommerferien.",
            "Undersøgelsens resultater forelægges Børne- og Skoleudvalget.",
            None,
        ],
        "round1": ("", "", "", "Der er ikke afsat økonomi."),
    },
    {
        "number": "3.14", "title": "En sammenhængende skoledag", "center": SIS,
        "contributors": "Kultur- og Fritidsudvalget involveres",
        "amounts": {2019: 100000, 2020: 100000, 2021: 100000, 2022: 100000},
        "text": "Sammenhængende skoledage er vigtige for børns trivsel, læring og udvikling. Derfor ønsker "
        "aftaleparterne, at skoler, BFO’er og klubber arbejder sammen om sammenhængende forløb, hvor der er gode "
        "muligheder for de kreative, praktiske og musiske elementer i børns skole- og fritidsliv. Aftaleparterne "
        "ønsker derfor, at Børne- og Skoleudvalget i forbindelse med skolernes kvalitetsrapporter følger op på "
        "udviklingen i arbejdet med den sammenhængende skoledag.\n\nHvis der er særlige pædagogiske årsager hertil, "
        "kan en skole vælge, i overensstemmelse med lovgivningen, at søge dispensation for den lange skoledag for "
        "enkeltklasser efter folkeskolelovens § 16b. Aftaleparterne ønsker, at der afsættes en mindre pulje til at "
        "medfinansiere BFO og klubbers merudgifter i forbindelse med eventuelle ansøgninger efter § 16b.\n\n"
        "Der afsættes årligt 0,1 mio. kr. i 2019-2022 til formålet. Midlerne udmøntes i Børne- og Skoleudvalget.",
        "milestones": [
            "Opfølgning på samarbejdet om den sammenhængende skoledag indarbejdes i Kvalitetsrapporterne.",
            "Kvalitetsrapporter forelægges Børne- og Skoleudvalget og derefter Kommunalbestyrelsen.",
            None,
            "Status på anvendelsen af de økonomiske midler i 2019 forelægges Børne- og Skoleudvalget.",
        ],
        "round1": ("green", "", "green", "Der er afsat 0,1 mio. kr."),
    },
]

# Beyond the document: the demo needs the other three rounds' dates (the document is dated only for round 1) and
# which districts each initiative concerns, so the district dashboards have something to show. "all": every
# district; the rest concern none in particular.
ADDED_BY_THE_DEMO = {
    "later_round_dates": ["2019-06-17", "2019-09-16", "2019-12-31"],
    "districts": {"3.1": "all", "3.2": ["Distrikt Nord"], "3.3": "all", "3.4": "all"},
}
