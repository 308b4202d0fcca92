"""No private value reaches a public response.

The test plants every kind of private value the site holds, then fetches every public
address it can discover, as an anonymous visitor and as another signed-in participant,
and follows the links it finds. None of the planted values may appear in any answer.

A feature that adds private data adds a planter (a function decorated with @planter that
stores records and registers their private values with `secret(...)`), and, if it adds
new addresses that links do not reach, a URL source (a function decorated with @source).
The crawl and the assertion stay as they are.

Values are plain ASCII words (bird names) so that HTML escaping, XML escaping and JSON's
\\u escapes cannot hide a leak from the comparison.
"""

import datetime
import itertools
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, quote_plus, urlencode, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Site, get_page_models

from config.api import collaboration_api
from core.models import ModerationState
from forums.models import ForumIndexPage, ForumPage, PersonalCalendar, Registration
from guidelines.models import GuidelinePage, GuidelineVersion
from ideas.models import Idea, IdeaComment
from news.models import NewsIndexPage
from tests import factories
from tests.crawl import crawl, text_of

ANONYMOUS = "anonymous"
PARTICIPANT = "participant"
AUDIENCES = (ANONYMOUS, PARTICIPANT)


@dataclass(frozen=True)
class Private:
    what: str
    value: str
    # Audiences that may legitimately see it (e.g. any participant, behind a sign-in wall).
    seen_by: frozenset = frozenset()


PLANTERS = []
SOURCES = []


def planter(function):
    PLANTERS.append(function)
    return function


def source(function):
    SOURCES.append(function)
    return function


# --- What is private ------------------------------------------------------------------


@planter
def unpublished_pages(home, secret):
    factories.StandardPageFactory(
        parent=home,
        title=secret("title of a never-published page", "Kuukkeli"),
        intro=secret("intro of a never-published page", "Kuukkelin johdanto"),
        live=False,
    )
    news_index = factories.NewsIndexPageFactory(parent=home)
    withdrawn = factories.NewsPageFactory(
        parent=news_index, title=secret("title of an unpublished news item", "Pajulintu")
    )
    withdrawn.tags.add("Linnut")
    withdrawn.save()
    withdrawn.unpublish()
    public_news = factories.NewsPageFactory(parent=news_index, title="Julkinen uutinen")
    public_news.tags.add("Linnut")
    public_news.save()
    members_news = factories.NewsPageFactory(
        parent=news_index,
        title=secret("title of a news item for signed-in people", "Kultarinta", PARTICIPANT),
    )
    members_news.tags.add("Linnut")
    members_news.save()
    PageViewRestriction.objects.create(page=members_news, restriction_type="login")
    page = factories.StandardPageFactory(parent=home, title="Julkinen tietosivu")
    page.intro = secret("a draft change to a published page", "Hippiainen")
    page.save_revision()
    restricted = factories.StandardPageFactory(
        parent=home,
        title=secret("title of a page for signed-in people", "Harmaapaasieppo", PARTICIPANT),
    )
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")


@planter
def never_published_contact_card(home, secret):
    card = factories.ContactCardFactory(
        live=False,
        name=secret("name of a never-published contact card", "Kirjosieppo Kottarainen"),
        title=secret("title of a never-published contact card", "Urpiaisjohtaja"),
        answers_for=secret("topics of a never-published contact card", "Tilhifoorumi"),
        phone=secret("phone of a never-published contact card", "+358409998877"),
        email=secret("e-mail of a never-published contact card", "kirjosieppo@kunta.example"),
    )
    secret("phone of a never-published contact card, as shown", "040 999 8877")
    index = factories.ForumIndexPageFactory(parent=home)
    forum = factories.ForumPageFactory(parent=index, title="Kulttuurifoorumi", coordinator=card)
    factories.ForumMeetingPageFactory(parent=forum, title="Kulttuurifoorumin kokous")
    factories.StandardPageFactory(parent=home, title="Lisatietoja", body=[("contact_card", card)])
    factories.ContactsPageFactory(parent=home)
    published = factories.ContactCardFactory(name="Julkinen Yhteyshenkilo")
    published.phone = secret("a draft change to a published card", "+358405554433")
    published.save_revision()


@planter
def meeting_registrations(home, secret):
    """Who registered, what they answered and the remote link reach registrants and staff only."""
    index = factories.ForumIndexPageFactory(parent=home, slug="kokoukset")
    forum = factories.ForumPageFactory(parent=index, title="Liikuntafoorumi")
    meeting = factories.ForumMeetingPageFactory(
        parent=forum,
        title="Liikuntafoorumin kokous",
        registration_open=True,
        seats=1,
        max_companions=1,
        attendance_mode="both",
        remote_link="https://etakokous.example/" + secret("a meeting's remote link", "Kuikkahuone"),
        ask_dietary_needs=True,
        ask_accessibility_needs=True,
    )
    for state, bird in (("confirmed", "Punatulkku"), ("waiting", "Taviokuurna")):
        Registration.objects.create(
            meeting=meeting,
            state=state,
            name=secret(f"a {state} registrant's name", f"{bird} Peippo"),
            email=secret(f"a {state} registrant's e-mail", f"{bird.lower()}@yhdistys.example"),
            association=secret(f"a {state} registrant's association", f"{bird}seura"),
            dietary_needs=secret(f"a {state} registrant's dietary needs", f"{bird}dieetti"),
            accessibility_needs=secret(
                f"a {state} registrant's accessibility needs", f"{bird}luiska"
            ),
        )
    # Staff's message to the registrants goes to them by e-mail; the meeting's history keeps it.
    from forums.registrations import message_registrants

    message_registrants(
        meeting,
        None,
        subject=secret("staff's message to a meeting's registrants", "Kuukkeli muutos"),
        text=secret("the text of staff's message to registrants", "Kuukkelin viesti"),
        include_waiting=True,
    )


@planter
def personal_meeting_calendars(home, secret):
    """A participant's own calendar: its secret address, and the remote link of a meeting in
    it, reach no one else (the address is shown only on its owner's profile)."""
    index = factories.ForumIndexPageFactory(parent=home, slug="omat-kokoukset")
    forum = factories.ForumPageFactory(parent=index, title="Kylätoimikunta")
    meeting = factories.ForumMeetingPageFactory(
        parent=forum,
        title="Kylätoimikunnan kokous",
        registration_open=True,
        attendance_mode="remote",
        remote_link="https://etakokous.example/"
        + secret("a registered meeting's remote link", "Tilhisali"),
    )
    owner = factories.ParticipantFactory(display_name="Kalenterin Omistaja")
    Registration.objects.create(
        meeting=meeting,
        user=owner,
        name="Kalenterin Omistaja",
        email=owner.email,
        state="confirmed",
    )
    PersonalCalendar.objects.create(
        user=owner, key=secret("a personal calendar's secret address", "Kuukkelinkalenteri")
    )


@planter
def forum_meeting_drafts(home, secret):
    """What a forum's calendars, its feed and its archive by year must not give away."""
    index = factories.ForumIndexPageFactory(parent=home, title="Lintufoorumit", slug="lintu")
    forum = factories.ForumPageFactory(parent=index, title="Lintufoorumi")
    meeting = factories.ForumMeetingPageFactory(parent=forum, title="Lintufoorumin kokous")
    meeting.place_name = secret("a draft change of a meeting's place", "Pulmusen paviljonki")
    meeting.save_revision()
    factories.ForumMeetingPageFactory(
        parent=forum, live=False, title=secret("a never-published meeting", "Tiltaltikokous")
    )
    held = timezone.now() - datetime.timedelta(days=400)
    end = held + datetime.timedelta(hours=2)
    factories.ForumMeetingPageFactory(parent=forum, start=held, end=end, title="Pidetty kokous")
    factories.ForumMeetingPageFactory(
        parent=forum,
        live=False,
        start=held,
        end=end,
        title=secret("a never-published past meeting", "Taviokokous"),
    )
    members = factories.ForumPageFactory(parent=index, title="Jasenfoorumi")
    PageViewRestriction.objects.create(page=members, restriction_type="login")
    factories.ForumMeetingPageFactory(
        parent=members,
        title=secret("a meeting of a forum for signed-in people", "Hemppokokous", PARTICIPANT),
    )


def _guideline_revision(guideline, body, summary, go_live_at=None):
    """A new revision of the guideline with its first section's text replaced."""
    draft = GuidelinePage.objects.get(pk=guideline.pk).get_latest_revision_as_object()
    sections = list(draft.sections.all())
    sections[0].body = body
    draft.sections = sections
    draft.change_summary = summary
    draft.go_live_at = go_live_at
    return draft.save_revision()


@planter
def guideline_drafts(home, secret):
    """Two published versions; a draft, a scheduled and a pending revision stay private."""
    guideline = factories.GuidelinePageFactory(parent=home, title="Julkinen ohje")
    factories.GuidelineSectionFactory(page=guideline, anchor="tilat", body="<p>Tilat.</p>")
    guideline.change_summary = "Ensimmainen versio."
    guideline.save_revision().publish()
    _guideline_revision(guideline, "<p>Tilat ja vuorot.</p>", "Toinen versio.").publish()

    word = secret("a draft revision's section text in a guideline", "Peukaloinen")
    summary = secret("a draft revision's change summary", "Tikliluonnos")
    _guideline_revision(guideline, f"<p>{word}</p>", summary)
    word = secret("a scheduled revision's section text", "Sirittaja")
    in_three_days = timezone.now() + datetime.timedelta(days=3)
    _guideline_revision(guideline, f"<p>{word}</p>", "Ajastettu.", in_three_days).publish()

    withdrawn = factories.GuidelinePageFactory(parent=home, title="Vetaistu ohje", slug="vetaistu")
    factories.GuidelineSectionFactory(
        page=withdrawn,
        body="<p>{}</p>".format(secret("a withdrawn guideline's text", "Kirjokerttu")),
    )
    withdrawn.change_summary = "Vetaistava."
    withdrawn.save_revision().publish()
    withdrawn.unpublish()


def _participant(email):
    return factories.ParticipantFactory(email=email, display_name="Idean Kirjoittaja")


@planter
def moderated_texts(home, secret):
    author = _participant(
        secret("an author's e-mail address", "peippo.kirjoittaja@yhdistys.example")
    )
    wall = factories.IdeaWallPageFactory(parent=home, title="Avoin ideaseina")

    def idea(what, word, **fields):
        return Idea.objects.create(
            wall=wall,
            author=author,
            title=secret(f"title of {what}", f"{word} otsikko"),
            body=secret(f"text of {what}", f"{word} teksti"),
            **fields,
        )

    shown = Idea.objects.create(
        wall=wall,
        author=author,
        title="Julkinen idea",
        body="Hyva idea.",
        state=ModerationState.PUBLISHED,
    )
    idea("a pending idea", "Viherpeippo", state=ModerationState.PENDING)
    moderator = factories.ParticipantFactory(
        email=secret("a moderator's e-mail address", "tikka.moderaattori@kunta.example"),
        is_staff=True,
    )
    idea(
        "a hidden idea",
        "Taviokuurna",
        state=ModerationState.HIDDEN,
        hidden_reason=secret("why someone else's idea was hidden", "Leppalinnun syy"),
        moderated_by=moderator,
    )
    idea(
        "an idea held by reports",
        "Punatulkku",
        state=ModerationState.PUBLISHED,
        held_by_reports=True,
    )
    idea(
        "a withdrawn idea", "Sirkku", state=ModerationState.PUBLISHED, withdrawn_at=shown.created_at
    )

    def comment(what, word, **fields):
        IdeaComment.objects.create(
            idea=shown, author=author, body=secret(f"{what}", f"{word} kommentti"), **fields
        )

    comment("a pending comment", "Tikli", state=ModerationState.PENDING)
    comment(
        "a hidden comment",
        "Rautiainen",
        state=ModerationState.HIDDEN,
        hidden_reason=secret("why someone else's comment was hidden", "Tiltaltin syy"),
    )
    comment(
        "a comment held by reports",
        "Peukaloinen",
        state=ModerationState.PUBLISHED,
        held_by_reports=True,
    )
    IdeaComment.objects.create(
        idea=shown, author=author, body="Julkinen kommentti", state=ModerationState.PUBLISHED
    )
    # A hidden comment whose reply is still shown: the page and the API show the reply
    # under a placeholder, and nothing of the hidden comment must come with it.
    hidden_parent = IdeaComment.objects.create(
        idea=shown,
        author=factories.ParticipantFactory(
            email=secret(
                "the e-mail address of a hidden comment's author", "sirri@yhdistys.example"
            ),
            display_name=secret("the name of a hidden comment's only author", "Sirri Salainen"),
        ),
        body=secret("a hidden comment with a shown reply", "Hemppo kommentti"),
        state=ModerationState.HIDDEN,
        hidden_reason=secret("why a comment with a shown reply was hidden", "Pajulinnun syy"),
    )
    IdeaComment.objects.create(
        idea=shown,
        author=author,
        parent=hidden_parent,
        body="Julkinen vastaus",
        state=ModerationState.PUBLISHED,
    )


@planter
def guideline_comments(home, secret):
    """An open comment period on a guideline, with comments a visitor must not see."""
    import datetime

    from django.utils import timezone

    from guidelines.models import CommentPeriod, GuidelineComment, section_fingerprint

    guideline = factories.GuidelinePageFactory(parent=home, title="Yhteistyon ohje")
    section = factories.GuidelineSectionFactory(page=guideline, title="Tilat", anchor="tilat")
    guideline.save_revision().publish()
    now = timezone.now()
    period = CommentPeriod.objects.create(
        guideline=guideline,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=7),
        intro="<p>Kommentoikaa.</p>",
        response_due=(now + datetime.timedelta(days=30)).date(),
    )
    author = factories.ParticipantFactory(
        email=secret("a guideline commenter's e-mail address", "hippo.ohje@yhdistys.example"),
        display_name="Ohjeen Kommentoija",
    )

    def comment(body, **fields):
        return GuidelineComment.objects.create(
            period=period,
            section_key=section.key,
            section_fingerprint=section_fingerprint(section),
            author=author,
            body=body,
            **fields,
        )

    comment(
        secret("a pending guideline comment", "Lapintiainen kommentti"),
        state=ModerationState.PENDING,
    )
    comment(
        secret("a guideline comment held by reports", "Pohjansirkku kommentti"),
        state=ModerationState.PUBLISHED,
        held_by_reports=True,
    )
    hidden = comment(
        secret("a hidden guideline comment with a shown reply", "Valkoselka kommentti"),
        state=ModerationState.HIDDEN,
        hidden_reason=secret("why a guideline comment was hidden", "Harmaahaikaran syy"),
    )
    comment("Julkinen vastaus ohjeeseen", parent=hidden, state=ModerationState.PUBLISHED)


@planter
def guideline_proposals(home, secret):
    """Suggested edits a visitor must not see: waiting, hidden, a decision on a hidden one,
    and one held after reports with a comment on it."""
    from guidelines.models import GuidelineComment, GuidelineProposal, ProposalOutcome

    guideline = factories.GuidelinePageFactory(parent=home, title="Ehdotusten ohje", slug="eo")
    section = factories.GuidelineSectionFactory(page=guideline, title="Tilat", anchor="tilat")
    guideline.save_revision().publish()
    period = factories.CommentPeriodFactory(guideline=guideline)
    author = factories.ParticipantFactory(
        email=secret("a proposer's e-mail address", "kuikka.ehdotus@yhdistys.example"),
        display_name="Ehdotuksen Tekija",
    )

    def proposal(text, **fields):
        return GuidelineProposal.objects.create(
            period=period,
            section_key=section.key,
            base_revision_id=guideline.live_revision_id,
            base_title=section.title,
            base_text="Tilat.",
            text=text,
            rationale=fields.pop("rationale", "Perustelu."),
            author=author,
            **fields,
        )

    proposal(
        secret("a pending suggested edit", "Kuukkeli ehdotus"),
        rationale=secret("a pending suggested edit's rationale", "Kuukkelin perustelu"),
        state=ModerationState.PENDING,
    )
    proposal(
        secret("a hidden suggested edit", "Taviokuurna ehdotus"),
        state=ModerationState.HIDDEN,
        hidden_reason=secret("why a suggested edit was hidden", "Taviokuurnan syy"),
        outcome=ProposalOutcome.DECLINED,
        decision_reason=secret("a decline reason on a hidden suggested edit", "Tilhen hylkays"),
    )
    proposal("Julkinen ehdotus tiloista.", state=ModerationState.PUBLISHED)
    held = proposal(
        secret("a suggested edit held after reports", "Pikkutikka ehdotus"),
        rationale=secret("a held suggested edit's rationale", "Pikkutikan perustelu"),
        state=ModerationState.PUBLISHED,
        held_by_reports=True,
    )
    GuidelineComment.objects.create(
        period=period,
        proposal=held,
        section_key=section.key,
        author=author,
        body=secret("a comment on a held suggested edit", "Pikkutikan kommentti"),
        state=ModerationState.PUBLISHED,
    )


def _restricted_wall(home, secret, restriction, word, seen_by):
    author = factories.ParticipantFactory(display_name="Rajattu Kirjoittaja")
    intro = secret(f"intro of a {restriction}-restricted wall", f"{word} johdanto", *seen_by)
    wall = factories.IdeaWallPageFactory(
        parent=home,
        title=secret(f"title of a {restriction}-restricted wall", f"{word}seina", *seen_by),
        intro=f"<p>{intro}</p>",
    )
    PageViewRestriction.objects.create(
        page=wall, restriction_type=restriction, password="salasana-123"
    )
    idea = Idea.objects.create(
        wall=wall,
        author=author,
        title=secret(
            f"title of an idea on a {restriction}-restricted wall", f"{word} idea", *seen_by
        ),
        body=secret(
            f"text of an idea on a {restriction}-restricted wall", f"{word} selitys", *seen_by
        ),
        state=ModerationState.PUBLISHED,
    )
    IdeaComment.objects.create(
        idea=idea,
        author=author,
        body=secret(f"a comment on a {restriction}-restricted wall", f"{word} vastaus", *seen_by),
        state=ModerationState.PUBLISHED,
    )


@planter
def restricted_walls(home, secret):
    _restricted_wall(home, secret, "login", "Hemppo", seen_by=(PARTICIPANT,))
    _restricted_wall(home, secret, "password", "Kuusitiainen", seen_by=())


# --- Where a visitor can look -----------------------------------------------------------


@source
def every_page(privates):
    yield "/sitemap.xml"  # none yet; crawled as soon as there is one
    for page in Page.objects.exclude(depth=1):
        url = page.get_url()
        if url:
            yield url


@source
def every_idea_route(privates):
    """The wall's feed and each idea's and comment's own addresses, shown or not."""
    for idea in Idea.objects.select_related("wall"):
        wall = idea.wall.specific
        base = wall.get_url()
        yield base + wall.reverse_subpage("feed")
        for name in ("idea", "edit", "withdraw"):
            yield base + wall.reverse_subpage(name, args=[idea.pk])
        yield base + wall.reverse_subpage("report", args=["idea", idea.pk])
    for comment in IdeaComment.objects.select_related("idea__wall"):
        wall = comment.idea.wall.specific
        yield wall.get_url() + wall.reverse_subpage("report", args=["kommentti", comment.pk])


@source
def every_forum_route(privates):
    """Each forum index's and forum's calendar, each forum's feed and every archive year."""
    for index in ForumIndexPage.objects.all():
        yield index.get_url() + index.reverse_subpage("icalendar")
    for forum in ForumPage.objects.all():
        base = forum.get_url()
        yield base + forum.reverse_subpage("icalendar")
        yield base + forum.reverse_subpage("feed")
        for year in range(timezone.localdate().year - 3, timezone.localdate().year + 1):
            yield base + forum.reverse_subpage("archive", args=[year])


@source
def every_guideline_version_route(privates):
    """The history, each version and each comparison, numbers that exist and one more."""
    for guideline in GuidelinePage.objects.all():
        base = guideline.get_url() or guideline.url_path
        yield base + "versiot/"
        yield base + "versiot/vertaa/?vanha=1&uusi=9"
        last = GuidelineVersion.objects.filter(page=guideline).count() + 1
        for number in range(1, last + 1):
            yield base + f"versiot/{number}/"
            for other in range(1, last + 1):
                yield base + f"versiot/{number}/vertaa/{other}/"


@source
def every_guideline_proposal_route(privates):
    """Each suggested edit's own page and the form, shown or not."""
    from guidelines.models import GuidelineProposal

    for proposal in GuidelineProposal.objects.select_related("period__guideline"):
        guideline = proposal.period.guideline
        base = guideline.get_url() or guideline.url_path
        yield base + f"ehdotukset/{proposal.pk}/"
        yield base + f"ehdotus/?kohta={proposal.section_key}"


@source
def every_news_feed(privates):
    """Each news index's feed and its feed of every tag."""
    for index in NewsIndexPage.objects.all():
        yield index.get_url() + index.reverse_subpage("feed")
        for slug in Tag.objects.values_list("slug", flat=True):
            yield index.get_url() + index.reverse_subpage("tag_feed", args=[slug])


@source
def search_for_every_private_word(privates):
    for private in privates:
        for query in {private.value, max(private.value.split(), key=len)}:
            yield "/haku/?" + urlencode({"q": query})
            yield "/api/v2/pages/?" + urlencode({"search": query, "fields": "*"})


@source
def content_api(privates):
    yield "/api/v2/pages/?fields=*"
    for model in get_page_models():
        if model is not Page:
            label = f"{model._meta.app_label}.{model.__name__}"
            yield "/api/v2/pages/?" + urlencode({"type": label, "fields": "*"})
    for page in Page.objects.exclude(depth=1).specific():
        label = f"{page._meta.app_label}.{type(page).__name__}"
        yield f"/api/v2/pages/{page.id}/?fields=*"
        yield f"/api/v2/pages/{page.id}/?" + urlencode({"type": label, "fields": "*"})
    yield "/api/v2/images/?fields=*"
    yield "/api/v2/documents/?fields=*"


# A path parameter's name says which records' ids to try; pages are the default.
API_IDS = {
    "card_id": lambda: _ids("contacts.ContactCard"),
    "idea_id": lambda: _ids("ideas.Idea"),
    "comment_id": lambda: _ids("ideas.IdeaComment"),
    "guideline_id": lambda: _ids("guidelines.GuidelinePage"),
    "proposal_id": lambda: _ids("guidelines.GuidelineProposal"),
    # Version numbers: every one that exists, and one past the newest.
    "number": lambda: range(1, GuidelineVersion.objects.count() + 2),
    "other": lambda: range(1, GuidelineVersion.objects.count() + 2),
    "association_id": lambda: _ids("associations.Association"),
}


def _ids(label):
    from django.apps import apps

    return list(apps.get_model(label).objects.values_list("pk", flat=True))


@source
def collaboration_api_reads(privates):
    """Every GET of the OpenAPI document, for every record its parameters can name."""
    paths = collaboration_api.get_openapi_schema()["paths"]
    page_ids = list(Page.objects.values_list("id", flat=True))
    for path, operations in paths.items():
        if "get" not in operations:
            continue
        names = re.findall(r"{(\w+)}", path)
        choices = [list(API_IDS.get(name, lambda: page_ids)()) for name in names]
        for values in itertools.product(*choices):
            filled = path
            for name, value in zip(names, values, strict=True):
                filled = filled.replace("{" + name + "}", str(value))
            yield filled


# --- The crawl --------------------------------------------------------------------------


def _typed(url):
    """The values in an address's query, and in the addresses it carries (`next=`)."""
    for values in parse_qs(urlsplit(url).query).values():
        for value in values:
            yield value
            if "?" in value:
                yield from _typed(value)


def _without_echo(text, url):
    """What the visitor typed (a search word) may come back, also inside links; not the rest."""
    for value in _typed(url):
        for form in (value, quote(value), quote_plus(value), quote(quote_plus(value))):
            text = text.replace(form, "")
    return text


@pytest.fixture
def privates(home_page):
    planted = []

    def secret(what, value, *seen_by):
        planted.append(Private(what, value, frozenset(seen_by)))
        return value

    for plant in PLANTERS:
        plant(home_page, secret)
    return planted


def _root():
    return Site.objects.get(is_default_site=True).root_url


def _clients(client, django_user_model):
    from django.test import Client

    participant = Client()
    participant.force_login(factories.ParticipantFactory(display_name="Toinen Osallistuja"))
    return {ANONYMOUS: client, PARTICIPANT: participant}


def _through_the_page_cache(settings, start):
    """The page cache on, staff first asking for every start address, then the anonymous
    visitor: nothing the staff saw is kept, and what the visitor is given is kept and given
    again (the second answers are the cache's, checked too)."""
    from django.core.cache import caches
    from django.test import Client

    settings.YHDESSA_PAGE_CACHE_ENABLED = True
    kept = caches["pages"]
    kept.clear()
    host = Site.objects.get(is_default_site=True).hostname
    staff = Client(HTTP_HOST=host)
    staff.force_login(factories.ParticipantFactory(is_staff=True, is_superuser=True))
    for url in start:
        staff.get(url)
    assert len(kept._cache) == 0, "signed-in visitors' answers are never kept"
    visitor = Client(HTTP_HOST=host)
    answers = crawl(visitor, start, _root())
    assert len(kept._cache) > 100, "the anonymous visitor's answers are kept"
    for url, _status, _body in list(answers):
        response = visitor.get(url)
        answers.append((url, response.status_code, text_of(response)))
    return answers


@pytest.mark.django_db
@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_private_value_reaches_a_public_response(
    client, django_user_model, privates, audience, settings
):
    start = [url for found in SOURCES for url in found(privates)]
    if audience == ANONYMOUS:
        answers = _through_the_page_cache(settings, start)
    else:
        answers = crawl(_clients(client, django_user_model)[audience], start, _root())

    assert len(answers) > 100, "the crawl should reach the pages, feeds and both APIs"
    reached = {urlsplit(url).path for url, status, _text in answers if status == 200}
    assert {"/", "/api/v2/pages/", "/api/forums/", "/api/idea-walls/", "/haku/"} <= reached
    assert any(path.endswith("/syote/") for path in reached), "a wall's feed"
    assert any(path.endswith("/syote/linnut/") for path in reached), "a news tag's feed"
    assert "/lintu/lintufoorumi/syote/" in reached, "a forum's feed of meetings"
    assert {"/lintu/kalenteri/", "/lintu/lintufoorumi/kalenteri/"} <= reached, "calendars"
    assert any(path.startswith("/lintu/lintufoorumi/arkisto/") for path in reached), "archive"

    # Each answer is cleaned of the visitor's own words once, not once per planted value.
    cleaned = [(url, status, _without_echo(text, url)) for url, status, text in answers]
    leaks = [
        f"{private.what} ({private.value!r}) at {url} [{status}]"
        for url, status, text in cleaned
        for private in privates
        if audience not in private.seen_by and private.value in text
    ]
    assert not leaks, f"{len(leaks)} private values reached {audience}:\n" + "\n".join(
        sorted(set(leaks))[:60]
    )


@planter
def association_register_staff_edits(home, secret):
    """A listed association staff edited: the unpublished details, and a contact person's
    e-mail replaced by the edit, which now lives only in the register's history."""
    from associations.models import ChangeSource
    from associations.register import change_association, create_association

    site = Site.objects.get(is_default_site=True)
    association = create_association(
        site,
        {
            "name": "Lintuharrastajat ry",
            "fields_of_activity": ["other"],
            "email": "lintuharrastajat@yhdistys.example",
            "contact_name": secret("an unpublished contact person", "Kuikka Kaakkuri"),
            "contact_email": secret("a replaced contact e-mail", "tylli@koti.example"),
            "published_fields": ["email"],
        },
        source=ChangeSource.STAFF,
    )
    change_association(
        association,
        {"contact_email": secret("an unpublished contact e-mail", "kahlaaja@koti.example")},
        source=ChangeSource.STAFF,
    )


@planter
def association_removal_requests(home, secret):
    """A removal request (who asked, what they wrote, the typed name) reaches staff only,
    and the record it took off the directory is gone from every public answer; the removal
    form, reachable from the privacy notice, offers only published associations."""
    from associations.models import ChangeSource, RemovalRequest
    from associations.register import change_association, create_association

    site = Site.objects.get(is_default_site=True)
    factories.PrivacyNoticePageFactory(parent=home)
    removed = create_association(
        site,
        {
            "name": secret("an association taken off the directory", "Kaulushaikaraseura ry"),
            "fields_of_activity": ["village"],
            "email": secret("an unlisted association's e-mail", "kaulushaikara@seura.example"),
            "description": secret("an unlisted association's description", "Kaulushaikarat"),
            "published_fields": ["email", "description"],
        },
    )
    change_association(removed, {"is_listed": False}, source=ChangeSource.STAFF)
    for state, bird in (("unconfirmed", "Ruokki"), ("pending", "Kiuru")):
        RemovalRequest.objects.create(
            site=site,
            association=removed if state == "pending" else None,
            association_name=secret(f"a {state} removal request's typed name", f"{bird}kuoro ry"),
            requester_name=secret(f"a {state} removal requester's name", f"{bird} Lokki"),
            requester_email=secret(
                f"a {state} removal requester's e-mail", f"{bird.lower()}@kuoro.example"
            ),
            message=secret(f"a {state} removal request's message", f"{bird}viesti"),
            state=state,
        )


@source
def association_removal_form(privates):
    yield "/yhdistysrekisteri/poistopyynto/"
    yield "/yhdistysrekisteri/poistopyynto/lahetetty/"


# --- Associations' reports (issue 11, part A) ------------------------------------------------


@planter
def association_reports(home, secret):
    """A pending report's values and its reporter, and a record's unpublished details, reach
    staff only: the update form shows a stranger the published values alone."""
    from associations.models import AssociationReport
    from associations.register import create_association

    site = Site.objects.get(is_default_site=True)
    association = create_association(
        site,
        {
            "name": "Lintuseura Tikka ry",
            "fields_of_activity": ["other"],
            "website": "https://tikka.example/",
            "registry_number": "1" + secret("an unpublished registry number", "23.457"),
            "contact_name": secret("an unpublished contact person", "Kuovi Kahlaaja"),
            "contact_phone": "+35840" + secret("an unpublished contact phone", "9876543"),
            "contact_email": secret("an unpublished contact e-mail", "kuovi@tikka.example"),
            "published_fields": ["website"],
        },
    )
    for target, bird in ((None, "Kottarainen"), (association, "Sirri")):
        AssociationReport.objects.create(
            site=site,
            association=target,
            state="pending",
            data={
                "name": secret(f"a pending report's name ({bird})", f"{bird}seura ry"),
                "description": secret(f"a pending report's description ({bird})", f"{bird}kuvaus"),
            },
            submitter_name=secret(f"a reporter's name ({bird})", f"{bird} Ilmoittaja"),
            submitter_email=secret(
                f"a reporter's e-mail ({bird})", f"{bird.lower()}@ilmoittaja.example"
            ),
        )


@source
def association_report_forms(privates):
    from associations.models import Association

    yield "/yhdistykset/ilmoita/"
    for association in Association.objects.all():
        yield f"/yhdistykset/ilmoita/muutos/{association.slug}/"


# --- The association register's directory (issue 11) -----------------------------------

ASSOCIATION_SECRET = "an association's "


def _association(secret, what, **values):
    """A record of the register whose given values are all private but the published ones."""
    from associations.models import PUBLISHABLE_FIELDS

    published = values.pop("published_fields", [])
    for name in PUBLISHABLE_FIELDS:
        if name in values and name not in published:
            secret(f"{ASSOCIATION_SECRET}unpublished {name} ({what})", values[name])
    return factories.AssociationFactory(published_fields=published, **values)


@planter
def association_register(home, secret):
    """Every publishable field filled with its own value and only some published; one record
    unconfirmed for 19 months and one staff took off the directory, whose names are private
    too (their addresses hold no part of their names)."""
    factories.AssociationDirectoryPageFactory(parent=home)
    _association(
        secret,
        "published association",
        name="Julkinen Lintuyhdistys ry",
        registry_number="654.321",
        business_id="7654321-2",
        website="https://tiklinpesa.example/",
        email="julkinen@lintuyhdistys.example",
        phone="+358409871234",
        description="Peippokuvaus lintujen ruokinnasta.",
        contact_name="Sirittaja Sieppo",
        contact_role="Rastasvastaava",
        contact_phone="+358501112299",
        contact_email="sirittaja@lintuyhdistys.example",
        published_fields=["email", "phone", "registry_number"],
        fields=["village"],
    )
    secret(f"{ASSOCIATION_SECRET}unpublished contact phone, as shown", "050 111 2299")
    for what, word, number, extra in (
        ("unconfirmed for 19 months", "Kehraaja", 1, {"confirmed_at": _months_ago(19)}),
        ("off the directory", "Kaulushaikara", 2, {"is_listed": False}),
    ):
        _association(
            secret,
            what,
            name=secret(f"{ASSOCIATION_SECRET}name ({what})", f"{word}seura ry"),
            slug=f"piilotettu-{number}",
            email=f"{word.lower()}@piilo.example",
            phone=f"+35840777000{number}",
            description=f"{word}kuvaus pesista.",
            contact_name=f"{word} Yhteyshenkilo",
            published_fields=["email", "phone", "description"],
            fields=["culture"],
            **extra,
        )
        for name, value in (
            ("e-mail", f"{word.lower()}@piilo.example"),
            ("phone", f"+35840777000{number}"),
            ("phone, as shown", f"040 777 000{number}"),
            ("description", f"{word}kuvaus"),
            ("contact person", f"{word} Yhteyshenkilo"),
        ):
            secret(f"{ASSOCIATION_SECRET}{name} ({what})", value)


def _months_ago(months):
    from dateutil.relativedelta import relativedelta

    return timezone.now() - relativedelta(months=months)


@source
def every_association_route(privates):
    """Each association's page on every directory page, shown or not, and the directory's
    own search and the API's for every private value of the register."""
    from associations.models import Association
    from associations.pages import AssociationDirectoryPage

    words = {
        word
        for private in privates
        if private.what.startswith(ASSOCIATION_SECRET)
        for word in {private.value, max(private.value.split(), key=len)}
    }
    for page in AssociationDirectoryPage.objects.all():
        base = page.get_url()
        for slug in Association.objects.values_list("slug", flat=True):
            yield base + page.reverse_subpage("association", args=[slug])
        for word in sorted(words):
            yield base + "?" + urlencode({"haku": word})
    for word in sorted(words):
        yield "/api/associations/?" + urlencode({"q": word})


@planter
def forum_seats(home, secret):
    """The seat holders' addresses and phones, the names they did not agree to show, a
    nomination not yet approved, and the seats of an association off the directory."""
    from associations.models import Association
    from forums.models import ForumSeat, council_term

    index = factories.ForumIndexPageFactory(parent=home, slug="paikat")
    forum = factories.ForumPageFactory(parent=index, title="Paikkafoorumi")
    start, end = council_term()

    def association(name, **values):
        return Association.objects.create(
            site=home.get_site(),
            name=name,
            slug=name.lower(),
            confirmed_at=timezone.now(),
            **values,
        )

    phones = iter(range(1000, 2000, 7))

    def seat(record, bird, state="approved", **values):
        values = {
            "member_name": f"{bird} Julkinen",
            "member_name_public": True,
            "member_email": secret("a forum member's e-mail", f"{bird.lower()}@jasen.example"),
            "member_phone": secret("a forum member's phone", f"+35840987{next(phones)}"),
            "deputy_name": secret("a deputy's name without consent", f"{bird} Varajasen"),
            "deputy_email": secret("a deputy's e-mail", f"{bird.lower()}@varajasen.example"),
            "deputy_phone": secret("a deputy's phone", f"+35850987{next(phones)}"),
        } | values
        return ForumSeat.objects.create(
            forum=forum, association=record, state=state, term_start=start, term_end=end, **values
        )

    seat(association("Sirkkuseura"), "Sirkku")
    seat(
        association("Tikkaseura"),
        "Tikka",
        state="nominated",
        member_name=secret("a nominee not yet approved", "Tikka Ehdokas"),
    )
    seat(
        association("Kottaraisseura"),
        "Kottarainen",
        state="rejected",
        member_name=secret("a rejected nominee", "Kottarainen Hylatty"),
        rejection_reason=secret("why staff rejected a nomination", "Kottaraisperuste"),
    )
    hidden = association(secret("an association off the directory", "Kuovinseura"), is_listed=False)
    seat(hidden, "Kuovi", member_name=secret("a member of a hidden association", "Kuovi Piilo"))


@planter
def requested_representative(home, secret):
    """A representative nobody has confirmed writes under their own name only: "Name,
    Association" must not appear anywhere (associations.representatives.byline_association)."""
    from associations.representatives import byline_association

    person = factories.ParticipantFactory(display_name="Tiltaltti Tikli")
    association = factories.AssociationFactory(name="Peippolan Seura ry")
    factories.RepresentationFactory(user=person, association=association)
    secret("a requested representative as their association's", "Tiltaltti Tikli, Peippolan")
    wall = factories.IdeaWallPageFactory(parent=home, title="Edustajien seinä", slug="edustajat")
    factories.IdeaFactory(
        wall=wall,
        author=person,
        association_name=byline_association(person),
        title="Lintutorni rantaan",
    )


@pytest.mark.django_db
def test_no_private_value_reaches_another_municipality(client, privates):
    """A second municipality on the same install, asked at its own address for every
    address of the sources (the first municipality's pages and records are not its own)
    and the links found there, and for every API answer with ?municipality= naming the
    first: none of the first municipality's private values shows."""
    from core.models import SiteSettings

    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"code": "ensimmainen"}
    )
    home = factories.HomePageFactory(parent=Page.objects.get(depth=1), slug="toinen")
    other = Site.objects.create(
        hostname="toinen.localhost", port=80, root_page=home, site_name="Toinen kunta"
    )
    factories.IdeaWallPageFactory(parent=home, title="Toisen kunnan ideaseinä", slug="seina")
    start = [url for found in SOURCES for url in found(privates)]
    named = [
        url + ("&" if "?" in url else "?") + "municipality=ensimmainen"
        for url in start
        if url.startswith("/api/")
    ]
    answers = crawl(Client(HTTP_HOST=other.hostname), start + named, other.root_url)

    reached = {urlsplit(url).path for url, status, _text in answers if status == 200}
    assert {"/", "/seina/", "/api/idea-walls/", "/haku/"} <= reached
    cleaned = [(url, status, _without_echo(text, url)) for url, status, text in answers]
    leaks = [
        f"{private.what} ({private.value!r}) at {url} [{status}]"
        for url, status, text in cleaned
        for private in privates
        if ANONYMOUS not in private.seen_by and private.value in text
    ]
    assert not leaks, f"{len(leaks)} private values reached another municipality:\n" + "\n".join(
        sorted(set(leaks))[:60]
    )


def test_no_private_value_reaches_the_regional_overview(client, privates):
    """The region's own site counts every municipality's records: its overview page, the
    CSV of its table and its API answer show none of the private values (a never-published
    card for association cooperation is planted here too: the overview names the
    contact person of each municipality)."""
    from regions.models import RegionalOverviewPage
    from tests.regional import make_site

    secret_card = "Pikkutikka Puukiipija"
    factories.ContactCardFactory(live=False, responsibility="associations", name=secret_card)
    region, home = make_site(
        Page.objects.get(depth=1), "Seutu", "seutu", "seutu.localhost", regional=True
    )
    overview = home.add_child(instance=RegionalOverviewPage(title="Seudun luvut", slug="luvut"))
    start = [
        overview.relative_url(region),
        overview.relative_url(region) + "lataa/csv/",
        "/api/regions/overview/",
    ]
    answers = crawl(Client(HTTP_HOST=region.hostname), start, region.root_url)

    reached = {urlsplit(url).path for url, status, _text in answers if status == 200}
    assert set(start) <= reached, reached
    values = [private.value for private in privates if ANONYMOUS not in private.seen_by]
    leaks = [
        f"{value!r} at {url} [{status}]"
        for url, status, text in answers
        for value in [*values, secret_card]
        if value in text
    ]
    assert not leaks, "private values reached the regional overview:\n" + "\n".join(leaks)
