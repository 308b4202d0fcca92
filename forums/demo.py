"""The forums' demo content: the forum index, three forums and their meetings, past and
upcoming. Meeting dates are computed relative to the day the demo is loaded, so there are
always upcoming meetings on a fresh install. Loading twice changes nothing; home.demo only
calls load() and uses the forums it returns (news and the cooperation page link to them).

Two upcoming meetings take registrations: one with seats left, one full with a waiting
list. The culture forum meets every second Thursday in a series (forums.series makes its
meetings, one of them skipped for a holiday), and the held meetings are closed with their
minutes, the number who came and the associations that attended. The registrations go
through forums.registrations, as a visitor's would, so their confirmation e-mails are
queued like any other; every registrant is invented and has an .example address, so none
of that mail reaches a real person.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.text import slugify

from accounts.demo import demo_request, ensure_demo_participants
from contacts.models import Responsibility
from core.demo import (
    HELSINKI,
    MUNICIPALITY,
    bullets,
    days_from_today,
    ensure_document,
    ensure_page,
    numbered,
    page_link,
)
from forums.models import (
    ForumIndexPage,
    ForumMeetingPage,
    ForumPage,
    MeetingMaterial,
    MeetingSeries,
    MeetingStatus,
)
from forums.registrations import register_for_meeting
from forums.series import generate_meetings

TOWN_HALL = ("Järvelän kunnantalo, valtuustosali", "Rantakatu 5, 12340 Järvelä")
SPORTS_HALL = ("Urheilutalo, kokoushuone Sauvo", "Kenttätie 12, 12340 Järvelä")
CULTURE_HOUSE = ("Kulttuuritalo Kajastus, Lämpiö", "Koulukatu 3, 12340 Järvelä")
LIBRARY = ("Pääkirjasto, Salmi-sali", "Torikatu 8, 12340 Järvelä")


def evening(days, starts=time(17, 30), ends=time(19, 30)):
    """A meeting on the Tuesday on or after `days` from today, in Helsinki time."""
    day = days_from_today(days)
    day += timedelta(days=(1 - day.weekday()) % 7)
    return (
        datetime.combine(day, starts, tzinfo=HELSINKI),
        datetime.combine(day, ends, tzinfo=HELSINKI),
    )


def quarter_start(day):
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_starts(count):
    """The first days of this quarter and the `count - 1` before it, newest first."""
    starts = [quarter_start(days_from_today(0))]
    while len(starts) < count:
        starts.append(quarter_start(starts[-1] - timedelta(days=1)))
    return starts


def held_in_quarter(quarters_ago):
    """An evening meeting already held in this quarter (0) or one before it (1, 2, …).

    Halfway through a past quarter; in this one, halfway between its first day and today.
    On a quarter's first day the meeting is that morning, so it is over when the demo loads
    (unless it loads before 8 o'clock, when this quarter has not had a meeting yet).
    """
    today = days_from_today(0)
    start = quarter_starts(quarters_ago + 1)[-1]
    end = quarter_start(start + timedelta(days=95)) if quarters_ago else today
    day = start + (end - start) / 2
    if day >= today:
        return (
            datetime.combine(today, time(6, 30), tzinfo=HELSINKI),
            datetime.combine(today, time(7, 30), tzinfo=HELSINKI),
        )
    return (
        datetime.combine(day, time(17, 30), tzinfo=HELSINKI),
        datetime.combine(day, time(19, 0), tzinfo=HELSINKI),
    )


def minutes_document(report, meeting_title, decisions):
    return ensure_document(
        report,
        f"Muistio: {meeting_title}",
        ["Läsnä: foorumin jäsenet ja kunnan edustajat.", *decisions],
    )


def meeting_material(report, meeting_title, material_title, text):
    document = ensure_document(
        report, f"{material_title} ({meeting_title})", [text], extension="txt"
    )
    return MeetingMaterial(document=document, title=material_title)


def ensure_meeting(report, forum, spec):
    """One meeting from its spec; past meetings get a summary, minutes and material."""
    if "quarters_ago" in spec:
        start, end = held_in_quarter(spec["quarters_ago"])
    else:
        start, end = evening(spec["days"])
    fields = {
        "title": spec["title"],
        "start": start,
        "end": end,
        "place_name": spec["place"][0],
        "address": spec["place"][1],
        "theme": spec["theme"],
        "agenda": numbered(*spec["agenda"]),
        "status": spec.get("status", MeetingStatus.SCHEDULED),
        "status_note": spec.get("status_note", ""),
    }
    fields.update(spec.get("registration", {}))
    if "closes_days_before" in spec:
        fields["registration_deadline"] = start - timedelta(days=spec["closes_days_before"])
    if spec.get("decisions"):
        fields["summary"] = "<p>Foorumissa sovittiin:</p>" + bullets(*spec["decisions"])
        fields["minutes"] = minutes_document(report, spec["title"], spec["decisions"])
        fields["materials"] = [
            meeting_material(report, spec["title"], spec["material"][0], spec["material"][1])
        ]
        fields["attendee_count"], associations = spec["attendance"]
        fields["attended_associations"] = "\n".join(associations)
    meeting = ensure_page(report, forum, ForumMeetingPage, spec["slug"], **fields)
    ensure_registrations(report, meeting, spec.get("registrants", ()))
    return meeting


def ensure_registrations(report, meeting, registrants):
    """Register each registrant not yet registered, in order, through the service: who gets
    a seat and who waits follows the meeting's rule, as it would for visitors."""
    people = ensure_demo_participants(report) if registrants else {}
    for spec in registrants:
        person = people.get(spec.get("participant"))
        email = person.email if person else spec["email"]
        if meeting.registrations.filter(email__iexact=email).exists():
            report.record("registrations", email, created=False)
            continue
        registration = register_for_meeting(
            demo_request(person),
            meeting,
            name=person.display_name if person else spec["name"],
            email=email,
            association=spec.get("association", ""),
            companions=spec.get("companions", 0),
            answers=spec.get("answers"),
        )
        report.record("registrations", f"{meeting.title}: {registration.name}", created=True)


# Each forum's coordinator is the contact card with the given responsibility.
JARVELA_FORUMS = [
    {
        "slug": "jarjestofoorumi",
        "title": "Järjestöfoorumi",
        "coordinator": Responsibility.ASSOCIATIONS,
        "purpose": (
            f"<p>Järjestöfoorumi kokoaa kaikki {MUNICIPALITY}ssä toimivat yhdistykset ja "
            "kunnan edustajat. Tavoitteena on vahvistaa yhdistystoiminnan edellytyksiä, "
            "lisätä yhteistyötä kunnan ja yhdistysten välillä ja tutustuttaa eri "
            "toimijoita toisiinsa.</p>"
        ),
        "who_may_join": (
            "<p>Kaikki paikalliset rekisteröidyt yhdistykset ja vapaamuotoiset ryhmät. "
            "Kukin yhdistys nimeää varsinaisen jäsenen ja varajäsenen.</p>"
        ),
        "meetings": [
            {
                "slug": "hyvinvointiyhteistyo",
                "attendance": (
                    27,
                    [
                        "Järvelän Latu ry",
                        "Järvelän Eläkkeensaajat ry",
                        "Kulttuuriyhdistys Kajastus ry",
                        "Järvelän Martat ry",
                        "Mannerheimin Lastensuojeluliiton Järvelän yhdistys ry",
                    ],
                ),
                "title": "Järjestöfoorumi: hyvinvointiyhteistyö",
                "days": -150,
                "place": TOWN_HALL,
                "theme": "Hyvinvointiyhteistyö hyvinvointialueen kanssa",
                "agenda": [
                    "Kokouksen avaus ja esittäytymiskierros",
                    "Hyvinvointialueen järjestöyhteistyö: alustus",
                    "Yhdistysten terveiset: mikä toimii, mikä ei",
                    "Seuraavan kokouksen aihe",
                ],
                "decisions": [
                    "Yhdistysten yhteystiedot kootaan ajan tasalle ennen seuraavaa kokousta.",
                    "Järjestöyhteistyön ohjeen valmistelu aloitetaan työryhmässä.",
                ],
                "material": (
                    "Alustuksen diat",
                    "Hyvinvointialueen järjestöyhteistyön rakenteet ja yhteyshenkilöt.",
                ),
            },
            {
                "slug": "ohjeen-tyopaja",
                "attendance": (
                    18,
                    [
                        "Järvelän Latu ry",
                        "Järvelän Eläkkeensaajat ry",
                        "Järvelän Kyläyhdistys ry",
                    ],
                ),
                "title": "Järjestöfoorumi: ohjeen työpaja",
                "days": -60,
                "place": LIBRARY,
                "theme": "Järjestöyhteistyön ohjeen luonnostelu",
                "agenda": [
                    "Kokouksen avaus",
                    "Ohjeen rakenne ja aikataulu",
                    "Työpaja pienryhmissä: tuen muodot ja pelisäännöt",
                    "Yhteenveto",
                ],
                "decisions": [
                    "Ohjeen luonnos avataan kommenteille verkossa.",
                    "Tilojen maksuttomuutta arki-iltaisin esitetään ohjeeseen.",
                ],
                "material": (
                    "Työpajan tulokset",
                    "Pienryhmien kirjaukset tuen muodoista ja pelisäännöistä.",
                ),
            },
            {
                "slug": "avustukset-ja-tilat",
                "title": "Järjestöfoorumi: avustukset ja tilat",
                "days": 21,
                "place": TOWN_HALL,
                "theme": "Avustusten myöntämisperusteet ja tilojen käyttö",
                "registration": {
                    "registration_open": True,
                    "seats": 40,
                    "max_companions": 2,
                    "ask_dietary_needs": True,
                    "ask_accessibility_needs": True,
                    "ask_represents_association": True,
                },
                # The news about this meeting asks for registrations a week ahead (coffee).
                "closes_days_before": 7,
                # Demo participants register signed in; the others without an account.
                "registrants": [
                    {
                        "participant": "aino",
                        "association": "Järvelän Latu ry",
                        "companions": 1,
                        "answers": {"dietary_needs": "Laktoositon", "represents_association": True},
                    },
                    {
                        "participant": "leena",
                        "association": "Järvelän Eläkkeensaajat ry",
                        "answers": {
                            "accessibility_needs": "Kuljen rollaattorilla; esteetön sisäänkäynti.",
                            "represents_association": True,
                        },
                    },
                    {
                        "name": "Harri Koivisto",
                        "email": "harri.koivisto@kylat.example",
                        "association": "Rantakylän kyläyhdistys ry",
                        "answers": {"represents_association": True},
                    },
                    {
                        "name": "Marjut Salo",
                        "email": "marjut.salo@kuoro.example",
                        "association": "Järvelän kamarikuoro",
                        "answers": {"dietary_needs": "Kasvis"},
                    },
                ],
                "agenda": [
                    "Kokouksen avaus",
                    "Järjestöyhteistyön ohjeen luonnoksen kommentit",
                    "Avustushaku: muutokset ensi vuonna",
                    "Tilojen varaaminen verkossa",
                    "Muut asiat",
                ],
            },
        ],
    },
    {
        "slug": "seurafoorumi",
        "title": "Seurafoorumi",
        "coordinator": Responsibility.SPORTS,
        "purpose": (
            "<p>Seurafoorumi on liikunta- ja urheiluseurojen sekä kunnan liikuntapalvelujen "
            "yhteinen foorumi. Siinä sovitaan liikuntavuorojen jaosta, seurojen "
            "tukemisesta ja yhteisistä tapahtumista.</p>"
        ),
        "who_may_join": (
            "<p>Kaikki paikalliset liikunta- ja urheiluseurat. Seura nimeää varsinaisen "
            "jäsenen ja varajäsenen.</p>"
        ),
        "meetings": [
            {
                "slug": "vuorojaon-periaatteet",
                "attendance": (
                    21,
                    [
                        "Järvelän Latu ry",
                        "Järvelän Pallo ry",
                        "Järvelän Uimaseura ry",
                        "Voimistelu- ja liikuntaseura Järvelän Kisa ry",
                    ],
                ),
                "title": "Seurafoorumi: vuorojaon periaatteet",
                "days": -100,
                "place": SPORTS_HALL,
                "theme": "Liikuntavuorojen jaon periaatteet",
                "agenda": [
                    "Kokouksen avaus",
                    "Nykyiset vuorot ja niiden käyttöaste",
                    "Ehdotus uusiksi jakoperiaatteiksi",
                    "Keskustelu ja päätökset",
                ],
                "decisions": [
                    "Lasten ja nuorten vuorot jaetaan ensin.",
                    "Käyttämättömät vuorot palautetaan jakoon kuukauden varoitusajalla.",
                ],
                "material": (
                    "Vuorojen käyttöaste",
                    "Salivuorojen käyttöaste kohteittain edelliseltä kaudelta.",
                ),
            },
            {
                "slug": "seurojen-vapaaehtoiset",
                "title": "Seurafoorumi: seurojen vapaaehtoiset",
                "days": -40,
                "place": SPORTS_HALL,
                "theme": "Vapaaehtoisten rekrytointi ja jaksaminen",
                "agenda": ["Kokouksen avaus", "Vapaaehtoisten rekrytointi", "Muut asiat"],
                "status": MeetingStatus.CANCELLED,
                "status_note": (
                    "Kokous peruttiin vähäisen ilmoittautumismäärän vuoksi. Aihe käsitellään "
                    "seuraavassa kokouksessa."
                ),
            },
            {
                "slug": "kenttavuorot-ja-tapahtumat",
                "title": "Seurafoorumi: kenttävuorot ja yhteiset tapahtumat",
                "days": 35,
                "place": SPORTS_HALL,
                "theme": "Ulkokentät, seurojen yhteiset tapahtumat ja vapaaehtoiset",
                # The meeting room is small: six seats, taken, and two on the waiting list.
                "registration": {"registration_open": True, "seats": 6, "max_companions": 1},
                "registrants": [
                    {
                        "name": "Ville Koskinen",
                        "email": "ville.koskinen@palloseura.example",
                        "association": "Järvelän Palloseura ry",
                        "companions": 1,
                    },
                    {
                        "name": "Sari Lindholm",
                        "email": "sari.lindholm@voimistelijat.example",
                        "association": "Järvelän Voimistelijat ry",
                        "companions": 1,
                    },
                    {
                        "participant": "oskari",
                        "association": "Nuorisoseura Virta",
                    },
                    {
                        "name": "Tero Hakala",
                        "email": "tero.hakala@hiihtoseura.example",
                        "association": "Järvelän Hiihtoseura ry",
                    },
                    {
                        "participant": "aino",
                        "association": "Järvelän Latu ry",
                        "companions": 1,
                    },
                    {
                        "name": "Jukka Heikkinen",
                        "email": "jukka.heikkinen@suunnistajat.example",
                        "association": "Järvelän Suunnistajat ry",
                    },
                ],
                "agenda": [
                    "Kokouksen avaus",
                    "Ulkokenttien vuorojen haku",
                    "Seurojen yhteinen liikuntapäivä",
                    "Vapaaehtoisten rekrytointi",
                    "Muut asiat",
                ],
            },
        ],
    },
    {
        "slug": "kulttuuri-ja-matkailufoorumi",
        "series": {
            "name": "Kulttuurikahvit, kevät",
            "title": "Kulttuurikahvit",
            "weekday": 3,  # Thursday
            "interval_weeks": 2,
            "first_in_days": 10,
            "count": 5,
            "start_time": time(17, 0),
            "duration": 90,
            "place": CULTURE_HOUSE,
            "theme": "Kulttuuritoimijoiden vapaamuotoinen tapaaminen",
        },
        "title": "Kulttuuri- ja matkailufoorumi",
        "coordinator": Responsibility.TOURISM,
        "purpose": (
            "<p>Kulttuuri- ja matkailufoorumi kokoaa kulttuuriyhdistykset, "
            "tapahtumajärjestäjät "
            "ja matkailuyrittäjät. Foorumissa sovitetaan yhteen tapahtumakalenteria ja "
            f"suunnitellaan {MUNICIPALITY}n yhteistä markkinointia.</p>"
        ),
        "who_may_join": (
            "<p>Kulttuuri- ja kotiseutuyhdistykset, tapahtumajärjestäjät ja paikalliset "
            "matkailuyritykset. Yhdistys nimeää varsinaisen jäsenen ja varajäsenen.</p>"
        ),
        "meetings": [
            {
                "slug": "tapahtumakalenteri",
                "attendance": (
                    14,
                    [
                        "Kulttuuriyhdistys Kajastus ry",
                        "Järvelän Teatteriyhdistys ry",
                        "Järvelän Kotiseutuyhdistys ry",
                    ],
                ),
                "title": "Kulttuuri- ja matkailufoorumi: tapahtumakalenteri",
                "days": -120,
                "place": CULTURE_HOUSE,
                "theme": "Tapahtumien yhteensovittaminen",
                "agenda": [
                    "Kokouksen avaus",
                    "Tulevan kauden tapahtumat kalenteriin",
                    "Päällekkäisyyksien purku",
                    "Yhteinen tapahtumaesite",
                ],
                "decisions": [
                    "Tapahtumat kootaan yhteiseen esitteeseen kaksi kertaa vuodessa.",
                    "Markkinat ja kotiseutupäivä sijoitetaan eri viikonloppuihin.",
                ],
                "material": (
                    "Tapahtumakalenterin pohja",
                    "Taulukkopohja tapahtumien ilmoittamiseen.",
                ),
            },
            {
                "slug": "yhteismarkkinointi",
                "title": "Kulttuuri- ja matkailufoorumi: yhteismarkkinointi",
                "days": 14,
                "place": CULTURE_HOUSE,
                "theme": f"{MUNICIPALITY}n yhteinen markkinointi ja tapahtumaviestintä",
                "agenda": ["Kokouksen avaus", "Yhteismarkkinoinnin suunnitelma", "Muut asiat"],
                "status": MeetingStatus.POSTPONED,
                "status_note": (
                    "Kokous siirtyy, koska Kajastuksen lämpiö on remontissa. Uusi ajankohta "
                    "ilmoitetaan tällä sivulla viimeistään kaksi viikkoa etukäteen."
                ),
            },
            {
                "slug": "matkailusesonki",
                "title": "Kulttuuri- ja matkailufoorumi: matkailusesonki",
                "days": 49,
                "place": LIBRARY,
                "theme": "Matkailusesongin valmistelu",
                "agenda": [
                    "Kokouksen avaus",
                    "Matkailukohteet ja aukioloajat",
                    "Tapahtumien yhteinen lipunmyynti",
                    "Muut asiat",
                ],
            },
        ],
    },
]


KOIVIKKO_HALL = ("Koivikon kunnantalo, Koivusali", "Koivutie 2, 23450 Koivikko")
PERAKYLA_HOUSE = ("Peräkylän kylätalo", "Peräkyläntie 41, 23460 Koivikko")
LAHDENPERA_HOUSE = ("Lahdenperän seurantalo", "Seuratie 3, 34560 Lahdenperä")

# Koivikko began its forum last quarter: a meeting then and one this quarter, both held.
KOIVIKKO_FORUMS = [
    {
        "slug": "yhdistysfoorumi",
        "title": "Koivikon yhdistysfoorumi",
        "coordinator": Responsibility.ASSOCIATIONS,
        "purpose": (
            "<p>Yhdistysfoorumi kokoaa Koivikon yhdistykset ja kylät kunnan kanssa saman "
            "pöydän ääreen neljästi vuodessa.</p>"
        ),
        "who_may_join": "<p>Kaikki Koivikossa toimivat yhdistykset ja kylätoimikunnat.</p>",
        "meetings": [
            {
                "slug": "aloituskokous",
                "quarters_ago": 1,
                "title": "Yhdistysfoorumin aloituskokous",
                "place": KOIVIKKO_HALL,
                "theme": "Foorumin toimintatapa ja yhteistyöohjeen valmistelu",
                "agenda": ["Avaus", "Foorumin toimintatapa", "Yhteistyöohjeen luonnos"],
                "decisions": ["Foorumi kokoontuu neljästi vuodessa.", "Ohjeluonnos hyväksyttiin."],
                "material": ("Ohjeluonnos", "Koivikon yhteistyöohjeen luonnos kommentoitavaksi."),
                "attendance": (
                    16,
                    [
                        "Koivikon Urheiluseura ry",
                        "Peräkylän Kyläseura ry",
                        "Koivikon Martat ry",
                        "Koivikon Sekakuoro Sävel ry",
                    ],
                ),
            },
            {
                "slug": "kylatalot-ja-avustukset",
                "quarters_ago": 0,
                "title": "Yhdistysfoorumi: kylätalot ja avustukset",
                "place": PERAKYLA_HOUSE,
                "theme": "Kylätalojen ylläpito ja avustusten haku",
                "agenda": ["Avaus", "Kylätalojen kuulumiset", "Avustushaku", "Muut asiat"],
                "decisions": ["Kylätaloille yhteinen varauskalenteri.", "Avustusinfo tammikuussa."],
                "material": ("Kylätalojen käyttöaste", "Varaukset taloittain viime vuonna."),
                "attendance": (
                    12,
                    [
                        "Peräkylän Kyläseura ry",
                        "Haapasaaren Kyläyhdistys ry",
                        "Koivikon Eläkeläiset ry",
                    ],
                ),
            },
            {
                "slug": "kevatkokous",
                "days": 28,
                "title": "Yhdistysfoorumi: kevään tapahtumat",
                "place": KOIVIKKO_HALL,
                "theme": "Kevään ja kesän tapahtumat sekä uimarannan talkoot",
                "agenda": ["Avaus", "Tapahtumakalenteri", "Talkoot", "Muut asiat"],
                "registration": {"registration_open": True, "seats": 30, "max_companions": 1},
                "registrants": [
                    {
                        "participant": "kaarina",
                        "association": "Peräkylän Kyläseura ry",
                    },
                    {
                        "name": "Jouko Lepistö",
                        "email": "jouko.lepisto@kalastuskunta.example",
                        "association": "Koivujärven Kalastuskunta ry",
                    },
                ],
            },
        ],
    },
    {
        "slug": "kylatalofoorumi",
        "title": "Kylätalofoorumi",
        "coordinator": Responsibility.SPORTS,
        "purpose": "<p>Kylätalojen ylläpitäjien ja kunnan vapaa-aikatoimen yhteinen foorumi.</p>",
        "who_may_join": "<p>Kylätalojen ylläpitäjät ja kylätoimikunnat.</p>",
        "meetings": [
            {
                "slug": "lammityskausi",
                "days": 45,
                "title": "Kylätalofoorumi: lämmityskausi ja energia",
                "place": PERAKYLA_HOUSE,
                "theme": "Kylätalojen lämmityskulut ja energia-avustukset",
                "agenda": ["Avaus", "Energiakulut", "Avustukset", "Muut asiat"],
            },
        ],
    },
]

# Lahdenperä has just begun: one forum, its first meeting still ahead.
LAHDENPERA_FORUMS = [
    {
        "slug": "jarjestoilta",
        "title": "Lahdenperän järjestöilta",
        "coordinator": Responsibility.CULTURE,
        "purpose": "<p>Lahdenperän yhdistysten ja kunnan ensimmäinen yhteinen ilta.</p>",
        "who_may_join": "<p>Kaikki Lahdenperän yhdistykset.</p>",
        "meetings": [
            {
                "slug": "ensimmainen-jarjestoilta",
                "days": 30,
                "title": "Ensimmäinen järjestöilta",
                "place": LAHDENPERA_HOUSE,
                "theme": "Mitä yhdistykset toivovat kunnalta?",
                "agenda": ["Avaus", "Esittäytyminen", "Toiveet kunnalle", "Jatko"],
            },
        ],
    },
]

FORUMS = {"jarvela": JARVELA_FORUMS, "koivikko": KOIVIKKO_FORUMS, "lahdenpera": LAHDENPERA_FORUMS}


def ensure_forum_index(report, home):
    """A municipality's forum index (part of every municipality's skeleton)."""
    return ensure_page(
        report,
        home,
        ForumIndexPage,
        "foorumit",
        title="Foorumit",
        intro=(
            "<p>Foorumit ovat yhdistysten ja kunnan säännöllisiä kokouksia. Tervetuloa mukaan: "
            "kokoukset ovat avoimia kaikille yhdistysten edustajille.</p>"
        ),
    )


def load(report, home, code, cards, contacts_page):
    """The forum index and the municipality's forums with their meetings; returns
    (index, forums)."""
    index = ensure_forum_index(report, home)
    register = f"<p>Ilmoita nimet {page_link(contacts_page, 'foorumin koordinaattorille')}.</p>"
    forums = []
    for spec in FORUMS.get(code, []):
        forum = ensure_page(
            report,
            index,
            ForumPage,
            spec["slug"],
            title=spec["title"],
            purpose=spec["purpose"],
            who_may_join=spec["who_may_join"] + register,
            coordinator=cards.get(spec["coordinator"]),
        )
        for meeting in spec["meetings"]:
            ensure_meeting(report, forum, meeting)
        if "series" in spec:
            ensure_series(report, forum, spec["series"])
        forums.append(forum)
    if code == "jarvela":
        ensure_quarterly_history(report, forums[0], quarters=6)
    return index, forums


def ensure_quarterly_history(report, forum, quarters):
    """A short held meeting in each of the last `quarters` quarters that has none.

    The regional overview counts the quarters in which a municipality held a forum; the
    oldest municipality of the demo has met every quarter. A quarter that already has a
    held meeting of the municipality (the demo's fuller ones) gets nothing more, so the
    history grows by at most one meeting a quarter however often the demo is loaded.
    """
    municipality = forum.get_parent().get_parent()
    held = (
        ForumMeetingPage.objects.live()
        .descendant_of(municipality)
        .exclude(status=MeetingStatus.CANCELLED)
    )
    until = timezone.now()
    for quarters_ago, first_day in enumerate(quarter_starts(quarters)):
        number, year = (first_day.month - 1) // 3 + 1, first_day.year
        after = datetime.combine(first_day, time(0, 0), tzinfo=HELSINKI)
        in_quarter = held.filter(start__gte=after, start__lt=until, end__lt=timezone.now())
        until = after
        if in_quarter.exists():
            report.record("pages", f"{forum.title} {number}/{year}", created=False)
            continue
        ensure_meeting(
            report,
            forum,
            {
                "slug": f"neljannesvuosikokous-{year}-{number}",
                "quarters_ago": quarters_ago,
                "title": f"{forum.title}: neljännesvuosikokous {number}/{year}",
                "place": TOWN_HALL,
                "theme": "Yhdistysten ja kunnan kuulumiset",
                "agenda": ["Avaus", "Kuulumiskierros", "Muut asiat"],
                "decisions": ["Seuraava kokous pidetään ensi neljänneksellä."],
                "material": ("Kuulumiskierroksen muistiinpanot", "Yhdistysten terveiset."),
                "attendance": (11, ["Järvelän Martat ry", "Järvelän Kyläyhdistys ry"]),
            },
        )


def ensure_series(report, forum, spec):
    """The series once (by its name), then its missing meetings through forums.series."""
    series = MeetingSeries.objects.filter(forum=forum, name=spec["name"]).first()
    report.record("meeting series", spec["name"], created=series is None)
    if series is None:
        first = days_from_today(spec["first_in_days"])
        # The first meeting is on the weekday on or after `first`; the third is skipped.
        first += timedelta(days=(spec["weekday"] - first.weekday()) % 7)
        skipped = first + timedelta(weeks=2 * spec["interval_weeks"])
        series = MeetingSeries.objects.create(
            forum=forum,
            name=spec["name"],
            weekday=spec["weekday"],
            interval_weeks=spec["interval_weeks"],
            first_date=first,
            count=spec["count"],
            exceptions=f"{skipped.day}.{skipped.month}.{skipped.year}",
            start_time=spec["start_time"],
            duration=spec["duration"],
            title=spec["title"],
            place_name=spec["place"][0],
            address=spec["place"][1],
            theme=spec["theme"],
        )
    for meeting in generate_meetings(series):
        report.record("pages", meeting.title, created=True)


# The associations on each forum this council term (forum slug, association, representative,
# member, deputy): each member and deputy chose whether their name is shown.
SEATS = {
    "jarvela": [
        (
            "seurafoorumi",
            "Järvelän Latu ry",
            "aino",
            ("Lauri Latunen", True),
            ("Aino Lehtola", True),
        ),
        (
            "seurafoorumi",
            "Järvelän Kisa-Veikot ry",
            "aino",
            ("Kaisa Kiitäjä", True),
            ("Veikko Vauhti", False),
        ),
        (
            "kulttuuri-ja-matkailufoorumi",
            "Kulttuuriyhdistys Kajastus ry",
            "mikko",
            ("Mikko Saarelainen", True),
            ("Sanna Sävel", True),
        ),
        (
            "jarjestofoorumi",
            "Järvelän Eläkkeensaajat ry",
            "leena",
            ("Leena Vuorinen", True),
            ("Erkki Eläkeläinen", False),
        ),
        (
            "jarjestofoorumi",
            "Järvelän Omaishoitajat ry",
            "leena",
            ("Olga Omainen", False),
            ("Helvi Hoiva", True),
        ),
    ]
}


def _demo_address(name):
    return f"{slugify(name).replace('-', '.')}@demo.example"


def load_seats(report, forums, site, code):
    """Seats on every forum this council term: nominated by the associations' demo
    representatives and approved by the demo editor, through forums.seats."""
    from accounts.demo import ensure_demo_editor
    from associations.models import Association
    from forums.models import ForumSeat, council_term
    from forums.seats import approve_seat, nominate_forum_members

    people = ensure_demo_participants(report)
    editor = ensure_demo_editor(report)
    by_slug = {forum.slug: forum for forum in forums}
    start, end = council_term()
    for slug, name, key, (member, member_public), (deputy, deputy_public) in SEATS.get(code, []):
        forum, association = by_slug[slug], Association.objects.get(site=site, name=name)
        existing = ForumSeat.objects.filter(
            forum=forum, association=association, term_start=start
        ).first()
        report.record("forum seats", f"{forum.title}: {name}", created=existing is None)
        if existing is None:
            seat = nominate_forum_members(
                people[key],
                forum,
                association,
                request=demo_request(people[key]),
                member_name=member,
                member_email=_demo_address(member),
                member_name_public=member_public,
                deputy_name=deputy,
                deputy_email=_demo_address(deputy),
                deputy_name_public=deputy_public,
                term_start=start,
                term_end=end,
            )
            approve_seat(seat, editor)
