"""Fictional Dutch texts for the demo data of ``load_demo`` (see ``cases.demo``).

Placeholders: {first} (voornaam), {hij}/{Hij}, {zijn}, {hem}, {school}, {groep}, {klas} and, in
goals, {datum} (the goal's streefdatum written out in Dutch).
"""

# --- Individual oza's: one casus profile per kind of support need ---------------------------
# types: onderwijssoorten the profile fits; ages: inclusive range; provider: which kind of
# jeugdhulpaanbieder delivers the care ("ggz", "ambulant" or "zorgboerderij").
PROFILES = {
    "concentratie": {
        "types": {"PO", "SBO"},
        "ages": (6, 11),
        "functions": ["versterken", "aanpassen"],
        "setting": "zorg_in_onderwijs",
        "location": "{school}, groep {groep}",
        "provider": "ambulant",
        "questions": (
            "Hoe kan {first} zich in de klas langer concentreren, zodat de achterstand in rekenen "
            "en begrijpend lezen niet verder oploopt? Wat hebben ouders nodig om thuis rust en "
            "structuur te bieden?"
        ),
        "protective": [
            "Ouders zijn zeer betrokken en staan open voor begeleiding thuis.",
            "{first} is sportief en zit met plezier op voetbal.",
            "Goede band met de leerkracht van groep {groep}.",
            "{first} leert goed met concreet materiaal en is creatief.",
            "Opa en oma wonen dichtbij en helpen met de opvang.",
        ],
        "hindering": [
            "Snel afgeleid in een drukke klas van 29 leerlingen.",
            "{first} valt 's avonds pas laat in slaap en is 's ochtends moe.",
            "Achterstand van ongeveer een half jaar in rekenen.",
            "Medicatie wordt nog ingesteld; evaluatie bij de kinderarts loopt.",
            "Beide ouders werken onregelmatig, waardoor structuur thuis lastig is.",
        ],
        "education": [
            "{first} werkt uiterlijk {datum} 20 minuten zelfstandig aan een taak met een "
            "time-timer en een stappenkaart, in 4 van de 5 geobserveerde lessen (observatie door "
            "de intern begeleider).",
            "{first} haalt op de methodetoets rekenen van {datum} minimaal een 6.",
        ],
        "care": [
            "Ouders houden uiterlijk {datum} op minimaal 5 van de 7 avonden het afgesproken "
            "avondritme met vaste bedtijd aan; zij houden dit bij in een weekschema en bespreken "
            "het tweewekelijks met de gedragswetenschapper.",
            "{first} geeft uiterlijk {datum} in 3 van de 4 wekelijkse oefenmomenten zelf aan "
            "wanneer {hij} een pauze nodig heeft (registratie door de jeugdhulpverlener).",
        ],
    },
    "gedrag_po": {
        "types": {"PO", "SBO"},
        "ages": (6, 12),
        "functions": ["versterken"],
        "setting": "zorg_in_onderwijs",
        "location": "{school}",
        "provider": "ambulant",
        "questions": (
            "{first} raakt bij onverwachte veranderingen en in de pauzes snel in conflict met "
            "klasgenoten en is twee keer geschorst. Hoe kan {hij} leren boosheid te herkennen en "
            "te reguleren, zodat {hij} op {school} kan blijven?"
        ),
        "protective": [
            "{first} wil graag bij de groep horen en is behulpzaam naar jongere kinderen.",
            "De leerkracht en de intern begeleider zetten zich in om {first} op school te houden.",
            "Moeder heeft eerder positieve ervaring met opvoedondersteuning.",
            "{first} reageert goed op duidelijke afspraken en complimenten.",
        ],
        "hindering": [
            "Onrustige thuissituatie na de scheiding van ouders.",
            "Ongestructureerde momenten (pauze, gym) leiden vaak tot conflicten.",
            "Weinig vriendschappen in de klas.",
            "Eerdere hulp is na drie gesprekken gestopt.",
        ],
        "education": [
            "{first} speelt uiterlijk {datum} 4 van de 5 dagen conflictvrij buiten tijdens de "
            "pauze, bijgehouden door de pleinwacht op de dagkaart.",
            "{first} gebruikt uiterlijk {datum} bij oplopende spanning in de klas zelfstandig de "
            "afkoelplek en keert binnen 10 minuten terug naar de les, in 80% van de gevallen.",
        ],
        "care": [
            "{first} kan uiterlijk {datum} drie eigen signalen van boosheid benoemen en één "
            "afgesproken stopstrategie toepassen (training agressieregulatie, 10 sessies).",
            "Ouders passen uiterlijk {datum} na de oudertraining de afgesproken aanpak bij "
            "driftbuien consequent toe; het aantal driftbuien thuis halveert (dagboek ouders).",
        ],
    },
    "autisme_po": {
        "types": {"SO", "SBO", "PO"},
        "ages": (5, 12),
        "functions": ["aanpassen", "versterken"],
        "setting": "zorg_in_onderwijs",
        "location": "{school}, prikkelarme werkplek",
        "provider": "ggz",
        "questions": (
            "{first} (autisme) raakt overprikkeld in de klas en komt thuis uitgeput aan. Welke "
            "aanpassingen in de leeromgeving en welke begeleiding thuis zijn nodig om "
            "overbelasting te voorkomen?"
        ),
        "protective": [
            "{first} heeft een sterk geheugen en veel kennis over dieren en techniek.",
            "Ouders kennen {first} goed en hebben de diagnose geaccepteerd.",
            "Vaste leerkracht die duidelijk en voorspelbaar lesgeeft.",
            "{first} werkt goed met een visueel dagprogramma.",
        ],
        "hindering": [
            "Overprikkeling door geluid en drukte in de klas en op het plein.",
            "Moeite met overgangen en onverwachte veranderingen in het rooster.",
            "Thuis veel boosheid na schooltijd ('ontladen').",
            "Lange wachttijd voor specialistische diagnostiek bij het broertje.",
        ],
        "education": [
            "{first} werkt uiterlijk {datum} twee keer per dag 30 minuten aan de eigen werkplek "
            "met koptelefoon zonder begeleiding van de onderwijsassistent.",
            "{first} doorloopt uiterlijk {datum} een roosterwijziging die 's ochtends met het "
            "dagprogramma is voorbereid zonder paniekreactie, in 4 van de 5 keer.",
        ],
        "care": [
            "Het aantal ontladingsmomenten thuis na schooltijd is uiterlijk {datum} gedaald van "
            "dagelijks naar maximaal twee keer per week (dagboek ouders).",
            "Ouders hebben uiterlijk {datum} de psycho-educatie autisme (6 bijeenkomsten) gevolgd "
            "en passen een vast rustmoment na school toe.",
        ],
    },
    "hoogbegaafd_thuiszitter": {
        "types": {"PO", "SBO"},
        "ages": (8, 12),
        "functions": ["terugleiden", "verrijken"],
        "setting": "zorg_in_onderwijs",
        "location": "{school}, plusklas en thuis",
        "provider": "ggz",
        "questions": (
            "{first} is hoogbegaafd, heeft moeite met plannen en organiseren en zit sinds "
            "{maanden} maanden (gedeeltelijk) thuis. Hoe bouwen we de schoolgang weer op met een "
            "passend en uitdagend aanbod?"
        ),
        "protective": [
            "{first} is nieuwsgierig en leest veel.",
            "Ouders zijn actief op zoek naar een passende oplossing.",
            "De school wil een plusklas-aanbod op maat maken.",
            "{first} heeft een goede band met een vriendje uit de buurt.",
        ],
        "hindering": [
            "Faalervaringen en negatief zelfbeeld ('ik ben dom').",
            "Executieve functies (plannen, starten met taken) zijn zwak ontwikkeld.",
            "Langdurig verzuim; leerplichtambtenaar is betrokken.",
            "Spanning tussen ouders en school over eerdere afspraken.",
        ],
        "education": [
            "{first} is uiterlijk {datum} 4 ochtenden per week op school, waarvan 2 ochtenden in "
            "de plusklas (aanwezigheidsregistratie).",
            "{first} rondt uiterlijk {datum} een eigen project af met een planning in 4 stappen "
            "die {hij} samen met de leerkracht heeft gemaakt.",
        ],
        "care": [
            "{first} scoort uiterlijk {datum} op de zelfbeeldvragenlijst (CBSK) minimaal in de "
            "gemiddelde range, na 12 sessies cognitieve gedragstherapie.",
            "Ouders en school voeren uiterlijk {datum} een tweewekelijks kort overleg volgens "
            "vaste agenda; beide partijen ervaren de samenwerking als voldoende (score 7+).",
        ],
    },
    "po_vo": {
        "types": {"PO", "SBO"},
        "ages": (11, 12),
        "functions": ["doorleiden", "versterken"],
        "setting": "zorg_in_onderwijs",
        "location": "{school} en beoogde vo-school",
        "provider": "ambulant",
        "questions": (
            "{first} gaat na de zomer naar het voortgezet onderwijs. Welke ondersteuning is nodig "
            "om de overstap goed te laten verlopen en hoe zorgen we voor een warme overdracht?"
        ),
        "protective": [
            "{first} heeft zin in de middelbare school en wil graag met een vriend mee.",
            "Het schooladvies (vmbo-kader) is gedragen door ouders en school.",
            "Goede ervaringen met de huidige jeugdhulpverlener.",
        ],
        "hindering": [
            "Onzekerheid en spanning bij nieuwe situaties.",
            "Grote school met wisselende docenten en lokalen.",
            "Ouders spreken beperkt Nederlands; tolk nodig bij gesprekken.",
        ],
        "education": [
            "Uiterlijk {datum} heeft {first} twee meeloopdagen gehad op de nieuwe school en is er "
            "een overdrachtsgesprek geweest tussen de intern begeleider en de mentor.",
            "{first} gebruikt uiterlijk {datum} zelfstandig de digitale agenda om huiswerk voor "
            "5 vakken te plannen (controle door mentor, 4 van de 5 weken).",
        ],
        "care": [
            "{first} kan uiterlijk {datum} met de jeugdhulpverlener drie strategieën benoemen om "
            "met spanning om te gaan en past er één toe in de eerste schoolweek.",
            "Ouders weten uiterlijk {datum} bij wie zij op de nieuwe school terechtkunnen en "
            "hebben een kennismakingsgesprek met de mentor gehad (met tolk).",
        ],
    },
    "jonge_risicoleerling": {
        "types": {"PO", "SO"},
        "ages": (5, 6),
        "functions": ["aanpassen"],
        "setting": "zorg_in_onderwijs",
        "location": "{school}, kleutergroep",
        "provider": "ambulant",
        "questions": (
            "Er zijn zorgen over de taalontwikkeling en het spel van {first}. Welke observatie en "
            "begeleiding zijn nodig om te bepalen welke onderwijsplek het beste past?"
        ),
        "protective": [
            "{first} is vrolijk en maakt makkelijk contact met volwassenen.",
            "Ouders staan open voor observatie en onderzoek.",
            "Kleine kleutergroep met ervaren leerkracht.",
        ],
        "hindering": [
            "Taalachterstand; logopedie is nog niet gestart.",
            "Moeite met samenspel en op de beurt wachten.",
            "Veel ziekteverzuim in het eerste schooljaar.",
        ],
        "education": [
            "Uiterlijk {datum} is er een handelingsgericht observatieverslag met advies over de "
            "passende onderwijsplek, besproken met ouders.",
            "{first} speelt uiterlijk {datum} 15 minuten samen met één klasgenoot in de "
            "bouwhoek, in 3 van de 4 observaties.",
        ],
        "care": [
            "Uiterlijk {datum} is de logopedie gestart en oefenen ouders 4 keer per week 10 "
            "minuten met het huiswerk van de logopedist.",
            "Ouders ontvangen uiterlijk {datum} 6 sessies video-interactiebegeleiding en passen "
            "de besproken speltips toe.",
        ],
    },
    "vrijstelling_ernstig": {
        "types": {"SO", "VSO"},
        "ages": (6, 19),
        "functions": ["verrijken", "opbouwen"],
        "setting": "onderwijs_in_zorg",
        "location": "Dagbesteding Zorgboerderij Het Wilgenhof, met ambulant onderwijs",
        "provider": "zorgboerderij",
        "questions": (
            "{first} heeft een ernstige meervoudige beperking en een vrijstelling van de "
            "leerplicht. Welk onderwijsaanbod kan binnen de dagbesteding worden geboden om "
            "{zijn} ontwikkeling te blijven stimuleren?"
        ),
        "protective": [
            "{first} geniet van dieren en buiten zijn.",
            "Vaste begeleiders op de dagbesteding die {first} goed kennen.",
            "Ouders zijn sterk betrokken en hebben een goed netwerk.",
        ],
        "hindering": [
            "Beperkte belastbaarheid; na 2 uur programma rust nodig.",
            "Epilepsie; aanvallen vragen alertheid van begeleiding.",
            "Vervoer naar de zorglocatie is kwetsbaar.",
        ],
        "education": [
            "{first} werkt uiterlijk {datum} 3 keer per week 30 minuten aan een "
            "ontwikkelingsgericht onderwijsprogramma (communicatie met picto's) met de ambulant "
            "leerkracht van het VSO.",
            "{first} gebruikt uiterlijk {datum} 10 picto's om keuzes kenbaar te maken "
            "(registratie door begeleiding).",
        ],
        "care": [
            "{first} neemt uiterlijk {datum} 4 dagen per week deel aan de dagbesteding zonder "
            "extra rustdag (aanwezigheidsregistratie).",
            "Het zorgplan en het onderwijsprogramma zijn uiterlijk {datum} samengevoegd in één "
            "plan dat ouders hebben ondertekend.",
        ],
    },
    "angst_thuiszitter": {
        "types": {"VO", "VSO"},
        "ages": (12, 17),
        "functions": ["terugleiden", "opbouwen"],
        "setting": "zorg_in_onderwijs",
        "location": "{school}, opbouwrooster via het ondersteuningsteam",
        "provider": "ggz",
        "questions": (
            "{first} komt sinds {maanden} maanden niet of nauwelijks op school door ernstige "
            "angstklachten. Hoe kan {hij} stap voor stap terugkeren naar school, te beginnen "
            "met twee dagdelen per week, en welke behandeling is daarvoor nodig?"
        ),
        "protective": [
            "{first} wil zelf graag terug naar school en {zijn} vrienden zien.",
            "De mentor houdt wekelijks contact en stuurt lesstof door.",
            "Ouders werken goed mee en zoeken steun bij de jeugd- en gezinscoach.",
            "{first} is intelligent en haalt voldoendes voor de vakken die {hij} thuis maakt.",
        ],
        "hindering": [
            "Paniekaanvallen in de bus en bij de ingang van de school.",
            "Dag-nachtritme is verschoven; {first} slaapt tot in de middag.",
            "Groeiende achterstand in wiskunde en Frans.",
            "Wachtlijst voor specialistische GGZ-behandeling.",
            "Gepest in klas {klas}; dat is nog niet helemaal uitgesproken.",
        ],
        "education": [
            "{first} is uiterlijk {datum} 3 ochtenden per week aanwezig op school volgens het "
            "opbouwrooster, blijkend uit de verzuimregistratie.",
            "{first} volgt uiterlijk {datum} het volledige rooster in 4 van de 5 schooldagen en "
            "heeft de achterstand in wiskunde ingehaald (voldoende op de toets van die periode).",
        ],
        "care": [
            "{first} past uiterlijk {datum} de in de behandeling geleerde ontspannings- en "
            "exposure-oefeningen zelfstandig toe; de score op de angstvragenlijst (RCADS) is met "
            "30% gedaald.",
            "{first} staat uiterlijk {datum} op schooldagen om 7.30 uur op, 5 van de 7 dagen "
            "(slaapdagboek).",
        ],
    },
    "somberheid": {
        "types": {"VO", "VSO"},
        "ages": (14, 19),
        "functions": ["opbouwen", "versterken"],
        "setting": "zorg_in_onderwijs",
        "location": "{school}",
        "provider": "ggz",
        "questions": (
            "{first} is al maanden somber, verzuimt veel en haakt af bij lessen. Hoe kan {hij} "
            "{zijn} schoolloopbaan voortzetten naast behandeling voor de depressieve klachten?"
        ),
        "protective": [
            "{first} heeft een bijbaan in de supermarkt die {hij} volhoudt.",
            "Goede relatie met de mentor en de schoolmaatschappelijk werker.",
            "{first} is open over {zijn} klachten en wil hulp.",
        ],
        "hindering": [
            "Verzuim van ruim 30% in de afgelopen periode.",
            "Weinig steun uit het netwerk; vader is langdurig ziek.",
            "Piekeren en slecht slapen.",
            "Examenjaar geeft extra druk.",
        ],
        "education": [
            "Het verzuim van {first} is uiterlijk {datum} gedaald tot maximaal 10% "
            "(verzuimregistratie), met een aangepast rooster van 4 dagen per week.",
            "{first} heeft uiterlijk {datum} alle schoolexamenonderdelen van de lopende periode "
            "ingehaald volgens het afgesproken inhaalplan.",
        ],
        "care": [
            "De score van {first} op de depressievragenlijst (CDI-2) is uiterlijk {datum} in de "
            "normale range, na 16 sessies behandeling.",
            "{first} heeft uiterlijk {datum} een terugvalpreventieplan opgesteld en besproken "
            "met ouders en mentor.",
        ],
    },
    "autisme_vo": {
        "types": {"VO", "VSO"},
        "ages": (12, 19),
        "functions": ["aanpassen", "versterken"],
        "setting": "zorg_in_onderwijs",
        "location": "{school}, time-in lokaal",
        "provider": "ambulant",
        "questions": (
            "{first} (autisme) loopt vast in de drukte van de school, de wisselende lokalen en "
            "het groepswerk. Welke aanpassingen en begeleiding helpen {hem} om het diploma te "
            "halen?"
        ),
        "protective": [
            "{first} is zeer goed in informatica en wiskunde.",
            "Vaste aanspreekpersoon in het ondersteuningsteam van {school}.",
            "Ouders en {first} zijn goed op de hoogte van wat helpt.",
        ],
        "hindering": [
            "Groepsopdrachten leiden tot stress en uitval.",
            "Veel prikkels in de aula en de gangen tijdens de wissel.",
            "Moeite met plannen van toetsweken.",
        ],
        "education": [
            "{first} werkt uiterlijk {datum} bij groepsopdrachten met een vaste taakverdeling "
            "en levert 3 van de 4 opdrachten op tijd in.",
            "{first} maakt uiterlijk {datum} voor de toetsweek zelfstandig een planning die met "
            "de coach is gecontroleerd, en houdt zich er voor 80% aan.",
        ],
        "care": [
            "{first} benoemt uiterlijk {datum} in de wekelijkse coaching zelf signalen van "
            "overbelasting en kiest een passende actie (time-in, pauze) uit het signaleringsplan.",
            "{first} gaat uiterlijk {datum} twee keer per week naar een vrijetijdsactiviteit "
            "(programmeerclub) met een leeftijdsgenoot.",
        ],
    },
    "gedrag_vo": {
        "types": {"VO"},
        "ages": (12, 16),
        "functions": ["versterken", "terugleiden"],
        "setting": "zorg_in_onderwijs",
        "location": "{school} en time-outvoorziening Kennemerkust",
        "provider": "ambulant",
        "questions": (
            "{first} is na herhaalde incidenten tijdelijk in de time-outvoorziening geplaatst. "
            "Hoe kan {hij} met begeleiding terugkeren naar {zijn} eigen klas op {school}?"
        ),
        "protective": [
            "{first} is sportief en traint drie keer per week bij de kickboksclub.",
            "Oudere broer is een positief rolmodel.",
            "{first} geeft aan dat {hij} {zijn} diploma wil halen.",
        ],
        "hindering": [
            "Negatieve vriendengroep buiten school.",
            "Eerdere schorsingen hebben de relatie met docenten belast.",
            "Ouders voelen zich machteloos en zijn moeilijk bereikbaar.",
        ],
        "education": [
            "{first} volgt uiterlijk {datum} weer het volledige rooster in de eigen klas zonder "
            "verwijdering uit de les gedurende 6 aaneengesloten weken.",
            "{first} heeft uiterlijk {datum} een herstelgesprek gevoerd met de betrokken docenten "
            "en de afspraken vastgelegd in het ontwikkelingsperspectief.",
        ],
        "care": [
            "{first} rondt uiterlijk {datum} de training sociale vaardigheden (8 bijeenkomsten) "
            "af en past de geleerde stop-denk-doe-aanpak toe (beoordeling door trainer en "
            "mentor).",
            "Ouders hebben uiterlijk {datum} vier gezinsgesprekken gevoerd en maken vaste "
            "afspraken over thuiskomtijden die in 80% van de weken worden nagekomen.",
        ],
    },
    "vo_mbo": {
        "types": {"VO", "VSO"},
        "ages": (16, 19),
        "functions": ["doorleiden"],
        "setting": "zorg_in_onderwijs",
        "location": "{school} en beoogde mbo-opleiding",
        "provider": "ambulant",
        "questions": (
            "{first} rondt dit jaar het {school} af. Welke begeleiding is nodig voor een "
            "succesvolle overstap naar het mbo of naar werk, en hoe wordt de ondersteuning "
            "overgedragen?"
        ),
        "protective": [
            "{first} heeft een duidelijke beroepswens (dierverzorging).",
            "Positieve stage-ervaring bij een kinderboerderij.",
            "Jobcoach is al betrokken vanuit de gemeente.",
        ],
        "hindering": [
            "Vanaf 18 jaar stopt de jeugdhulp; vervolg via de Wmo is nog niet geregeld.",
            "Moeite met zelfstandig reizen naar een nieuwe locatie.",
            "Beperkte motivatie voor theorievakken.",
        ],
        "education": [
            "{first} is uiterlijk {datum} aangemeld bij de mbo-opleiding en heeft een "
            "intakegesprek gehad waarbij de mentor het overdrachtsdossier heeft toegelicht.",
            "{first} reist uiterlijk {datum} zelfstandig met het openbaar vervoer naar de "
            "stageplek, 4 van de 4 stagedagen.",
        ],
        "care": [
            "Uiterlijk {datum} is de overgang van jeugdhulp naar Wmo-ondersteuning geregeld "
            "(beschikking afgegeven) zodat er geen gat ontstaat na de 18e verjaardag.",
            "{first} houdt uiterlijk {datum} zelf een weekplanning bij voor school, stage en vrije "
            "tijd en bespreekt die wekelijks met de jobcoach.",
        ],
    },
    "trauma_pleeg": {
        "types": {"PO", "SBO", "SO", "VO", "VSO"},
        "ages": (6, 16),
        "functions": ["versterken", "aanpassen"],
        "setting": "zorg_in_onderwijs",
        "location": "{school}",
        "provider": "ggz",
        "questions": (
            "{first} woont sinds een jaar in een pleeggezin en heeft ingrijpende ervaringen "
            "meegemaakt. Hoe kunnen school, pleegouders en jeugdhulp samen zorgen voor veiligheid "
            "en voorspelbaarheid, zodat {first} tot leren komt?"
        ),
        "protective": [
            "Stabiele plaatsing in een warm pleeggezin.",
            "{first} heeft een vertrouwensband met de leerkracht opgebouwd.",
            "De voogd is goed bereikbaar en denkt actief mee.",
        ],
        "hindering": [
            "Schrikreacties en concentratieproblemen door trauma.",
            "Bezoekregeling met biologische ouders geeft onrust.",
            "Eerdere schoolwisselingen hebben tot achterstanden geleid.",
        ],
        "education": [
            "{first} werkt uiterlijk {datum} met een vaste dagstart bij de leerkracht en is in 4 "
            "van de 5 dagen na de dagstart binnen 10 minuten aan het werk (observatie).",
            "{first} heeft uiterlijk {datum} de achterstand in technisch lezen met een half jaar "
            "verkleind (AVI-toets).",
        ],
        "care": [
            "{first} heeft uiterlijk {datum} de traumabehandeling (EMDR, 8 sessies) afgerond; de "
            "klachtenlijst (CRTES) laat een daling van minimaal 30% zien.",
            "Pleegouders passen uiterlijk {datum} na de begeleiding de afgesproken aanpak rond "
            "bezoekmomenten toe; de onrust na bezoek duurt maximaal één dag (dagboek).",
        ],
    },
}


# --- Reasons for the steps on the route -------------------------------------------------------
PREPARATION_REASONS = [
    "Akkoord vastgelegd; in het oriënterend MDO van {datum} is besloten tot een oza.",
    "Oriënterend MDO op {datum} met ouders, school, onderwijsconsulent en jeugd- en gezinscoach: "
    "maatwerk is nodig, akkoord is gegeven.",
]
EXECUTION_REASONS = [
    "Doelen, partners en financiering zijn rond; start uitvoering per {datum}.",
    "Beschikking jeugdhulp en arrangement van het samenwerkingsverband zijn toegekend; start per "
    "{datum}.",
]
EVALUATION_REASONS = [
    "Evaluatie-MDO na {weken} weken uitvoering.",
    "Geplande evaluatie met ouders, {first} en het team na {weken} weken.",
]
CONTINUE_REASONS = [
    "Doelen deels behaald: de aanwezigheid van {first} stijgt. Voortzetten tot de geplande "
    "einddatum; volgende evaluatie over tien weken.",
    "Goede voortgang; ouders en {first} willen doorgaan. Voortzetten met dezelfde doelen.",
]
ADJUST_REASONS = [
    "De opbouw van de schooltijd stagneert; het zorgdoel wordt bijgesteld en de inzet van de "
    "jeugdhulp wordt uitgebreid.",
    "De aanpak sluit onvoldoende aan bij {first}; terug naar voorbereiding om doelen en inzet "
    "opnieuw af te stemmen.",
]
CONCLUDE_REASONS = [
    "Onderwijs- en zorgdoelen zijn behaald; {first} volgt weer het volledige rooster. Afsluiten.",
    "Doelen grotendeels behaald; de resterende ondersteuning past binnen de basisondersteuning "
    "van de school. Afsluiten.",
]
CLOSE_REASONS = [
    "Eindevaluatie met ouders en {first} gehouden; tevredenheid gemeten (ouders 8, {first} 7). "
    "Warme overdracht aan de school afgerond.",
    "Oza afgerond; resultaten vastgelegd in het ontwikkelingsperspectief. Ouders en {first} zijn "
    "tevreden over de samenwerking.",
]
ADJUSTED_GOALS = {
    "onderwijs": (
        "Bijgesteld doel: {first} is uiterlijk {datum} twee volledige dagen per week op school; "
        "de overige dagen volgt {hij} onderwijs op afstand met dagelijks contact met de mentor."
    ),
    "zorg": (
        "Bijgesteld doel: {first} heeft uiterlijk {datum} wekelijks een gesprek met de "
        "behandelaar op school in plaats van op de polikliniek, om de drempel te verlagen."
    ),
}

EARLY_ENDS = {
    "verhuisd": (
        "orientatie",
        "Het gezin is verhuisd naar een gemeente buiten de regio; het dossier is met toestemming "
        "van ouders overgedragen aan het nieuwe samenwerkingsverband.",
    ),
    "geen_financiering": (
        "voorbereiding",
        "De aanvraag voor het arrangement is afgewezen en er is geen alternatieve financiering "
        "gevonden; escalatie via de escalatieladder is gestart.",
    ),
    "niet_passend": (
        "uitvoering",
        "Na zes weken blijkt het arrangement niet passend: {first} heeft een zwaardere, "
        "specialistische plek nodig. Verwijzing naar het VSO is in gang gezet.",
    ),
    "akkoord_ingetrokken": (
        "uitvoering",
        "Ouders hebben hun akkoord ingetrokken omdat zij de begeleiding te belastend vinden voor "
        "het gezin. Het oza stopt; de school biedt basisondersteuning.",
    ),
    "ander_aanbod": (
        "evaluatie",
        "Uit de evaluatie blijkt dat een groepsarrangement beter past bij {first}; het "
        "individuele oza wordt beëindigd.",
    ),
    "overig": (
        "uitvoering",
        "{first} is opgenomen voor klinische behandeling; het oza stopt. Na ontslag wordt "
        "opnieuw bekeken welke ondersteuning nodig is.",
    ),
}

CONSENT_WITHDRAWN_BY_JEUGDIGE = (
    "{first} heeft {zijn} akkoord ingetrokken: {hij} wil de begeleiding niet langer. Het oza "
    "stopt; de mentor blijft aanspreekpunt en ouders zijn geïnformeerd."
)

# --- MDO's -----------------------------------------------------------------------------------
# Notes per agenda item of the default agenda of mdo.services (by kind of MDO, in the order of the
# regular items). Each item has options: (notes, shared with ouders and jeugdige).
# Extra placeholders: {volgend} (the date of the next MDO, written out), {afspraken} (how the
# agreements of the previous MDO went).
MDO_NOTES = {
    "start": [
        [
            (
                "Voorstelronde; iedereen licht kort de eigen rol toe. Doel van dit overleg: samen "
                "met ouders bepalen of maatwerk nodig is en wie wat doet.",
                True,
            ),
            (
                "Kennismaking. Ouders hebben akkoord gegeven om {first} in dit overleg te "
                "bespreken. De procesbegeleider zit voor en bewaakt het proces.",
                True,
            ),
        ],
        [
            (
                "Ouders vertellen dat het thuis en op school steeds moeilijker gaat. Zij willen "
                "vooral dat {first} weer met plezier naar {school} gaat en dat er één plan komt "
                "in plaats van losse hulp.",
                True,
            ),
            (
                "Ouders herkennen de ondersteuningsvragen uit de aanmelding. Hun grootste zorg: "
                "{first} raakt steeds verder achter en trekt zich terug. Zij vragen één vast "
                "aanspreekpunt.",
                True,
            ),
        ],
        [
            (
                "De school loopt tegen de grenzen van de basisondersteuning aan. De "
                "onderwijsconsulent ziet ruimte voor een arrangement vanuit het "
                "samenwerkingsverband; de jeugd- en gezinscoach vraagt een beschikking aan voor "
                "jeugdhulp.",
                False,
            ),
            (
                "Onderwijs alleen is niet genoeg en zorg alleen ook niet: alle partners zien een "
                "onderwijs-zorgarrangement als passend. Financiering: arrangement van het "
                "samenwerkingsverband en een beschikking jeugdhulp via de gemeente.",
                False,
            ),
        ],
        [
            (
                "Eerste doelen op hoofdlijnen: weer meer uren naar school en meer rust thuis. In "
                "de voorbereiding worden ze SMART uitgewerkt; zie de afspraken.",
                True,
            ),
            (
                "Afgesproken om in de voorbereiding één onderwijsdoel en één zorgdoel SMART te "
                "formuleren, samen met ouders en {first}.",
                True,
            ),
        ],
        [
            ("Volgend MDO op {volgend}; de procesbegeleider nodigt iedereen uit.", True),
            ("Volgend MDO gepland op {volgend}, op dezelfde locatie.", True),
        ],
    ],
    "voortgang": [
        [
            ("Iedereen is op tijd; afmeldingen zijn vooraf doorgegeven.", True),
            (
                "Korte opening door de procesbegeleider; het verslag van het vorige MDO is "
                "vastgesteld.",
                True,
            ),
        ],
        [("{afspraken}", True)],
        [
            (
                "{first} is nu vaker op school en zegt zelf dat het beter gaat. De mentor ziet "
                "dat {hij} meer durft te vragen. Thuis is het nog wisselend.",
                True,
            ),
            (
                "De opbouw verloopt trager dan gehoopt: in de afgelopen weken was {first} "
                "gemiddeld drie ochtenden aanwezig. De jeugdhulpverlener ziet wel vooruitgang in "
                "de gesprekken.",
                True,
            ),
            (
                "Goede voortgang op het onderwijsdoel. Voor het zorgdoel is meer tijd nodig; de "
                "behandeling is pas na de wachttijd gestart.",
                False,
            ),
        ],
        [
            ("Nieuwe afspraken gemaakt; zie hieronder.", True),
            ("De lopende afspraken blijven staan; twee nieuwe afspraken toegevoegd.", True),
        ],
        [
            ("Volgend MDO op {volgend}.", True),
            ("Volgend MDO op {volgend}; ouders ontvangen de uitnodiging per e-mail.", True),
        ],
    ],
    "evaluatie": [
        [
            (
                "Evaluatie met ouders, school en partners. De monitorgegevens zijn vooraf "
                "rondgestuurd.",
                True,
            ),
        ],
        [("{afspraken}", True)],
        [
            (
                "Monitor besproken: de aanwezigheid van {first} is gestegen en de "
                "zorgdoelen zijn grotendeels behaald. Ouders geven de samenwerking een 8.",
                True,
            ),
            (
                "Het onderwijsdoel is gehaald; het zorgdoel deels. De school ziet dat {first} "
                "weer meedoet in de groep.",
                True,
            ),
        ],
        [("{besluit}", True)],
        [
            ("Volgend MDO op {volgend}.", True),
            ("Geen nieuw MDO nodig; de procesbegeleider rondt af.", True),
        ],
    ],
}
MDO_NO_NEXT = "Er is nog geen volgend MDO gepland."
MDO_LEGAL_FRAMEWORK_NOTES = (
    "De voogd van Jeugdbescherming Kustregio licht het juridisch kader toe: er is een "
    "voogdijmaatregel, de voogd geeft namens {first} akkoord en beslist over behandeling. "
    "Pleegmoeder is geïnformeerd over wat zij wel en niet zelf beslist."
)
MDO_AGREEMENTS_REVIEW = {
    "none": "Er stonden geen afspraken open van het vorige MDO.",
    "one": "De afspraak van het vorige MDO is gedaan.",
    "all": "Alle {aantal} afspraken van het vorige MDO zijn gedaan.",
    "some": "Afspraken van het vorige MDO doorgelopen: {gedaan} van de {aantal} gedaan. Wat nog "
    "openstaat, komt in het volgende MDO terug.",
}
MDO_DECISIONS = {
    "start": [
        "Besloten tot een onderwijs-zorgarrangement voor {first}. Ouders stemmen in; door naar de "
        "voorbereiding.",
        "Maatwerk is nodig: school, onderwijsconsulent en jeugd- en gezinscoach werken samen met "
        "ouders een oza uit. Start voorbereiding.",
    ],
    "voortgang": [
        "Het arrangement loopt volgens plan; doorgaan met de huidige inzet.",
        "Doorgaan; de opbouw van de schooltijd wordt in kleine stappen voortgezet.",
        "Doorgaan met extra aandacht voor de situatie thuis; de jeugd- en gezinscoach sluit aan "
        "bij het volgende huisbezoek.",
    ],
    "evaluatie": {
        "continue": "Voortzetten: de doelen zijn nog niet helemaal gehaald, de aanpak werkt.",
        "adjust": "Bijstellen: de doelen en de inzet worden opnieuw afgestemd in de voorbereiding.",
        "conclude": "Afsluiten: de doelen zijn gehaald; de procesbegeleider rondt het oza af.",
        "end": "Het oza wordt beëindigd; een ander aanbod past beter bij {first}.",
        "": "Evaluatie besproken; besluit volgt na overleg met ouders.",
    },
}
# (who, what, how it is measured, days until due). who: onderwijsconsulent, jeugdconsulent,
# school, ouder, jeugdige, zorgaanbieder or procesbegeleider.
MDO_AGREEMENTS = {
    "start": [
        (
            "onderwijsconsulent",
            "Vraagt het arrangement aan bij het samenwerkingsverband en koppelt het besluit "
            "terug aan ouders en school.",
            "Aanvraag ingediend en besluit gedeeld",
            21,
        ),
        (
            "jeugdconsulent",
            "Vraagt de beschikking jeugdhulp aan bij de jeugdhulpdeskundige van de gemeente.",
            "Beschikking afgegeven",
            28,
        ),
        (
            "school",
            "Stelt met de mentor een rooster op voor de opbouw van de schooltijd van {first}.",
            "Rooster gedeeld met ouders",
            14,
        ),
        (
            "ouder",
            "Houdt twee weken bij hoe de ochtenden verlopen en neemt dit mee naar het volgende "
            "MDO.",
            "Logboek van 10 schooldagen",
            14,
        ),
    ],
    "voortgang": [
        (
            "school",
            "Breidt de schooltijd van {first} uit met twee lesuren per week.",
            "Aanwezigheidsregistratie",
            28,
        ),
        (
            "zorgaanbieder",
            "Plant drie gesprekken met {first} over het omgaan met spanning op school.",
            "Drie gesprekken gevoerd",
            35,
        ),
        (
            "ouder",
            "Oefent thuis drie keer per week met het avondritme uit het gezinsplan.",
            "Weekschema ingevuld",
            21,
        ),
        (
            "jeugdige",
            "Houdt een week lang bij op welke momenten de spanning oploopt.",
            "Spanningsdagboek mee naar de mentor",
            14,
        ),
        (
            "jeugdconsulent",
            "Bespreekt met ouders de ondersteuning thuis en de verlenging van de beschikking.",
            "Verlenging aangevraagd",
            30,
        ),
    ],
    "evaluatie": [
        (
            "procesbegeleider",
            "Verwerkt de uitkomst van de evaluatie in het plan en deelt het met ouders.",
            "Bijgewerkt plan gedeeld",
            10,
        ),
        (
            "school",
            "Zorgt voor een warme overdracht aan de mentor voor het volgende schooljaar.",
            "Overdrachtsgesprek gevoerd",
            30,
        ),
    ],
}
MDO_FOLLOW_UP = {
    "gedaan": [
        "Gedaan; besproken in het MDO.",
        "Afgerond en teruggekoppeld aan ouders.",
    ],
    "niet_gehaald": [
        "Niet gelukt door ziekte; opnieuw ingepland.",
    ],
    "afgerond": "Afgerond bij de afsluiting van het oza.",
    "vervallen": "Vervallen: het oza is beëindigd.",
}
MDO_LOCATIONS = [
    "{school}, spreekkamer",
    "{school}, vergaderruimte",
    "Wijkteam {plaats}, spreekkamer 2",
]
GROUP_MDO_NOTES = {
    "start": [
        (
            "Start-MDO van de groep met ouders, school, onderwijsconsulent en jeugd- en "
            "gezinscoach.",
            True,
        ),
        (
            "Ouders vertellen wat zij van de groep verwachten: minder spanning rond school en "
            "aansluiting bij leeftijdsgenoten.",
            True,
        ),
        (
            "De partners zien het groepsarrangement als passend; financiering via het "
            "samenwerkingsverband en de gemeente.",
            False,
        ),
        (
            "Groepsdoelen op hoofdlijnen besproken; ze worden in de voorbereiding SMART "
            "uitgewerkt.",
            True,
        ),
        ("Volgend MDO op {volgend}.", True),
    ],
    "voortgang": [
        ("Opening; de monitor van de groep is vooraf rondgestuurd.", True),
        ("{afspraken}", True),
        (
            "De meeste deelnemers zijn vaker en langer aanwezig; twee deelnemers hebben extra "
            "aandacht nodig.",
            False,
        ),
        ("Nieuwe afspraken gemaakt; zie hieronder.", True),
        ("Volgend MDO op {volgend}.", True),
    ],
    "evaluatie": [
        ("Evaluatie van de groep met ouders en partners.", True),
        ("{afspraken}", True),
        ("De groepsdoelen zijn deels gehaald; ouders zijn tevreden over de samenwerking.", True),
        ("{besluit}", True),
        ("Volgend MDO op {volgend}.", True),
    ],
}
GROUP_MDO_DECISIONS = {
    "start": "Besloten tot het groepsarrangement; door naar de voorbereiding.",
    "voortgang": "De groep loopt volgens plan; doorgaan.",
    "evaluatie": "Voortzetten met nieuwe instroom; de groepsdoelen blijven staan.",
}
GROUP_MDO_AGREEMENTS = {
    "start": [
        (
            "onderwijsconsulent",
            "Legt het voorstel voor het groepsarrangement voor in het beleidsoverleg.",
            "Besluit beleidsoverleg",
            21,
        ),
        (
            "jeugdconsulent",
            "Regelt de beschikkingen jeugdhulp voor de deelnemers.",
            "Beschikkingen afgegeven",
            28,
        ),
    ],
    "voortgang": [
        (
            "school",
            "Bespreekt met de mentoren hoe de oefeningen uit de groep in de les terugkomen.",
            "Mentorenoverleg gehouden",
            21,
        ),
        (
            "ouder",
            "Organiseert samen met de school een ouderavond voor de ouders van de groep.",
            "Ouderavond gehouden",
            35,
        ),
    ],
    "evaluatie": [
        (
            "procesbegeleider",
            "Verwerkt de evaluatie in het groepsplan en deelt het met ouders.",
            "Groepsplan gedeeld",
            14,
        ),
    ],
}


# --- Group oza's -----------------------------------------------------------------------------
GROUPS = {
    "faalangst": {
        "name": "Faalangstgroep VO",
        "capacity": 8,
        "setting": "zorg_in_onderwijs",
        "functions": ["versterken", "aanpassen"],
        "location": "Duinhoven College, lokaal B1.14 (dinsdag en donderdag, 5e en 6e uur)",
        "questions": (
            "Acht leerlingen uit het voortgezet onderwijs met ernstige faalangst volgen twee keer "
            "per week een training met een GZ-psycholoog en een docent. Doel: toetsangst "
            "verminderen en verzuim rond toetsweken voorkomen."
        ),
        "protective": (
            "Gemotiveerde deelnemers die elkaar steunen. Vaste trainers (psycholoog en docent). "
            "Betrokken mentoren die de oefeningen in de les laten terugkomen."
        ),
        "hindering": (
            "Roosterdruk in de toetsweken. Wisselende aanwezigheid bij twee deelnemers. Ouders "
            "moeilijk te betrekken bij de ouderavond."
        ),
        "goals": [
            (
                "onderwijs",
                "Uiterlijk {datum} maakt 80% van de deelnemers alle toetsen van de toetsweek op "
                "het geplande moment (registratie van de toetscoördinator).",
            ),
            (
                "zorg",
                "Uiterlijk {datum} is de gemiddelde score op de faalangstvragenlijst (PMT-K) van "
                "de groep met 25% gedaald ten opzichte van de beginmeting.",
            ),
        ],
    },
    "concentratie": {
        "name": "Concentratiegroep PO",
        "capacity": 12,
        "setting": "collectieve_voorziening",
        "functions": ["aanpassen", "versterken"],
        "location": "Basisschool De Regenboog, groepsruimte (maandag, dinsdag en donderdag)",
        "questions": (
            "Twaalf leerlingen uit het primair onderwijs met ernstige concentratieproblemen "
            "krijgen drie dagen per week onderwijs in een kleine groep met een leerkracht en een "
            "gedragswetenschapper, met als doel terugkeer in de eigen groep."
        ),
        "protective": (
            "Kleine groep met veel structuur. Ervaren leerkracht. Ouderbijeenkomsten worden goed "
            "bezocht."
        ),
        "hindering": (
            "Wisselende instroom gedurende het jaar. Vervoer vanuit Berkmeer en Westerkoog is "
            "kwetsbaar."
        ),
        "goals": [
            (
                "onderwijs",
                "Uiterlijk {datum} keert 60% van de deelnemers volledig terug in de eigen groep "
                "met een handelingsplan voor de leerkracht.",
            ),
            (
                "zorg",
                "Uiterlijk {datum} hebben alle ouders de oudertraining (5 bijeenkomsten) gevolgd "
                "en geven zij de samenwerking minimaal een 7.",
            ),
        ],
    },
    "zorgboerderij": {
        "name": "Zorgonderwijsgroep Zorgboerderij Het Wilgenhof",
        "capacity": 6,
        "setting": "onderwijs_in_zorg",
        "functions": ["verrijken", "opbouwen"],
        "location": "Zorgboerderij Het Wilgenhof, Polderweg 12, Berkmeer",
        "questions": (
            "Nieuw groepsarrangement (voorstel volgens Bijlage 2, besluitvorming via het "
            "beleidsoverleg): onderwijs op de zorgboerderij voor jeugdigen met een vrijstelling of "
            "die langdurig thuiszitten, met dagbesteding en ambulant onderwijs vanuit het VSO."
        ),
        "protective": (
            "Rustige, groene leeromgeving. Zorgboer met ervaring in onderwijs. VSO-leerkracht is "
            "twee dagen per week beschikbaar."
        ),
        "hindering": (
            "Financiering via fictieve TLV en dagbesteding moet nog worden toegekend. Beperkte "
            "belastbaarheid van de deelnemers. Vervoer buiten de kern."
        ),
        "goals": [
            (
                "onderwijs",
                "Uiterlijk {datum} volgt iedere deelnemer minimaal 6 uur per week onderwijs op de "
                "zorgboerderij volgens een individueel ontwikkelingsperspectief.",
            ),
            (
                "zorg",
                "Uiterlijk {datum} neemt iedere deelnemer minimaal 3 dagdelen per week deel aan "
                "de dagbesteding (aanwezigheidsregistratie).",
            ),
        ],
    },
}

# --- Funding (bekostiging) -------------------------------------------------------------------
# Fictional amounts in euros, as strings for Decimal. A TLV is paid per month by category; an
# IBP/arrangement or a trajectvoorziening is a budget for the whole period (hundreds, drawn from
# the range); jeugdhulp in natura and a PGB are paid per month, dagbesteding per dagdeel.
TLV_PER_MONTH = {"laag": "845.00", "midden": "1190.00", "hoog": "1835.00"}
BUDGET_HUNDREDS = {"ibp": (25, 90), "tbv": (60, 120)}
PER_MONTH_HUNDREDS = {"jeugdhulp_zin": (9, 26), "pgb_jeugdwet": (6, 14)}
DAY_CARE_PER_DAYPART = ["68.50", "72.25", "74.80"]
GROUP_FUNDING = {
    # group key: (kind, financier key, partner key, amount, unit)
    "faalangst": [
        ("fictieve_tlv", "swv_vo", "duinhoven_college", "21600.00", "totaal"),
        ("jeugdhulp_zin", "duinhoven", "branding", "2950.00", "per_maand"),
    ],
    "concentratie": [
        ("ibp", "swv_po", "regenboog", "18400.00", "totaal"),
        ("jeugdhulp_zin", "duinhoven", "kustlicht", "3120.00", "per_maand"),
    ],
    "zorgboerderij": [
        ("ibp", "swv_vo", "meerpaal", "14750.00", "totaal"),
        ("dagbesteding", "berkmeer", "wilgenhof", "72.25", "per_dagdeel"),
    ],
}


# --- Names -----------------------------------------------------------------------------------
# (weight, last names, boys, girls, mothers, fathers)
FAMILIES = [
    (
        72,
        [
            "de Vries",
            "Jansen",
            "Bakker",
            "Visser",
            "Smit",
            "Meijer",
            "de Boer",
            "Mulder",
            "de Groot",
            "Bos",
            "Vos",
            "Peters",
            "Hendriks",
            "van Leeuwen",
            "Dekker",
            "Brouwer",
            "de Wit",
            "Dijkstra",
            "Smits",
            "de Graaf",
            "van der Meer",
            "van der Linden",
            "Kok",
            "Jacobs",
            "de Haan",
            "Vermeulen",
            "van den Heuvel",
            "van der Veen",
            "van den Berg",
            "Kramer",
            "van Wijk",
            "Postma",
            "Schouten",
            "Koster",
            "Prins",
            "Huisman",
            "Verhoeven",
            "Kuipers",
            "Bosman",
            "Zwart",
            "Schipper",
            "Kaan",
            "Beentjes",
            "Zonneveld",
        ],
        [
            "Daan",
            "Sem",
            "Liam",
            "Lucas",
            "Finn",
            "Levi",
            "Noah",
            "Milan",
            "Jesse",
            "Thijs",
            "Bram",
            "Luuk",
            "Mees",
            "Sven",
            "Ruben",
            "Stijn",
            "Mats",
            "Tijn",
            "Gijs",
            "Jens",
            "Olivier",
            "Hugo",
            "Julian",
            "Siem",
            "Teun",
        ],
        [
            "Emma",
            "Julia",
            "Mila",
            "Tess",
            "Sophie",
            "Zoë",
            "Sara",
            "Nora",
            "Evi",
            "Anna",
            "Lotte",
            "Fleur",
            "Lieke",
            "Saar",
            "Isa",
            "Fenna",
            "Liv",
            "Maud",
            "Sanne",
            "Roos",
            "Jasmijn",
            "Femke",
            "Ilse",
            "Vera",
            "Noa",
        ],
        [
            "Marieke",
            "Sandra",
            "Linda",
            "Esther",
            "Petra",
            "Anouk",
            "Kim",
            "Mirjam",
            "Saskia",
            "Yvonne",
            "Judith",
            "Eva",
            "Marloes",
            "Ellen",
        ],
        [
            "Mark",
            "Jeroen",
            "Dennis",
            "Erik",
            "Bas",
            "Rik",
            "Martijn",
            "Kevin",
            "Peter",
            "Jan-Willem",
            "Sander",
            "Ronald",
            "Niels",
            "Joost",
        ],
    ),
    (
        10,
        ["El Amrani", "Bouzid", "El Idrissi", "Azzouzi", "Benali", "Tahiri"],
        ["Mohamed", "Ilias", "Adam", "Ayoub", "Rayan", "Zakaria"],
        ["Amira", "Hiba", "Noor", "Yasmina", "Aya", "Salma"],
        ["Fatima", "Nadia", "Samira", "Khadija", "Loubna"],
        ["Ahmed", "Mustafa", "Youssef", "Rachid", "Karim"],
    ),
    (
        10,
        ["Yilmaz", "Kaya", "Öztürk", "Demir", "Çelik", "Arslan"],
        ["Emir", "Yusuf", "Kerem", "Mert", "Eren", "Burak"],
        ["Elif", "Zeynep", "Ecem", "Aylin", "Defne", "Merve"],
        ["Hatice", "Ayşe", "Emine", "Sibel", "Gül"],
        ["Hakan", "Murat", "Mehmet", "Osman", "Serkan"],
    ),
    (
        8,
        ["Mahabier", "Pinas", "Doelwijt", "Sitaldin", "Kromosoeto", "Biharie"],
        ["Jayden", "Kyan", "Dwayne", "Rishi", "Shaquille"],
        ["Naomi", "Shanice", "Priya", "Kimberley", "Djenna"],
        ["Chantal", "Sharda", "Melissa", "Romina", "Astrid"],
        ["Rudi", "Ravi", "Glenn", "Sunil", "Errol"],
    ),
]

MONTHS = [
    "",
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def dutch_date(day) -> str:
    return f"{day.day} {MONTHS[day.month]} {day.year}"


# --- Proposals for group arrangements (Bijlage 2), one per demo group and one still in concept.
# The business case (Bijlage 3) is derived from these by ``business_case_texts``.
GROUP_PROPOSALS = {
    "faalangst": {
        "title": "Faalangstgroep VO",
        "reason": (
            "Mentoren van drie VO-scholen melden dat steeds meer leerlingen rond toetsweken "
            "verzuimen. In het ondersteuningsteam zijn dit schooljaar 23 leerlingen besproken "
            "met ernstige faalangst."
        ),
        "target_group": (
            "Leerlingen van 12 tot 16 jaar in het regulier voortgezet onderwijs met ernstige "
            "faalangst, bij wie individuele begeleiding op school onvoldoende helpt."
        ),
        "problem": (
            "Individuele trajecten bij de jeugd-GGZ hebben lange wachttijden en staan los van "
            "school. Leerlingen lopen achterstand op en dreigen thuis te komen zitten."
        ),
        "partners": (
            "Duinhoven College (docent en mentoren), SWV VO Kennemerkust (onderwijsconsulent), "
            "De Branding Jeugd-GGZ (GZ-psycholoog), gemeente Duinhoven (jeugd- en gezinscoach)."
        ),
        "objective": (
            "Verzuim rond toetsweken voorkomen en toetsangst verminderen, zodat leerlingen hun "
            "schoolloopbaan in het regulier onderwijs vervolgen."
        ),
        "conditions": (
            "Een vast lokaal op school, twee vaste trainers, toestemming van ouders en "
            "jeugdigen, en ruimte in het rooster voor twee trainingen per week."
        ),
        "perspectives": (
            "Onderwijs: minder uitval en betere resultaten. Jeugdhulp: vroeg en dichtbij "
            "helpen voorkomt zwaardere zorg. Ouders en jeugdigen: hulp op school zonder "
            "wachtlijst."
        ),
        "approach": (
            "Groepstraining van 16 weken naar een erkende methode uit de databank effectieve "
            "jeugdinterventies, met oefeningen die de mentor in de les laat terugkomen."
        ),
        "funding": (
            "Fictieve TLV van het SWV voor de uren van de docent; jeugdhulp in natura van de "
            "gemeente voor de GZ-psycholoog."
        ),
        "planning": (
            "Start na de herfstvakantie met acht plaatsen; evaluatie na 16 weken; besluit over "
            "voortzetting voor de zomer."
        ),
    },
    "concentratie": {
        "title": "Concentratiegroep PO",
        "reason": (
            "Basisscholen in de regio zien een groeiende groep leerlingen met ernstige "
            "concentratieproblemen die in de eigen groep niet tot leren komen."
        ),
        "target_group": (
            "Leerlingen van 6 tot 11 jaar in het primair onderwijs met ernstige "
            "concentratieproblemen, met of zonder diagnose."
        ),
        "problem": (
            "Verwijzing naar het speciaal onderwijs ligt voor de hand, terwijl een tijdelijke "
            "kleine groep met zorg deze kinderen in het regulier onderwijs kan houden."
        ),
        "partners": (
            "Basisschool De Regenboog, SWV PO Kennemerkust, Kindercentrum Het Anker "
            "(gedragswetenschapper), gemeenten Duinhoven en Berkmeer."
        ),
        "objective": (
            "Binnen een schooljaar keert de meerderheid van de leerlingen terug in de eigen "
            "groep, met een handelingsplan voor de leerkracht."
        ),
        "conditions": (
            "Een groepsruimte op school, leerlingenvervoer uit Berkmeer en Westerkoog, en "
            "deelname van ouders aan de oudertraining."
        ),
        "perspectives": (
            "School: handelingsverlegenheid neemt af. Gemeente: minder individuele jeugdhulp. "
            "Ouders: hulp voor hun kind dicht bij huis."
        ),
        "approach": (
            "Drie dagen per week onderwijs in een groep van twaalf met een leerkracht en een "
            "gedragswetenschapper; oudertraining van vijf bijeenkomsten."
        ),
        "funding": (
            "IBP/arrangement van het SWV voor de leerkracht; jeugdhulp in natura van de "
            "gemeenten voor de gedragswetenschapper."
        ),
        "planning": "Start bij het nieuwe schooljaar; tussentijdse evaluatie na een half jaar.",
    },
    "zorgboerderij": {
        "title": "Onderwijs-zorggroep op de zorgboerderij",
        "reason": (
            "In de regio zitten jeugdigen thuis of hebben zij een vrijstelling van "
            "leerplicht, terwijl zij met de juiste begeleiding weer kunnen leren."
        ),
        "target_group": (
            "Jeugdigen van 8 tot 18 jaar zonder passend onderwijs (thuiszitters en jeugdigen "
            "met een vrijstelling) die dagbesteding nodig hebben."
        ),
        "problem": (
            "Dagbesteding en onderwijs zijn gescheiden; jeugdigen op de zorgboerderij krijgen "
            "geen onderwijs en verliezen het perspectief op school."
        ),
        "partners": (
            "Zorgboerderij De Hoeve, SWV VO Kennemerkust, VSO De Brug (leerkracht), gemeente "
            "Westerkoog."
        ),
        "objective": (
            "Jeugdigen bouwen op de zorgboerderij hun leerbaarheid op en stromen binnen een "
            "jaar door naar een passende school of werkplek."
        ),
        "conditions": (
            "Een leslokaal op de boerderij, een leerkracht twee dagdelen per week, vervoer en "
            "afspraken met de leerplichtambtenaar."
        ),
        "perspectives": (
            "Onderwijs: jeugdigen komen weer in beeld. Zorg: dagbesteding krijgt een doel. "
            "Jeugdigen: een plek waar zij kunnen leren."
        ),
        "approach": (
            "Verrijken en opbouwen: dagbesteding met onderwijs in kleine stappen, elk "
            "kwartaal een MDO met jeugdige en ouders."
        ),
        "funding": (
            "IBP/arrangement van het SWV voor de leerkracht; dagbesteding van de gemeente."
        ),
        "planning": "Start na besluit in het OOGO; eerste evaluatie na zes maanden.",
    },
    "thuiszitters": {
        "title": "Terugleidingsgroep thuiszitters VO",
        "reason": (
            "Het thuiszittersoverleg telt dit jaar veertien jeugdigen in het VO die langer dan "
            "drie maanden niet naar school gaan."
        ),
        "target_group": "Jeugdigen van 12 tot 18 jaar die langer dan drie maanden thuiszitten.",
        "problem": ("Individuele trajecten duren lang en verlopen versnipperd over partners."),
        "partners": "SWV VO Kennemerkust, Duinhoven College, De Branding Jeugd-GGZ.",
        "objective": "",
        "conditions": "",
        "perspectives": "",
        "approach": "",
        "funding": "",
        "planning": "",
    },
}


def business_case_texts(proposal: dict) -> dict:
    """A business case (Bijlage 3) that elaborates the proposal's sections."""
    title = proposal["title"]
    return {
        "summary": (
            f"Deze businesscase onderbouwt het groepsarrangement '{title}': waarom het nodig "
            "is, hoe het werkt, wat het oplevert en wat het kost."
        ),
        "reading_guide": (
            "Hoofdstuk 2 schetst de aanleiding, hoofdstuk 3 tot en met 5 de aanpak, hoofdstuk 6 "
            "de monitoring en hoofdstuk 7 tot en met 9 sturing, financiering en planning."
        ),
        "reason": proposal["reason"],
        "target_group": proposal["target_group"],
        "problem": proposal["problem"],
        "mission": "Eén jeugdige, één plan, één regisseur: onderwijs en zorg op één plek.",
        "objective": proposal["objective"],
        "conditions": proposal["conditions"],
        "perspectives": proposal["perspectives"],
        "organisation": proposal["approach"],
        "referral": (
            "Toeleiding via het MDO van de school met onderwijsconsulent en jeugd- en "
            "gezinscoach; beëindiging na evaluatie in het MDO."
        ),
        "size_and_duration": "Een groep per schooljaar; deelname in principe tijdelijk.",
        "intake_and_outflow": (
            "Instroom op vaste momenten per periode; uitstroom naar de eigen groep of school."
        ),
        "providers": proposal["partners"],
        "composition": "Een leerkracht en een jeugdhulpprofessional per groep.",
        "monitoring": "Aanwezigheid, doelrealisatie en tevredenheid per periode gemeten.",
        "societal_result": "Minder thuiszitters en minder verwijzingen naar zwaardere zorg.",
        "activities": proposal["approach"],
        "outcome": "Doelrealisatie, uitval en bereik, cliënttevredenheid (regionale monitor).",
        "improvement_cycle": "Halfjaarlijkse evaluatie in het regisseuroverleg.",
        "knowledge_sharing": "Resultaten gedeeld in de netwerkgroep oza van de regio.",
        "project_lead": "Beleidsmedewerker jeugd van de gemeente, samen met het SWV.",
        "steering_group": "Stuurgroep van SWV, gemeenten en de uitvoerende partners.",
        "funding": proposal["funding"],
        "planning": proposal["planning"],
    }


PROPOSAL_STEP_NOTES = {
    "geinformeerd": "Beide samenwerkingsverbanden en de gemeenten zijn geïnformeerd.",
    "aangehouden": "Aangehouden: eerst de omvang en de kosten per deelnemer uitwerken.",
    "akkoord": "",
}
