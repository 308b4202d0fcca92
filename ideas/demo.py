"""The idea walls' demo content: each municipality's wall, its ideas, comments and votes.

Everything goes through ideas.services, as a participant's and a staff member's actions
would: an idea is posted, voted on and commented by the invented participants, then staff
set its status and answer; afterwards the dates are moved back to when the demo says it
happened, so the wall looks lived in. An idea is looked up by its title on its wall, so
loading the demo again adds nothing. home.demo calls `load()` once per municipality.
"""

from datetime import timedelta

from django.utils import timezone

from accounts.demo import demo_request, ensure_demo_participants
from core.demo import ensure_page, publish
from ideas import services
from ideas.models import Idea, IdeaColumn, IdeaComment, IdeaStatus, IdeaWallPage

# The columns a new municipality's wall starts with (create_municipality's skeleton).
DEFAULT_COLUMNS = ["Viestintä", "Tilat", "Tapahtumat"]

# Invented association representatives who post, comment and vote on the demo wall.
# They cannot sign in: their passwords are unusable.
JARVELA_IDEAS = [
    {
        "title": "Yhteinen tapahtumakalenteri kaikille yhdistyksille",
        "body": "Kalenteri, johon jokainen yhdistys voi itse lisätä tapahtumansa. Näin "
        "päällekkäisyydet huomattaisiin ajoissa ja kuntalaiset löytäisivät kaiken yhdestä "
        "paikasta.",
        "column": "Viestintä",
        "author": "aino",
        "days_ago": 40,
        "status": IdeaStatus.PLANNED,
        "answer": "Kiitos ideasta! Tapahtumakalenteri rakennetaan tälle sivustolle, ja "
        "yhdistykset pääsevät lisäämään tapahtumiaan ensi keväänä. Kerromme aikataulusta "
        "järjestöfoorumissa.",
        "answered_days_ago": 12,
        "voters": ["mikko", "leena", "oskari"],
        "comments": [
            (
                "mikko",
                "Tämä olisi meille iso apu. Viime syksynä kolme konserttia osui samalle illalle.",
                [("aino", "Juuri tämän takia ehdotin! Kalenterista näkisi myös vapaat salit.")],
            ),
            ("leena", "Muistakaa myös ne, jotka eivät käytä nettiä: kalenteri kirjastoon.", []),
        ],
    },
    {
        "title": "Kunnan tilojen varaaminen verkossa",
        "body": "Koulujen liikuntasalien ja kokoustilojen vapaat vuorot näkyviin ja "
        "varattaviksi verkossa. Nyt vapaita aikoja joutuu kyselemään puhelimitse.",
        "column": "Tilat",
        "author": "mikko",
        "days_ago": 35,
        "status": IdeaStatus.UNDER_CONSIDERATION,
        "answer": "Selvitämme parhaillaan varausjärjestelmän hankintaa yhdessä "
        "naapurikuntien kanssa. Päätös tehdään vuoden loppuun mennessä.",
        "answered_days_ago": 20,
        "voters": ["aino", "leena", "oskari"],
        "comments": [
            (
                "oskari",
                "Nuorisoseuralle riittäisi, että näkisi edes vapaat vuorot.",
                [("mikko", "Sama meillä. Varauksen voisi vahvistaa vaikka sähköpostilla.")],
            ),
        ],
    },
    {
        "title": "Vapaaehtoisten välityspankki",
        "body": "Moni haluaisi auttaa tapahtumissa kertaluontoisesti. Yhteinen ilmoitustaulu, "
        "jossa yhdistykset kertovat tarpeistaan ja vapaaehtoiset voivat ilmoittautua mukaan.",
        "column": "Tapahtumat",
        "author": "leena",
        "days_ago": 30,
        "voters": ["aino", "oskari"],
        "comments": [
            ("aino", "Hiihtokilpailuihin tarvitaan joka talvi kymmenen talkoolaista.", [])
        ],
    },
    {
        "title": "Avustushaun infotilaisuus ja sparrausapu",
        "body": "Ennen avustushaun päättymistä ilta, jossa käydään läpi hakulomake ja "
        "yleisimmät virheet. Pienet yhdistykset hyötyisivät kädestä pitäen -opastuksesta.",
        "column": "Viestintä",
        "author": "oskari",
        "days_ago": 28,
        "status": IdeaStatus.DONE,
        "answer": "Infotilaisuus pidettiin pääkirjaston Salmi-salissa, ja sen materiaalit "
        "ovat foorumin sivulla. Järjestämme illan jatkossa joka vuosi ennen hakuaikaa.",
        "answered_days_ago": 5,
        "voters": ["aino", "mikko", "leena"],
        "comments": [],
    },
    {
        "title": "Yhdistysten esittelypäivä torilla",
        "body": "Syyskuun alussa yhteinen esittelypäivä, jossa yhdistykset kertovat "
        "toiminnastaan ja rekrytoivat uusia jäseniä. Kunta voisi hoitaa luvat ja sähköt.",
        "column": "Tapahtumat",
        "author": "aino",
        "days_ago": 21,
        "voters": ["leena"],
        "comments": [],
    },
    {
        "title": "Lainattava tapahtumakalusto",
        "body": "Teltat, pöydät, äänentoisto ja arpajaisrumpu yhteiseen lainaamoon, josta "
        "rekisteröidyt yhdistykset voisivat lainata niitä maksutta.",
        "column": "Tapahtumat",
        "author": "mikko",
        "days_ago": 18,
        "status": IdeaStatus.UNDER_CONSIDERATION,
        "voters": ["aino", "leena", "oskari"],
        "comments": [
            (
                "leena",
                "Meillä on kaksi telttaa, jotka voisimme antaa yhteiseen käyttöön.",
                [("mikko", "Hieno tarjous! Varastotila on kai se suurin kysymys.")],
            ),
        ],
    },
    {
        "title": "Hallitustyön koulutusilta",
        "body": "Koulutus puheenjohtajille, sihteereille ja rahastonhoitajille: "
        "kokouskäytännöt, tietosuoja ja kirjanpidon perusteet. Yhteistyössä naapurikuntien "
        "kanssa.",
        "column": "Tapahtumat",
        "author": "leena",
        "days_ago": 14,
        "voters": ["oskari"],
        "comments": [],
    },
    {
        "title": "Nuoret mukaan järjestötoimintaan",
        "body": "Yläkoulujen ja lukion kanssa yhteinen teemaviikko, jolla nuoret pääsevät "
        "kokeilemaan yhdistysten toimintaa. Harrastuspassi voisi kannustaa kokeilemaan useaa "
        "lajia.",
        "column": "Tapahtumat",
        "author": "oskari",
        "days_ago": 9,
        "voters": ["aino", "mikko"],
        "comments": [],
    },
    {
        "title": "Esteettömyyskartoitus yhdistysten tiloihin",
        "body": "Moni kokoontumistila on vaikeasti saavutettava pyörätuolilla tai "
        "rollaattorilla. Kartoitus ja tieto tilojen esteettömyydestä auttaisivat kaikkia.",
        "column": "Tilat",
        "author": "leena",
        "days_ago": 7,
        "status": IdeaStatus.PLANNED,
        "answer": "Kunnan tilojen esteettömyystiedot lisätään tilojen esittelyihin. "
        "Yhdistysten omien tilojen kartoitukseen voi hakea kohdeavustusta.",
        "answered_days_ago": 2,
        "voters": ["mikko"],
        "comments": [],
    },
    {
        "title": "Tapahtumat yhteen paikkaan",
        "body": "Olisi kätevää, jos kaikkien yhdistysten tapahtumat löytyisivät samasta paikasta.",
        "column": "Viestintä",
        "author": "oskari",
        "days_ago": 6,
        "status": IdeaStatus.DUPLICATE,
        "duplicate_of": "Yhteinen tapahtumakalenteri kaikille yhdistyksille",
        "voters": [],
        "comments": [],
    },
    {
        "title": "Maksuton pysäköinti yhdistysten tapahtumiin",
        "body": "Torin laidan pysäköinti maksuttomaksi aina, kun yhdistyksellä on tapahtuma "
        "keskustassa.",
        "column": "Tilat",
        "author": "mikko",
        "days_ago": 4,
        "status": IdeaStatus.NOT_TAKEN_FORWARD,
        "answer": "Keskustan pysäköintipaikkoja ei voida vapauttaa maksuttomiksi "
        "tapahtumakohtaisesti. Suosittelemme Urheilutalon maksutonta pysäköintialuetta.",
        "answered_days_ago": 1,
        "voters": [],
        "comments": [],
    },
]


# Ilmari's ideas and comments on Järvelä's wall; he writes on Koivikko's with the same account.
JARVELA_IDEAS.append(
    {
        "title": "Kuorojen yhteiskonsertti kirkkoon",
        "body": "Järvelän kuorot voisivat pitää joulun alla yhteisen konsertin. Kunta auttaisi "
        "tiedottamisessa ja tilan varaamisessa.",
        "column": "Tapahtumat",
        "author": "ilmari",
        "days_ago": 11,
        "voters": ["leena", "mikko"],
        "comments": [("mikko", "Kajastus voisi hoitaa lipunmyynnin.", [("ilmari", "Kiitos!")])],
    }
)

KOIVIKKO_IDEAS = [
    {
        "title": "Kylätalojen yhteinen varauskalenteri",
        "body": "Koivikon kuudella kylätalolla on kullakin oma vihko ja puhelinnumero. Yksi "
        "yhteinen kalenteri verkossa, josta näkee vapaat illat kaikista taloista.",
        "column": "Tilat",
        "author": "kaarina",
        "days_ago": 50,
        "status": IdeaStatus.PLANNED,
        "answer": "Kunta avaa kylätalojen yhteisen kalenterin tälle sivustolle ensi vuoden "
        "alussa. Kylätalojen yhteyshenkilöt saavat tunnukset tammikuussa.",
        "answered_days_ago": 10,
        "voters": ["teemu", "ilmari"],
        "comments": [
            (
                "teemu",
                "Hyvä! Peräkylän talolle tämä säästäisi monta puhelua viikossa.",
                [("kaarina", "Kalenteriin voisi merkitä myös talkoopäivät.")],
            ),
        ],
    },
    {
        "title": "Koivikon seurojen yhteinen kesäleiri",
        "body": "Urheiluseurat voisivat järjestää lapsille yhteisen leiriviikon Haapasaaressa. "
        "Kunta auttaisi kuljetuksissa ja leirikeskuksen vuokrassa.",
        "column": "Tapahtumat",
        "author": "teemu",
        "days_ago": 34,
        "status": IdeaStatus.UNDER_CONSIDERATION,
        "answer": "Leirikeskuksen vuokraa selvitetään. Kerromme yhdistysfoorumissa, "
        "onnistuuko kesä jo ensi vuonna.",
        "answered_days_ago": 8,
        "voters": ["kaarina", "ilmari"],
        "comments": [("ilmari", "Kuoron nuoret voisivat pitää leirillä laulutuokion.", [])],
    },
    {
        "title": "Yhdistysten ilmoitustaulu kirjastoon",
        "body": "Kirjaston aulaan taulu, jolle yhdistykset voivat kiinnittää tapahtumajulisteensa. "
        "Kaikki eivät seuraa verkkoa.",
        "column": "Viestintä",
        "author": "ilmari",
        "days_ago": 21,
        "voters": ["kaarina"],
        "comments": [
            ("kaarina", "Taulu myös terveysaseman odotustilaan, sielläkin istutaan pitkään.", [])
        ],
    },
    {
        "title": "Avustushakemuksen malli verkkoon",
        "body": "Valmiiksi täytetty esimerkkihakemus auttaisi pieniä yhdistyksiä, joilla ei ole "
        "palkattua työntekijää.",
        "column": "Viestintä",
        "author": "kaarina",
        "days_ago": 12,
        "voters": ["teemu"],
        "comments": [],
    },
    {
        "title": "Talkoopäivä uimarannalle",
        "body": "Keväällä yhteinen talkoopäivä Koivujärven uimarannalle: laiturit kuntoon ja "
        "roskat pois ennen kesää.",
        "column": "Tapahtumat",
        "author": "teemu",
        "days_ago": 5,
        "voters": [],
        "comments": [],
    },
]

LAHDENPERA_IDEAS = [
    {
        "title": "Seurakuntatalon sali yhdistysten käyttöön",
        "body": "Lahdenperässä ei ole omaa kokoustilaa pienille yhdistyksille. Kunta voisi "
        "sopia seurakunnan kanssa salin vuokraamisesta arki-iltaisin.",
        "column": "Tilat",
        "author": "sointu",
        "days_ago": 16,
        "voters": [],
        "comments": [],
    },
]

IDEAS = {"jarvela": JARVELA_IDEAS, "koivikko": KOIVIKKO_IDEAS, "lahdenpera": LAHDENPERA_IDEAS}


def ensure_idea_wall(report, home):
    """A municipality's idea wall with its default columns (part of every skeleton)."""
    wall = ensure_page(
        report,
        home,
        IdeaWallPage,
        "ideaseina",
        title="Ideaseinä",
        intro=(
            "<p>Jätä kehittämisidea, kommentoi muiden ideoita ja äänestä parhaita. Kunnan "
            "työntekijät vastaavat ideoihin ja kertovat, mitä niille tapahtuu.</p>"
        ),
        columns=[IdeaColumn(name=name, sort_order=i) for i, name in enumerate(DEFAULT_COLUMNS)],
    )
    ensure_wall_columns(wall)
    return wall


def ensure_wall_columns(wall):
    """The wall's columns; a wall from an older demo gets them through a new revision."""
    present = set(wall.columns.values_list("name", flat=True))
    missing = [name for name in DEFAULT_COLUMNS if name not in present]
    if missing:
        for name in missing:
            wall.columns.add(IdeaColumn(name=name, sort_order=DEFAULT_COLUMNS.index(name)))
        publish(wall)
    return {column.name: column for column in wall.columns.all()}


def ensure_idea(report, wall, spec, columns, people, editor, ideas):
    existing = Idea.objects.filter(wall=wall, title=spec["title"]).first()
    report.record("ideas", spec["title"], created=existing is None)
    if existing is not None:
        return existing
    author = people[spec["author"]]
    idea = services.post_idea(
        demo_request(author),
        wall,
        title=spec["title"],
        body=spec["body"],
        column=columns[spec["column"]],
    )
    for voter in spec["voters"]:
        services.cast_vote(demo_request(people[voter]), idea)
        report.record("votes", spec["title"], created=True)
    created_at = timezone.now() - timedelta(days=spec["days_ago"])
    for number, (writer, body, replies) in enumerate(spec["comments"]):
        comment = services.add_comment(demo_request(people[writer]), idea, body=body)
        report.record("comments", body[:40], created=True)
        written = created_at + timedelta(days=number + 1)
        IdeaComment.objects.filter(pk=comment.pk).update(created_at=written)
        for hours, (replier, reply) in enumerate(replies, start=1):
            answer = services.add_comment(
                demo_request(people[replier]), idea, body=reply, parent=comment
            )
            report.record("comments", reply[:40], created=True)
            IdeaComment.objects.filter(pk=answer.pk).update(
                created_at=written + timedelta(hours=hours)
            )
    if spec.get("duplicate_of"):
        services.mark_duplicate(idea, ideas[spec["duplicate_of"]], editor)
    elif spec.get("status") or spec.get("answer"):
        services.set_status(idea, editor, spec.get("status", IdeaStatus.NEW), spec.get("answer"))
    # When it happened, as the demo tells it (the services stamp everything now).
    dates = {"created_at": created_at}
    if spec.get("answer"):
        dates["answered_at"] = timezone.now() - timedelta(days=spec["answered_days_ago"])
    Idea.objects.filter(pk=idea.pk).update(**dates)
    return Idea.objects.get(pk=idea.pk)


def load(report, home, code, editor):
    """The municipality's wall (made by its skeleton) with its demo ideas; returns the wall."""
    wall = ensure_idea_wall(report, home)
    columns = ensure_wall_columns(wall)
    people = ensure_demo_participants(report)
    ideas = {}
    for spec in IDEAS.get(code, []):
        ideas[spec["title"]] = ensure_idea(report, wall, spec, columns, people, editor, ideas)
    return wall
