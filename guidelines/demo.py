"""The guideline's demo content: the guideline and its versions, an open comment period,
comments on its sections with the municipality's answers, and suggested edits.

Every municipality's skeleton has the guideline page as an unpublished draft (an editor
finds it in the explorer; the public sees nothing until it is written). Järvelä's is
written and opened for comments; Koivikko's is adopted, with no comment period open;
Lahdenperä's stays a blank draft.

In Järvelä, version 1 is the text the municipal board adopted. The comment period opens on it; a
participant suggests new wording for the grants section, staff accept it (a draft
revision) and `ensure_draft_version` publishes that draft as version 2, a draft of the
guideline with that one section changed, so the history, a version and a comparison all
have something to show. A second suggested edit stays open, with a supporter and a
comment. Everything goes through guidelines.comments and guidelines.proposals, as a
participant's and a staff member's actions would. Loading twice changes nothing;
home.demo only calls load().
"""

from datetime import date, timedelta

from django.utils import timezone

from accounts.demo import demo_request, ensure_demo_editor, ensure_demo_participants
from core.demo import (
    MUNICIPALITY,
    bullets,
    ensure_document,
    ensure_draft_page,
    numbered,
    page_link,
    publish,
)
from guidelines import comments, proposals
from guidelines.models import (
    AnswerOutcome,
    CommentPeriod,
    GuidelinePage,
    GuidelineSection,
    GuidelineStatus,
)
from guidelines.versions import published_versions

# (section anchor, author, text, reply from, reply text, answer or None)
COMMENTS = [
    (
        "tilat",
        "aino",
        "Iltavuorot loppuvat usein kesken: voisiko kokoustiloja saada maksutta myös lauantaisin?",
        "leena",
        "Sama koskee eläkeläisyhdistyksiä, jotka kokoontuvat mieluiten päivällä.",
        (
            AnswerOutcome.PARTLY,
            "Kokoustilat ovat jatkossa maksuttomia myös lauantaisin klo 10–16. "
            "Päiväkäytön laajentamista selvitetään syksyllä.",
        ),
    ),
    (
        "avustukset",
        "mikko",
        "Toivomme kohdeavustuksille kahta hakuaikaa vuodessa, jotta syksyn tapahtumat "
        "ehtisi suunnitella.",
        None,
        None,
        (
            AnswerOutcome.TAKEN,
            "Kohdeavustuksia voi jatkossa hakea keväällä ja syksyllä.",
        ),
    ),
    (
        "pelisaannot",
        "oskari",
        "Muistiot voisi julkaista viikon kuluessa, ei kahden.",
        None,
        None,
        (
            AnswerOutcome.NOT_TAKEN,
            "Kaksi viikkoa antaa foorumin jäsenille aikaa tarkistaa muistio ennen julkaisua.",
        ),
    ),
    (
        "viestinta",
        "leena",
        "Tapahtumakalenteri myös paperisena kirjastoon, kiitos!",
        None,
        None,
        None,
    ),
]

DRAFT_LABEL = "Luonnos 2026"
DRAFT_SUMMARY = (
    "Avustusten hakuaika pitenee maaliskuun loppuun ja kohdeavustusta voi hakea "
    "myös jälkikäteen. Muut kohdat ennallaan."
)
CHANGED_SECTION = "avustukset"


def draft_grants_text(body):
    """Version 2 of the grants section: the deadline a month later, one sentence more."""
    return body.replace(
        "Hakuaika päättyy helmikuun lopussa.", "Hakuaika päättyy maaliskuun lopussa."
    ).replace(
        "ympäri vuoden.",
        "ympäri vuoden, myös jälkikäteen kolmen kuukauden kuluessa tapahtumasta.",
    )


GRANTS_RATIONALE = (
    "Helmikuu on seuroille kiireistä kausiaikaa. Maaliskuun loppuun jatkuva haku ja "
    "jälkikäteen haettava kohdeavustus auttaisivat pieniä yhdistyksiä."
)
# (section anchor, author, what changes in its text, rationale, supporter, commenter, comment)
OPEN_PROPOSAL = (
    "tilat",
    "leena",
    ("arkisin klo 16–21.", "arkisin klo 16–21 ja lauantaisin klo 10–16."),
    "Kunnan vastauksen mukaan lauantait tulevat maksuttomiksi; se kannattaa kirjata ohjeeseen.",
    "aino",
    "oskari",
    "Kannatan. Samalla voisi mainita, miten lauantaivuoron varaa.",
)


def ensure_draft_version(report, guideline, period):
    """Publish version 2 (a draft open for comments, one section changed) if it is missing.

    The change is a participant's suggested edit that staff accepted: the acceptance wrote
    the draft revision, the editor gives it its label and summary and publishes it.
    """
    if len(published_versions(guideline)) >= 2:
        report.record("guideline versions", guideline.title, created=False)
        return guideline
    people = ensure_demo_participants(report)
    grants = guideline.sections.get(anchor=CHANGED_SECTION)
    proposal = proposals.propose_edit(
        demo_request(people["mikko"]),
        period,
        section_key=grants.key,
        text=draft_grants_text(proposals.section_as_text(grants)),
        rationale=GRANTS_RATIONALE,
    )
    editor = ensure_demo_editor(report)
    proposals.accept_proposal(
        proposal, editor, "Hakuaikaa jatketaan ja jälkikäteen hakeminen sallitaan."
    )
    report.record("guideline proposals", proposal.base_title, created=True)
    draft = GuidelinePage.objects.get(pk=guideline.pk).get_latest_revision_as_object()
    draft.status = GuidelineStatus.DRAFT
    draft.version_label = DRAFT_LABEL
    draft.adopted_on = None
    draft.decided_by = ""
    draft.change_summary = DRAFT_SUMMARY
    draft.save_revision(user=editor).publish(user=editor)
    report.record("guideline versions", f"{guideline.title}: {DRAFT_LABEL}", created=True)
    return GuidelinePage.objects.get(pk=guideline.pk)


def ensure_open_proposal(report, period):
    """A suggested edit still open, with a supporter and a comment, made once."""
    anchor, author, (old, new), rationale, supporter, commenter, comment = OPEN_PROPOSAL
    if period.proposals.filter(outcome="open").exists():
        report.record("guideline proposals", anchor, created=False)
        return
    people = ensure_demo_participants(report)
    section = period.guideline.sections.get(anchor=anchor)
    proposal = proposals.propose_edit(
        demo_request(people[author]),
        period,
        section_key=section.key,
        text=proposals.section_as_text(section).replace(old, new),
        rationale=rationale,
    )
    proposals.support_proposal(demo_request(people[supporter]), proposal)
    proposals.comment_on_proposal(demo_request(people[commenter]), proposal, body=comment)
    report.record("guideline proposals", section.title, created=True)


def guideline_sections(idea_wall, contacts_page):
    """The sections of the draft guideline, with anchors that stay put."""
    contents = [
        (
            "Yhteistyön rakenteet",
            "yhteistyon-rakenteet",
            f"<p>{MUNICIPALITY}n kunnan ja yhdistysten yhteistyön perustana ovat säännölliset "
            "foorumit. Ne kokoontuvat vähintään kaksi kertaa vuodessa.</p>"
            + bullets(
                "<b>Järjestöfoorumi</b> kokoaa kaikki paikalliset yhdistykset.",
                "<b>Seurafoorumi</b> on liikunta- ja urheiluseurojen yhteinen foorumi.",
                "<b>Kulttuuri- ja matkailufoorumi</b> kokoaa kulttuuritoimijat ja "
                "matkailuyrittäjät.",
            )
            + "<p>Jokainen yhdistys nimeää foorumiin varsinaisen jäsenen ja varajäsenen. "
            "Foorumien kutsumisesta vastaavat kulttuuri- ja vapaa-aikapalvelut.</p>",
        ),
        (
            "Tuen muodot: avustukset",
            "avustukset",
            "<p>Kunta myöntää yhdistyksille toiminta- ja kohdeavustuksia kerran vuodessa. "
            "Hakuaika päättyy helmikuun lopussa.</p>"
            + bullets(
                "<b>Toiminta-avustus</b> yhdistyksen säännölliseen toimintaan.",
                "<b>Kohdeavustus</b> yksittäiseen tapahtumaan tai hankkeeseen; haettavissa "
                "ympäri vuoden.",
                "<b>Starttiraha</b> uusille, alle kaksi vuotta toimineille yhdistyksille.",
            )
            + "<p>Avustusten myöntämisperusteet julkaistaan ennen hakuajan alkua. Avustuksen "
            "käytöstä raportoidaan seuraavan haun yhteydessä.</p>",
        ),
        (
            "Tilat",
            "tilat",
            "<p>Yhdistykset voivat käyttää kunnan tiloja kokouksiin ja harrastustoimintaan. "
            "Rekisteröidyille paikallisille yhdistyksille kokoustilat ovat maksuttomia "
            "arkisin klo 16–21.</p>"
            + bullets(
                "Liikuntavuorot jaetaan kausittain seurafoorumissa sovittujen periaatteiden "
                "mukaan.",
                "Kulttuuritalo Kajastuksen tiloja voi vuokrata tapahtumiin alennettuun hintaan.",
                "Koulujen tiloja voi käyttää iltaisin ja viikonloppuisin.",
            ),
        ),
        (
            "Viestintä",
            "viestinta",
            "<p>Kunta kertoo yhdistyksiä koskevista asioista tällä sivustolla ja "
            "sähköpostitse foorumien jäsenille. Yhdistykset voivat ilmoittaa tapahtumansa "
            "kunnan tapahtumakalenteriin maksutta.</p>"
            f"<p>Kehittämisideoita voi jättää {page_link(idea_wall, 'ideaseinälle')}. "
            f"Kunnan yhteyshenkilöt löydät {page_link(contacts_page, 'yhteystiedoista')}.</p>",
        ),
        (
            "Pelisäännöt",
            "pelisaannot",
            "<p>Yhteistyö perustuu avoimuuteen, tasapuolisuuteen ja luottamukseen.</p>"
            + numbered(
                "Kaikilla yhdistyksillä on sama pääsy tietoon, tiloihin ja avustuksiin.",
                "Kunta kuulee yhdistyksiä ennen niiden toimintaan vaikuttavia päätöksiä.",
                "Yhdistykset pitävät yhteystietonsa ajan tasalla ja ilmoittavat muutoksista.",
                "Foorumien muistiot julkaistaan kahden viikon kuluessa kokouksesta.",
            ),
        ),
        (
            "Ohjeen päivittäminen",
            "ohjeen-paivittaminen",
            "<p>Ohje tarkistetaan kerran valtuustokaudessa yhdessä yhdistysten kanssa. "
            "Luonnosta voi kommentoida osio kerrallaan; hyväksytyt versiot säilytetään, ja "
            "niiden erot voi tarkistaa tältä sivulta.</p>",
        ),
    ]
    return [
        GuidelineSection(title=title, anchor=anchor, body=body, sort_order=order)
        for order, (title, anchor, body) in enumerate(contents)
    ]


def ensure_guideline_draft(report, home):
    """A municipality's guideline page, an unpublished draft (part of every skeleton)."""
    return ensure_draft_page(
        report,
        home,
        GuidelinePage,
        "jarjestoyhteistyon-ohje",
        title="Järjestöyhteistyön ohje",
        intro=(
            "<p>Ohje kokoaa yhteen yhteistyön rakenteet, yhdistysten käytettävissä olevat tuen "
            "muodot ja yhteiset pelisäännöt.</p>"
        ),
        status=GuidelineStatus.DRAFT,
        version_label="Luonnos",
    )


def write_guideline(report, home, **fields):
    """The skeleton's draft, written with `fields` and published once: its first version."""
    guideline = ensure_guideline_draft(report, home)
    if guideline.live:
        report.record("guideline versions", guideline.title, created=False)
        return guideline
    sections = fields.pop("sections", [])
    for name, value in fields.items():
        setattr(guideline, name, value)
    guideline.sections = sections
    publish(guideline)
    report.record("guideline versions", f"{guideline.title}: {guideline.version_label}", True)
    return GuidelinePage.objects.get(pk=guideline.pk)


def ensure_guideline(report, home, idea_wall, contacts_page):
    """Version 1: the guideline the municipal board adopted."""
    pdf = ensure_document(
        report,
        "Järjestöyhteistyön ohje, luonnos 2026",
        [
            f"{MUNICIPALITY}n kunnan ja yhdistysten yhteistyön ohje. Luonnos on avoinna "
            "kommenteille.",
            "Sisältö: yhteistyön rakenteet, tuen muodot, tilat, viestintä, pelisäännöt ja "
            "ohjeen päivittäminen.",
        ],
    )
    return write_guideline(
        report,
        home,
        title="Järjestöyhteistyön ohje",
        intro=(
            "<p>Ohje kokoaa yhteen yhteistyön rakenteet, yhdistysten käytettävissä olevat tuen "
            "muodot ja yhteiset pelisäännöt. Se kirjoitetaan yhdessä yhdistysten kanssa, ja "
            "jokainen julkaistu versio on luettavissa versiohistoriassa.</p>"
        ),
        status=GuidelineStatus.ADOPTED,
        version_label="2025",
        adopted_on=date(2025, 3, 10),
        decided_by="Kunnanhallitus",
        change_summary="Ensimmäinen järjestöyhteistyön ohje, hyväksytty kunnanhallituksessa.",
        pdf=pdf,
        sections=guideline_sections(idea_wall, contacts_page),
    )


def ensure_open_period(report, guideline):
    """An open comment period, made once, with the demo's comments and answers."""
    period = CommentPeriod.objects.filter(guideline=guideline).first()
    if period is not None:
        report.record("comment periods", str(period), created=False)
        return period
    # As published (the page object in hand may predate its publishing).
    guideline = GuidelinePage.objects.get(pk=guideline.pk)
    now = timezone.now()
    period = CommentPeriod(
        guideline=guideline,
        starts_at=now - timedelta(days=7),
        ends_at=(now + timedelta(days=21)).replace(hour=16, minute=0, second=0, microsecond=0),
        intro=(
            "<p>Kerro, riittävätkö ohjeen <b>tuen muodot</b> ja ovatko pelisäännöt "
            "selkeät. Kommentoi kohtaa, jota palautteesi koskee.</p>"
        ),
        response_due=(now + timedelta(days=50)).date(),
    )
    period.full_clean()
    period.save()
    report.record("comment periods", str(period), created=True)
    people = ensure_demo_participants(report)
    sections = {s.anchor: s for s in guideline.sections.all()}
    for anchor, author, text, replier, reply, answer in COMMENTS:
        comment = comments.add_comment(
            demo_request(people[author]), period, section_key=sections[anchor].key, body=text
        )
        report.record("guideline comments", text[:40], created=True)
        if replier:
            comments.add_comment(
                demo_request(people[replier]),
                period,
                section_key=sections[anchor].key,
                body=reply,
                parent=comment,
            )
            comments.mark_useful(demo_request(people[replier]), comment)
        if answer:
            outcome, reason = answer
            comments.answer_comment(comment, None, outcome=outcome, answer=reason)
    return period


KOIVIKKO_SECTIONS = [
    (
        "Yhteistyön muodot",
        "yhteistyon-muodot",
        "<p>Koivikon kunta ja yhdistykset tapaavat yhdistysfoorumissa neljästi vuodessa. "
        "Kylätalojen asiat käsitellään kylätalofoorumissa.</p>",
    ),
    (
        "Kylätalot ja tilat",
        "kylatalot-ja-tilat",
        "<p>Kylätalot ovat yhdistysten käytössä maksutta arki-iltaisin. Kunta tukee talojen "
        "lämmitystä vuosittaisella avustuksella.</p>",
    ),
    (
        "Avustukset",
        "avustukset",
        "<p>Toiminta-avustuksia haetaan kerran vuodessa tammikuussa. Pienet tapahtuma-"
        "avustukset myönnetään ympäri vuoden.</p>",
    ),
    (
        "Yhteydenpito",
        "yhteydenpito",
        "<p>Kunnan järjestökoordinaattori vastaa yhteydenpidosta yhdistyksiin ja kutsuu "
        "foorumit koolle.</p>",
    ),
]


def load_adopted(report, home, adopted_on, decided_by):
    """An adopted guideline (Koivikko's): one published version with its date, no period."""
    return write_guideline(
        report,
        home,
        title="Koivikon yhteistyöohje",
        intro="<p>Koivikon kunnan ja yhdistysten yhteistyön periaatteet.</p>",
        status=GuidelineStatus.ADOPTED,
        version_label=str(adopted_on.year),
        adopted_on=adopted_on,
        decided_by=decided_by,
        change_summary="Ensimmäinen yhteistyöohje, valmisteltu yhdistysfoorumissa.",
        sections=[
            GuidelineSection(title=title, anchor=anchor, body=body, sort_order=order)
            for order, (title, anchor, body) in enumerate(KOIVIKKO_SECTIONS)
        ],
    )


def load(report, home, idea_wall, contacts_page):
    """Järvelä's guideline: adopted, a draft of its next version open for comments."""
    guideline = ensure_guideline(report, home, idea_wall, contacts_page)
    period = ensure_open_period(report, guideline)
    guideline = ensure_draft_version(report, guideline, period)
    period.guideline = guideline
    ensure_open_proposal(report, period)
    return guideline
