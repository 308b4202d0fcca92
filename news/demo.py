"""The news' demo content: each municipality's news index and its articles.

An article is looked up by its slug under the index, so loading the demo again adds
nothing. Articles link to the municipality's other pages (forums, the guideline, the idea
wall, contact cards), which home.demo hands over; news imports none of those apps.
"""

import io

from PIL import Image as PillowImage
from PIL import ImageDraw

from contacts.models import Responsibility
from core.demo import (
    MUNICIPALITY,
    bullets,
    call_to_action,
    contact_card,
    days_from_today,
    ensure_image,
    ensure_page,
    heading,
    paragraph,
)
from news.models import NewsIndexPage, NewsPage


def ensure_news_index(report, home):
    """A municipality's news index (part of every municipality's skeleton)."""
    return ensure_page(
        report,
        home,
        NewsIndexPage,
        "ajankohtaista",
        title="Ajankohtaista",
        intro="<p>Uutisia foorumeista, avustuksista ja yhdistysten yhteistyöstä.</p>",
    )


def illustration_png(width=1200, height=675):
    """An abstract picture of a lake, shores and meeting circles, as PNG bytes."""
    picture = PillowImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        share = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=(int(226 - 120 * share), int(238 - 80 * share), int(246 - 40 * share)),
        )
    draw.polygon(
        [(0, 430), (380, 360), (760, 420), (1200, 340), (1200, 675), (0, 675)], fill=(46, 125, 90)
    )
    draw.polygon([(0, 520), (520, 470), (1200, 540), (1200, 675), (0, 675)], fill=(28, 92, 130))
    overlay = PillowImage.new("RGBA", (width, height), (0, 0, 0, 0))
    shapes = ImageDraw.Draw(overlay)
    circles = [
        (250, 210, 120, (247, 190, 46, 190)),
        (470, 250, 95, (231, 111, 81, 170)),
        (690, 200, 130, (255, 255, 255, 150)),
        (900, 260, 100, (120, 86, 160, 160)),
    ]
    for x, y, radius, colour in circles:
        shapes.ellipse([x - radius, y - radius, x + radius, y + radius], fill=colour)
    picture = PillowImage.alpha_composite(picture.convert("RGBA"), overlay).convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def jarvela_news(cards, forums, guideline, idea_wall):
    association_forum, sports_forum, culture_forum = forums
    return [
        {
            "slug": "jarjestofoorumi-kokoontuu",
            "title": "Järjestöfoorumi kokoontuu: avustukset ja tilat",
            "days": -2,
            "lead": (
                "Järjestöfoorumin seuraavassa kokouksessa käsitellään avustusten "
                "myöntämisperusteita ja kunnan tilojen käyttöä. Kaikki yhdistykset ovat "
                "tervetulleita."
            ),
            "tags": ["järjestöfoorumi", "avustukset"],
            "image": True,
            "body": [
                heading("Mitä kokouksessa käsitellään?"),
                paragraph(
                    "<p>Kokouksessa käydään läpi järjestöyhteistyön ohjeen luonnokseen tulleet "
                    "kommentit, ensi vuoden avustushaun muutokset ja tilojen varaaminen "
                    "verkossa.</p>"
                ),
                paragraph(
                    "<p>Foorumiin voi osallistua paikan päällä. Kahvitarjoilun vuoksi "
                    "ilmoittautumiset pyydetään viikkoa ennen kokousta.</p>"
                ),
                heading("Lisätietoja", "h3"),
                contact_card(cards[Responsibility.ASSOCIATIONS]),
                call_to_action(
                    "Järjestöfoorumi",
                    "Katso kokouksen esityslista ja ilmoittaudu mukaan.",
                    association_forum,
                    "Foorumin sivulle",
                ),
            ],
        },
        {
            "slug": "ohjeen-luonnos-kommenteille",
            "title": "Järjestöyhteistyön ohjeen luonnos on avattu kommenteille",
            "days": -9,
            "lead": (
                "Kunnan ja yhdistysten yhdessä valmistelema järjestöyhteistyön ohje on nyt "
                "luonnoksena verkossa. Kommentoi osioita ennen kuin ohje viedään hyväksyttäväksi."
            ),
            "tags": ["järjestöyhteistyön ohje", "osallisuus"],
            "body": [
                paragraph(
                    "<p>Ohje kertoo, millaisia yhteistyön rakenteita ja tuen muotoja "
                    f"{MUNICIPALITY}ssä on, ja määrittelee yhteiset pelisäännöt. Luonnos syntyi "
                    "järjestöfoorumin työpajassa.</p>"
                ),
                heading("Näin kommentoit"),
                paragraph(
                    bullets(
                        "Avaa ohje ja valitse osio, jota haluat kommentoida.",
                        "Kirjoita kommenttisi yhdistyksesi nimissä.",
                        "Kommentit käsitellään seuraavassa järjestöfoorumissa.",
                    )
                ),
                call_to_action(
                    "Järjestöyhteistyön ohje",
                    "Lue luonnos ja kerro mielipiteesi.",
                    guideline,
                    "Kommentoi luonnosta",
                ),
            ],
        },
        {
            "slug": "seurafoorumi-vuorojako",
            "title": "Seurafoorumi sopi liikuntavuorojen jaon periaatteista",
            "days": -20,
            "lead": (
                "Lasten ja nuorten vuorot jaetaan jatkossa ensin, ja käyttämättömät vuorot "
                "palautetaan jakoon."
            ),
            "tags": ["seurafoorumi", "liikunta"],
            "body": [
                paragraph(
                    "<p>Seurafoorumi keskusteli salivuorojen käyttöasteesta ja sopi uusista "
                    "jakoperiaatteista. Muutokset tulevat voimaan seuraavalla kaudella.</p>"
                ),
                heading("Kysyttävää vuoroista?", "h3"),
                contact_card(cards[Responsibility.SPORTS]),
                call_to_action(
                    "Seurafoorumi",
                    "Lue kokouksen muistio ja katso seuraavan kokouksen ajankohta.",
                    sports_forum,
                    "Seurafoorumin sivulle",
                ),
            ],
        },
        {
            "slug": "ideaseina-avattu",
            "title": "Ideaseinä korvaa Padlet-alustan",
            "days": -34,
            "lead": (
                "Yhdistysten kehittämisideat kootaan nyt sivuston omalle ideaseinälle, jossa "
                "ideoita voi myös kommentoida ja äänestää."
            ),
            "tags": ["ideaseinä", "osallisuus"],
            "body": [
                paragraph(
                    "<p>Aiemmin Padlet-alustalle kootut ideat on siirretty ideaseinälle. Kunnan "
                    "työntekijät vastaavat ideoihin ja kertovat, mitkä niistä toteutetaan.</p>"
                ),
                call_to_action(
                    "Ideaseinä",
                    "Onko sinulla idea yhdistystoiminnan kehittämiseksi?",
                    idea_wall,
                    "Jätä idea",
                ),
            ],
        },
        {
            "slug": "tapahtumat-esitteeseen",
            "title": "Yhdistysten tapahtumat kootaan yhteiseen esitteeseen",
            "days": -50,
            "lead": (
                "Kulttuuri- ja matkailufoorumi kokoaa tulevan kauden tapahtumat yhteiseen "
                "esitteeseen. Ilmoita yhdistyksesi tapahtumat kuukauden loppuun mennessä."
            ),
            "tags": ["kulttuuri", "matkailu"],
            "body": [
                paragraph(
                    "<p>Yhteinen esite jaetaan kotitalouksiin ja matkailuneuvontaan. Mukaan "
                    "pääsevät kaikki paikallisten yhdistysten avoimet tapahtumat.</p>"
                ),
                contact_card(cards[Responsibility.TOURISM]),
                call_to_action(
                    "Kulttuuri- ja matkailufoorumi",
                    "Tutustu foorumin toimintaan.",
                    culture_forum,
                    "Foorumin sivulle",
                ),
            ],
        },
    ]


def koivikko_news(cards, forums, guideline, idea_wall):
    forum = forums[0]
    return [
        {
            "slug": "yhteistyoohje-hyvaksytty",
            "title": "Koivikon yhteistyöohje hyväksyttiin kunnanhallituksessa",
            "days": -45,
            "lead": (
                "Kunnan ja yhdistysten yhteinen ohje on nyt voimassa. Se kertoo, miten "
                "kylätaloja ja avustuksia jaetaan ja kuka vastaa yhteydenpidosta."
            ),
            "tags": ["yhteistyöohje"],
            "body": [
                paragraph(
                    "<p>Ohjetta valmisteltiin yhdistysfoorumissa kahden kokouksen ajan. "
                    "Kunnanhallitus hyväksyi sen sellaisenaan.</p>"
                ),
                call_to_action("Yhteistyöohje", "Lue hyväksytty ohje.", guideline, "Ohjeeseen"),
            ],
        },
        {
            "slug": "yhdistysfoorumi-kylatalot",
            "title": "Yhdistysfoorumi pohtii kylätalojen tulevaisuutta",
            "days": -3,
            "lead": (
                "Seuraavassa yhdistysfoorumissa puhutaan kylätalojen ylläpidosta ja "
                "yhteisestä varauskalenterista. Ilmoittaudu mukaan."
            ),
            "tags": ["yhdistysfoorumi", "kylätalot"],
            "body": [
                paragraph(
                    "<p>Kylätalojen lämmitys ja varaukset puhuttavat. Foorumissa kuullaan "
                    "talojen yhteyshenkilöitä ja sovitaan yhteisestä kalenterista.</p>"
                ),
                contact_card(cards[Responsibility.ASSOCIATIONS]),
                call_to_action("Yhdistysfoorumi", "Katso esityslista.", forum, "Foorumin sivulle"),
            ],
        },
        {
            "slug": "ideaseina-koivikko",
            "title": "Koivikon ideaseinällä jo viisi ideaa",
            "days": -1,
            "lead": "Yhdistysten ideat kylätaloista ja kesäleiristä etenevät.",
            "tags": ["ideaseinä"],
            "body": [
                call_to_action("Ideaseinä", "Jätä oma ideasi.", idea_wall, "Ideaseinälle"),
            ],
        },
    ]


NEWS = {"jarvela": jarvela_news, "koivikko": koivikko_news}
ILLUSTRATION_ALT = "Värikkäitä ympyröitä järvimaiseman yllä, kuin ihmisiä koolla rannalla."


def load(report, home, code, cards=None, forums=(), guideline=None, idea_wall=None):
    """The municipality's news index and its demo articles; returns the index."""
    index = ensure_news_index(report, home)
    if code not in NEWS:
        return index
    image = None
    for spec in NEWS[code](cards, forums, guideline, idea_wall):
        fields = {
            "title": spec["title"],
            "date": days_from_today(spec["days"]),
            "lead": spec["lead"],
            "body": spec["body"],
            "tags": spec["tags"],
        }
        if spec.get("image"):
            image = image or ensure_image(
                report,
                "Järven rannalla kokoontuvat ympyrät",
                "Abstrakti kuvitus: järvimaisema, jonka yllä värikkäitä toisiaan sivuavia "
                "ympyröitä.",
                illustration_png(),
            )
            fields["image"] = image
            fields["image_alt_text"] = ILLUSTRATION_ALT
        ensure_page(report, index, NewsPage, spec["slug"], **fields)
    return index
