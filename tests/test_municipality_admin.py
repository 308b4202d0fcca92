"""Staff of one municipality see and change only their own municipality in the admin.

Two municipalities, Korppila (the default Site) and Haukkala, each with records of every
kind the admin lists. Every value that names one of Korppila's records has "Korppi" in
it, every one of Haukkala's "Haukka". Haukkala's editor and moderator walk every admin
address that takes no argument (so a listing, queue, chooser or export added later is
walked too), with and without a search for Korppila's word, and every export; none shows
anything of Korppila's. Then they try every kind of change to Korppila's records by URL:
refused, nothing changed. Haukkala's own records do show, and a region-wide moderator
sees both municipalities.
"""

import datetime
import io
import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Collection, Page, Site

from accounts.models import User
from associations.models import AssociationReport, Representation
from associations.removal_models import RemovalRequest
from contacts.models import ContactCard, Responsibility
from core import moderation
from core.models import ModerationState, ReportReason, SiteSettings, StaffRole
from core.municipalities import create_staff_groups, staff_records
from forums.models import ForumSeat, MeetingSeries, Registration
from guidelines import proposals
from guidelines.models import GuidelineComment, GuidelineProposal, section_fingerprint
from ideas.models import Idea, IdeaComment
from tests import factories

OURS, THEIRS = "Haukka", "Korppi"


def build_municipality(word, home, site):
    """A municipality's pages and a record of every kind, each naming `word`."""
    SiteSettings.for_site(site).save()
    collection = Collection.get_first_root_node().get_children().get(name=f"{word}la")
    card = factories.ContactCardFactory(
        site=site, name=f"{word} Yhteyshenkilö", responsibility=Responsibility.ASSOCIATIONS
    )
    index = factories.ForumIndexPageFactory(parent=home, title=f"{word}foorumit")
    forum = factories.ForumPageFactory(parent=index, title=f"{word}foorumi", coordinator=card)
    meeting = factories.ForumMeetingPageFactory(parent=forum, title=f"{word}kokous")
    series = factories.MeetingSeriesFactory(forum=forum, name=f"{word}sarja")
    wall = factories.IdeaWallPageFactory(parent=home, title=f"{word}seinä")
    guideline = factories.GuidelinePageFactory(parent=home, title=f"{word}ohje")
    section = factories.GuidelineSectionFactory(page=guideline, title=f"{word}osio")
    guideline.save_revision().publish()
    guideline.refresh_from_db()
    period = factories.CommentPeriodFactory(guideline=guideline)
    writer = factories.ParticipantFactory(display_name=f"{word} Kirjoittaja")

    idea = factories.IdeaFactory(
        wall=wall, author=writer, title=f"{word}idea odottaa", state=ModerationState.PENDING
    )
    reported = factories.IdeaFactory(wall=wall, author=writer, title=f"{word}idea ilmiannettu")
    moderation.report(reported, factories.ParticipantFactory(), ReportReason.SPAM)
    comment = IdeaComment.objects.create(
        idea=reported, author=writer, body=f"{word}kommentti", state=ModerationState.PENDING
    )
    guideline_comment = GuidelineComment.objects.create(
        period=period,
        section_key=section.key,
        revision_id=guideline.live_revision_id,
        section_fingerprint=section_fingerprint(section),
        author=writer,
        body=f"{word}ohjekommentti",
        state=ModerationState.PENDING,
    )
    proposal = GuidelineProposal.objects.create(
        period=period,
        section_key=section.key,
        base_revision_id=guideline.live_revision_id,
        base_title=section.title,
        base_text=proposals.section_as_text(section),
        text=f"{word}ehdotus uudeksi tekstiksi",
        rationale="Selkeämpi.",
        author=writer,
        state=ModerationState.PENDING,
    )
    association = factories.AssociationFactory(site=site, name=f"{word}seura ry")
    report = AssociationReport.objects.create(
        site=site,
        association=association,
        state="pending",
        data={"name": f"{word}seura ry", "description": f"{word}kuvaus"},
        submitter_name=f"{word} Ilmoittaja",
        submitter_email=f"ilmoittaja@{word.lower()}.example",
    )
    removal = RemovalRequest.objects.create(
        site=site,
        association=association,
        association_name=f"{word}kuoro ry",
        requester_name=f"{word} Poistaja",
        requester_email=f"poistaja@{word.lower()}.example",
        message=f"{word}viesti",
        state="pending",
    )
    representation = factories.RepresentationFactory(
        association=association,
        user=factories.ParticipantFactory(display_name=f"{word} Edustaja"),
    )
    registration = Registration.objects.create(
        meeting=meeting,
        name=f"{word} Osallistuja",
        email=f"osallistuja@{word.lower()}.example",
        state="confirmed",
    )
    start = datetime.date(timezone.localdate().year, 1, 1)
    seat = ForumSeat.objects.create(
        forum=forum,
        association=association,
        state="nominated",
        term_start=start,
        term_end=start.replace(year=start.year + 1, day=31, month=12),
        member_name=f"{word} Jäsen",
        member_email=f"jasen@{word.lower()}.example",
        deputy_name=f"{word} Varajäsen",
        deputy_email=f"varajasen@{word.lower()}.example",
    )
    image = factories.PhotoFactory(title=f"{word}kuva", collection=collection)
    document = factories.DocumentFactory(title=f"{word}liite", collection=collection)
    return {
        "site": site,
        "home": home,
        "card": card,
        "forum": forum,
        "meeting": meeting,
        "series": series,
        "wall": wall,
        "guideline": guideline,
        "period": period,
        "idea": idea,
        "reported": reported,
        "comment": comment,
        "guideline_comment": guideline_comment,
        "proposal": proposal,
        "association": association,
        "report": report,
        "removal": removal,
        "representation": representation,
        "registration": registration,
        "seat": seat,
        "image": image,
        "document": document,
    }


@pytest.fixture
def region(home_page):
    home_page.title = f"{THEIRS}lan etusivu"
    home_page.save()
    theirs_site = Site.objects.get(is_default_site=True)
    theirs_site.site_name = f"{THEIRS}la"
    theirs_site.save()
    our_home = factories.HomePageFactory(
        parent=Page.objects.get(depth=1), slug="haukkala", title=f"{OURS}lan etusivu"
    )
    our_site = Site.objects.create(
        hostname="haukkala.example", port=80, root_page=our_home, site_name=f"{OURS}la"
    )
    groups = {
        word: create_staff_groups(site, f"{word}la")
        for word, site in ((THEIRS, theirs_site), (OURS, our_site))
    }
    return {
        THEIRS: build_municipality(THEIRS, home_page, theirs_site),
        OURS: build_municipality(OURS, our_home, our_site),
        "groups": groups,
    }


def staff(email, *groups):
    user = User.objects.create_user(email=email, password="salasana-123", is_staff=True)
    user.groups.add(*groups)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(params=["editor", "moderator", "editor and moderator"])
def our_staff(request, region):
    ours = region["groups"][OURS]
    groups = {
        "editor": [ours[StaffRole.EDITORS]],
        "moderator": [ours[StaffRole.MODERATORS]],
        "editor and moderator": [ours[StaffRole.EDITORS], ours[StaffRole.MODERATORS]],
    }[request.param]
    return staff(f"{request.param.replace(' ', '-')}@haukkala.example", *groups)


# --- Every admin address that takes no argument ----------------------------------------

# Addresses that do something on GET: sign out, and the page that fails on purpose to
# test error reporting (config.urls).
SKIPPED = {"admin/logout/", "admin/failwhale/"}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern.pattern, RegexPattern):
            if pattern.pattern.regex.groups:
                continue
            route = pattern.pattern.regex.pattern.lstrip("^").rstrip("$").replace("\\", "")
            if re.search(r"[()\[\]*+?{}|]", route):
                continue
        else:
            route = str(pattern.pattern)
            if "<" in route:
                continue
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield prefix + route


def admin_addresses():
    routes = sorted(
        {route for route in _routes(get_resolver().url_patterns) if route.startswith("admin/")}
    )
    return [f"/{route}" for route in routes if route not in SKIPPED]


def text_of(response):
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats-officedocument"):
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        return " ".join(
            str(cell)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def walk(client, region):
    """Every admin address (with a search for the other's word too) and every export, as
    {address: text}."""
    theirs, ours = region[THEIRS], region[OURS]
    seen = {}
    addresses = admin_addresses()
    assert len(addresses) > 60, "the walk found the admin's addresses"
    exports = [
        "/admin/associations/register/?export=csv",
        "/admin/associations/register/?export=xlsx",
        "/admin/forums/registrations/?export=csv",
        "/admin/forums/registrations/?export=xlsx",
        "/admin/forums/seats/?export=csv",
        "/admin/forums/seats/?export=xlsx",
        f"{reverse('ideas_moderation_export')}?wall={ours['wall'].pk}&file_format=csv",
        f"{reverse('ideas_moderation_export')}?wall={ours['wall'].pk}&file_format=xlsx"
        "&include_all=on",
        f"{reverse('ideas_moderation_export')}?wall={theirs['wall'].pk}&file_format=csv",
        reverse("guidelines_period_export", args=[ours["period"].pk, "csv"]),
        reverse("guidelines_period_export", args=[ours["period"].pk, "xlsx"]),
        f"{reverse('forums_registrations_modeladmin_index')}?meeting={theirs['meeting'].pk}",
        f"/admin/forums/seats/?forum={theirs['forum'].pk}",
        f"/admin/pages/{ours['home'].pk}/",
        "/admin/pages/search/?q=etusivu",
        "/admin/choose-page/search/?q=etusivu",
        f"/admin/choose-page/{Page.objects.get(depth=1).pk}/",
    ]
    # The search is for the start of the word: the page repeats what was searched for.
    searched = [f"{a}?q={THEIRS[:-1]}" for a in addresses]
    for address in [*addresses, *searched, *exports]:
        response = client.get(address)
        assert response.status_code < 500, address
        if response.status_code == 200:
            seen[address] = text_of(response)
    return seen


def leaks(seen, word):
    # A municipality's name is public (the name of its website), and Wagtail's page
    # explorer offers a filter by every Site: the name alone is not a leak; its records are.
    public_name = f"{word}la"
    return {
        address: word
        for address, text in seen.items()
        if word.lower() in text.replace(public_name, "").lower()
    }


@pytest.mark.django_db
def test_a_municipalitys_staff_see_nothing_of_another_municipality(our_staff, region):
    seen = walk(our_staff, region)

    assert " ".join(sorted(leaks(seen, THEIRS))) == ""
    everything = " ".join(seen.values())
    # Not an empty admin: their own records are there, in the listings they work in.
    mine = [
        f"{OURS}kommentti",
        f"{OURS}ohjekommentti",
        f"{OURS}idea odottaa",
        f"{OURS} Yhteyshenkilö",
        f"{OURS}sarja",
        f"{OURS}seura ry",
        f"{OURS} Osallistuja",
        f"{OURS} Jäsen",
        f"{OURS}kuva",
        f"{OURS}liite",
        f"{OURS}lan etusivu",
    ]
    missing = [value for value in mine if value not in everything]
    assert missing == [] or set(missing) <= OWN_BY_ROLE_ONLY, missing


# Who sees what within their own municipality is the groups' own permissions (an editor
# does not moderate, a moderator does not edit cards): the walk above runs for both.
OWN_BY_ROLE_ONLY = {
    f"{OURS}kommentti",
    f"{OURS}ohjekommentti",
    f"{OURS}idea odottaa",
    f"{OURS} Yhteyshenkilö",
    f"{OURS}sarja",
    f"{OURS}seura ry",
    f"{OURS} Osallistuja",
    f"{OURS} Jäsen",
    f"{OURS}kuva",
    f"{OURS}liite",
}


@pytest.mark.django_db
def test_the_editor_and_moderator_of_a_municipality_see_all_of_their_own(region):
    ours = region["groups"][OURS]
    client = staff("kaikki@haukkala.example", ours[StaffRole.EDITORS], ours[StaffRole.MODERATORS])

    everything = " ".join(walk(client, region).values())

    for value in OWN_BY_ROLE_ONLY | {f"{OURS}lan etusivu"}:
        assert value in everything, value


@pytest.mark.django_db
def test_a_region_wide_moderator_sees_both_municipalities(region):
    client = staff("seutu@seutu.example", Group.objects.get(name="Moderaattorit"))

    for address in [
        reverse("ideas_moderation_waiting-ideas_modeladmin_index"),
        reverse("core_moderation_waiting_comments"),
        reverse("guidelines_proposals"),
    ]:
        text = text_of(client.get(address))
        assert THEIRS in text, address
        assert OURS in text, address


# --- Changing another municipality's records by URL -------------------------------------


def attempts(theirs):
    """(method, address, data) of every change a member of staff could try by URL."""
    idea, comment = theirs["idea"], theirs["comment"]
    guideline_comment, proposal = theirs["guideline_comment"], theirs["proposal"]
    card, series, period = theirs["card"], theirs["series"], theirs["period"]
    association = theirs["association"]
    hide = {"reason": "Ei asiaa"}
    return [
        ("post", reverse("ideas_moderation_idea_action", args=[idea.pk, "approve"]), {}),
        ("post", reverse("ideas_moderation_idea_action", args=[idea.pk, "hide"]), hide),
        ("post", reverse("ideas_moderation_idea_action", args=[idea.pk, "status"]), {}),
        ("get", reverse("ideas_moderation_idea", args=[idea.pk]), {}),
        ("post", reverse("ideas_moderation_comment_action", args=[comment.pk, "approve"]), {}),
        ("post", reverse("ideas_moderation_comment_action", args=[comment.pk, "hide"]), hide),
        (
            "post",
            reverse("core_moderation_bulk", args=["idea"]),
            {"items": [idea.pk], "action": "approve"},
        ),
        (
            "post",
            reverse("core_moderation_comments_bulk"),
            {"items": [f"ideas-{comment.pk}"], "action": "approve"},
        ),
        (
            "post",
            reverse("guidelines_moderation_comment_action", args=[guideline_comment.pk, "approve"]),
            {},
        ),
        (
            "post",
            reverse("guidelines_moderation_proposal_action", args=[proposal.pk, "approve"]),
            {},
        ),
        (
            "post",
            reverse("guidelines_proposal_action", args=[proposal.pk, "decline"]),
            {"reason": "Ei"},
        ),
        ("get", reverse("guidelines_proposal", args=[proposal.pk]), {}),
        ("get", reverse("guidelines_period_export", args=[period.pk, "csv"]), {}),
        ("get", f"/admin/associations/register/edit/{association.pk}/", {}),
        (
            "post",
            f"/admin/associations/register/edit/{association.pk}/",
            {"name": "Muutettu ry"},
        ),
        ("get", f"/admin/associations/register/history/{association.pk}/", {}),
        ("get", reverse("associations_report_review", args=[theirs["report"].pk]), {}),
        (
            "post",
            reverse("associations_report_review", args=[theirs["report"].pk]),
            {"accept": "1"},
        ),
        (
            "post",
            reverse("associations_removal_request_handle", args=[theirs["removal"].pk]),
            {},
        ),
        (
            "post",
            reverse("associations_representation_decide", args=[theirs["representation"].pk]),
            {"action": "approve"},
        ),
        (
            "post",
            reverse("forums_registration_attendance", args=[theirs["registration"].pk]),
            {"attended": [theirs["registration"].pk]},
        ),
        ("get", reverse("forums_registrations_attendance", args=[theirs["meeting"].pk]), {}),
        (
            "post",
            reverse("forums_registrations_message", args=[theirs["meeting"].pk]),
            {"message_subject": "Hei", "text": "Viesti"},
        ),
        ("post", reverse("forums_seat_approve", args=[theirs["seat"].pk]), {}),
        ("get", reverse("forums_seat_decide", args=[theirs["seat"].pk]), {}),
        ("get", reverse("wagtailsnippets_contacts_contactcard:edit", args=[card.pk]), {}),
        (
            "post",
            reverse("wagtailsnippets_contacts_contactcard:edit", args=[card.pk]),
            {"name": "Muutettu"},
        ),
        ("post", reverse("wagtailsnippets_contacts_contactcard:delete", args=[card.pk]), {}),
        ("get", reverse("wagtailsnippets_contacts_contactcard:history", args=[card.pk]), {}),
        ("get", reverse("wagtailsnippets_contacts_contactcard:usage", args=[card.pk]), {}),
        (
            "get",
            reverse("wagtailsnippetchoosers_contacts_contactcard:chosen", args=[card.pk]),
            {},
        ),
        (
            "post",
            f"/admin/bulk/contacts/contactcard/delete/?id={card.pk}",
            {},
        ),
        ("post", reverse("wagtailsnippets_forums_meetingseries:delete", args=[series.pk]), {}),
        ("post", reverse("forums_series_generate", args=[series.pk]), {}),
        ("get", reverse("wagtailsnippets_guidelines_commentperiod:edit", args=[period.pk]), {}),
        (
            "post",
            reverse("wagtailsnippets_guidelines_commentperiod:delete", args=[period.pk]),
            {},
        ),
        ("get", reverse("wagtailadmin_pages:edit", args=[theirs["guideline"].pk]), {}),
        ("post", reverse("wagtailadmin_pages:delete", args=[theirs["wall"].pk]), {}),
        ("post", reverse("wagtailimages:delete", args=[theirs["image"].pk]), {}),
        ("get", reverse("wagtailimages:edit", args=[theirs["image"].pk]), {}),
        ("post", reverse("wagtaildocs:delete", args=[theirs["document"].pk]), {}),
        ("get", reverse("wagtaildocs:edit", args=[theirs["document"].pk]), {}),
        (
            "get",
            reverse("wagtailsettings:edit", args=["core", "sitesettings", theirs["site"].pk]),
            {},
        ),
        (
            "post",
            reverse("wagtailsettings:edit", args=["core", "sitesettings", theirs["site"].pk]),
            {"organisation_name": "Muutettu"},
        ),
    ]


def refused(response):
    """Not found, forbidden, Wagtail's "no permission" (back to the dashboard), or a bulk
    form that finds none of the ticked items among those the member of staff may decide."""
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        return response.url == reverse("wagtailadmin_home")
    form = (response.context or {}).get("form")
    return response.status_code == 200 and form is not None and "items" in form.errors


def state_of(theirs):
    """What the attempts could change, read afresh from the database."""
    return {
        "idea": Idea.objects.filter(pk=theirs["idea"].pk).values("state", "status").first(),
        "comment": IdeaComment.objects.filter(pk=theirs["comment"].pk).values("state").first(),
        "guideline_comment": GuidelineComment.objects.filter(pk=theirs["guideline_comment"].pk)
        .values("state")
        .first(),
        "proposal": GuidelineProposal.objects.filter(pk=theirs["proposal"].pk)
        .values("state", "outcome")
        .first(),
        "association": theirs["association"]
        .__class__.objects.filter(pk=theirs["association"].pk)
        .values("name")
        .first(),
        "report": AssociationReport.objects.filter(pk=theirs["report"].pk).values("state").first(),
        "removal": RemovalRequest.objects.filter(pk=theirs["removal"].pk).values("state").first(),
        "representation": Representation.objects.filter(pk=theirs["representation"].pk)
        .values("state")
        .first(),
        "registration": Registration.objects.filter(pk=theirs["registration"].pk)
        .values("attended")
        .first(),
        "seat": ForumSeat.objects.filter(pk=theirs["seat"].pk).values("state").first(),
        "card": ContactCard.objects.filter(pk=theirs["card"].pk).values("name").first(),
        "series": MeetingSeries.objects.filter(pk=theirs["series"].pk).exists(),
        "meetings": theirs["forum"].get_children().count(),
        "period": theirs["period"].__class__.objects.filter(pk=theirs["period"].pk).exists(),
        "wall": Page.objects.filter(pk=theirs["wall"].pk).exists(),
        "image": theirs["image"].__class__.objects.filter(pk=theirs["image"].pk).exists(),
        "document": theirs["document"].__class__.objects.filter(pk=theirs["document"].pk).exists(),
        "settings": SiteSettings.for_site(theirs["site"]).organisation_name,
    }


@pytest.mark.django_db
def test_another_municipalitys_records_cannot_be_changed_by_url(our_staff, region):
    theirs = region[THEIRS]
    before = state_of(theirs)

    for method, address, data in attempts(theirs):
        response = getattr(our_staff, method)(address, data)
        assert refused(response), (method, address, response.status_code)

    assert state_of(theirs) == before


@pytest.mark.django_db
def test_the_same_addresses_work_for_the_municipalitys_own_records(region):
    """The refusals above are the municipality's rule, not a broken address: the
    region-wide superuser reaches every one of them."""
    admin = User.objects.create_superuser(email="paakayttaja@seutu.example", password="x-1")
    client = Client()
    client.force_login(admin)
    gets = [(m, a) for m, a, _d in attempts(region[THEIRS]) if m == "get"]

    for _method, address in gets:
        assert client.get(address).status_code == 200, address


@pytest.mark.django_db
def test_every_kind_the_admin_lists_knows_its_municipality(region):
    """staff_records raises for a kind with no registered scope: every listed kind has one."""
    user = User.objects.create_user(email="x@haukkala.example", password="x-1", is_staff=True)
    user.groups.add(region["groups"][OURS][StaffRole.MODERATORS])
    for model in [
        Idea,
        IdeaComment,
        GuidelineComment,
        GuidelineProposal,
        AssociationReport,
        RemovalRequest,
        Representation,
        Registration,
        ForumSeat,
        ContactCard,
        MeetingSeries,
        region[THEIRS]["period"].__class__,
        region[THEIRS]["association"].__class__,
    ]:
        names = {str(record) for record in staff_records(model.objects.all(), user)}
        assert not any(THEIRS in name for name in names), model.__name__
