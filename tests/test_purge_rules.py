"""Every change that alters what a page shows purges exactly the pages, feeds and API
answers that show it (core.purge's rules, registered by each app), and nothing else."""

import json

import pytest
from django.utils import translation

from accounts.personal_data import erase_user
from associations.models import ChangeSource
from associations.register import change_association
from core import moderation
from core.models import ModerationRule, ModerationState, ReportReason
from forums import seats
from forums.models import ForumSeat, council_term
from guidelines.models import GuidelineComment, GuidelinePage, GuidelineProposal
from ideas.models import IdeaStatus
from ideas.services import mark_duplicate, refresh_comment_count, set_status
from tests import factories
from tests.page_cache_helpers import anonymous, fresh, signed_in, warm

pytestmark = pytest.mark.django_db


def hit(client, url):
    return client.get(url)["X-Page-Cache"] == "hit"


def fresh_json(client, url, text):
    """An API answer rendered afresh whose values include `text` (JSON escapes non-ASCII)."""
    response = client.get(url)
    values = json.dumps(json.loads(response.content), ensure_ascii=False)
    return response.get("X-Page-Cache") == "miss" and text in values


# --- Idea walls: ideas, votes, comments, moderation ---


@pytest.fixture
def wall(home_page):
    return factories.IdeaWallPageFactory(parent=home_page, title="Ideaseinä", slug="ideaseina")


@pytest.fixture
def elsewhere(home_page):
    """A page that shows nothing of the wall: it stays cached through the wall's changes."""
    return factories.StandardPageFactory(parent=home_page, title="Tietoa", slug="tietoa")


@pytest.fixture
def idea(wall):
    return factories.IdeaFactory(wall=wall, title="Yhteinen kalenteri")


def idea_url(idea):
    return idea.wall.url + idea.wall.reverse_subpage("idea", args=[idea.pk])


def test_a_new_idea_purges_the_wall_its_feed_the_home_page_and_the_api(
    page_cache, wall, idea, elsewhere, committed
):
    client = anonymous()
    wall_views = [wall.url, wall.url + "?jarjestys=aanet", "/sv" + wall.url]
    feed = wall.url + "syote/"
    api = f"/api/idea-walls/{wall.pk}/ideas/"
    warm(client, *wall_views, feed, "/", api, "/haku/?q=kalenteri", idea_url(idea), elsewhere.url)

    with committed():
        response = signed_in(factories.ParticipantFactory()).post(
            wall.url + "uusi/", {"title": "Lainattavat teltat", "body": "Teltat yhteiskäyttöön."}
        )
    assert response.status_code == 302

    for url in [*wall_views, feed, "/"]:
        assert fresh(client, url, "Lainattavat teltat"), url
    assert fresh_json(client, api, "Lainattavat teltat")
    assert client.get("/haku/?q=kalenteri")["X-Page-Cache"] == "miss"
    # The other idea's page and a page that shows no ideas are as they were.
    assert hit(client, idea_url(idea))
    assert hit(client, elsewhere.url)


def test_a_vote_purges_the_count_on_the_wall_the_idea_and_the_api_not_the_home_page(
    page_cache, wall, idea, committed
):
    client = anonymous()
    api_idea = f"/api/ideas/{idea.pk}/"
    api_list = f"/api/idea-walls/{wall.pk}/ideas/"
    warm(client, wall.url, idea_url(idea), api_idea, api_list, "/")

    with committed():
        signed_in(factories.ParticipantFactory()).post(idea_url(idea) + "aani/", {"vote": "add"})

    assert fresh(client, wall.url, "1 ääni")
    assert fresh(client, idea_url(idea), "1 ääni")
    assert json.loads(client.get(api_idea).content)["vote_count"] == 1
    assert json.loads(client.get(api_list).content)["items"][0]["vote_count"] == 1
    # The home page lists the newest ideas by title only.
    assert hit(client, "/")


def test_a_comment_purges_the_idea_page_the_walls_count_and_the_api(
    page_cache, wall, idea, committed
):
    other = factories.IdeaFactory(wall=wall, title="Toinen idea")
    client = anonymous()
    comments = f"/api/ideas/{idea.pk}/comments/"
    warm(client, wall.url, idea_url(idea), comments, idea_url(other), "/")

    with committed():
        signed_in(factories.ParticipantFactory()).post(
            idea_url(idea) + "kommentti/", {"body": "Hyvä ajatus, mukana!"}
        )

    assert fresh(client, idea_url(idea), "Hyvä ajatus, mukana!")
    assert fresh(client, wall.url, "1 kommentti")
    assert fresh_json(client, comments, "Hyvä ajatus, mukana!")
    assert hit(client, idea_url(other))
    assert hit(client, "/")


def test_approving_an_idea_shows_it_on_the_wall_and_the_home_page_at_once(
    page_cache, wall, elsewhere, committed
):
    wall.moderation_rule = ModerationRule.BEFORE
    wall.save_revision().publish()
    waiting = factories.IdeaFactory(wall=wall, title="Odottava idea", state=ModerationState.PENDING)
    client = anonymous()
    warm(client, wall.url, "/", elsewhere.url)

    with committed():
        moderation.approve(waiting, factories.ParticipantFactory())

    assert fresh(client, wall.url, "Odottava idea")
    assert fresh(client, "/", "Odottava idea")
    assert hit(client, elsewhere.url)


def test_an_idea_held_by_reports_leaves_the_wall_and_the_home_page_at_once(
    page_cache, settings, wall, idea, elsewhere, committed
):
    client = anonymous()
    warm(client, wall.url, "/", idea_url(idea), elsewhere.url)

    with committed():
        for _number in range(settings.YHDESSA_REPORTS_TO_HOLD):
            moderation.report(idea, factories.ParticipantFactory(), ReportReason.SPAM)

    for url in (wall.url, "/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Yhteinen kalenteri" not in response.content.decode(), url
    assert client.get(idea_url(idea)).status_code == 404
    assert hit(client, elsewhere.url)


def test_a_hidden_comment_leaves_the_idea_page_and_the_walls_count(
    page_cache, wall, idea, committed
):
    comment = idea.comments.create(body="Poistettava kommentti", state=ModerationState.PUBLISHED)
    refresh_comment_count(idea)
    client = anonymous()
    warm(client, idea_url(idea), wall.url)

    with committed():
        moderation.hide(comment, factories.ParticipantFactory(), "Asiaton.")

    assert "Poistettava kommentti" not in client.get(idea_url(idea)).content.decode()
    assert fresh(client, wall.url, "0 kommenttia")


# --- Forums: seats left at a meeting, forum seats, meeting series ---


@pytest.fixture
def meeting(forum):
    return factories.ForumMeetingPageFactory(
        parent=forum, title="Seurafoorumi maaliskuussa", registration_open=True, seats=2
    )


def test_a_registration_purges_the_meetings_seats_left_on_its_page_and_the_api(
    page_cache, home_page, forum, meeting, committed
):
    client = anonymous()
    api_meeting = f"/api/meetings/{meeting.pk}/"
    warm(client, meeting.url, "/sv" + meeting.url, api_meeting, "/api/meetings/", forum.url, "/")
    assert "2 paikkaa jäljellä" in client.get(meeting.url).content.decode()

    with committed():
        response = anonymous().post(
            meeting.url + "ilmoittaudu/",
            {"name": "Henkilö Yksi", "email": "yksi@latu.example", "companions": "0"},
        )
    assert response.status_code == 302

    assert fresh(client, meeting.url, "1 paikka jäljellä")
    assert client.get("/sv" + meeting.url)["X-Page-Cache"] == "miss"
    api = json.loads(client.get(api_meeting).content)
    assert api["registration"]["seats_left"] == 1
    listed = json.loads(client.get("/api/meetings/").content)["items"]
    assert [item["registration"]["seats_left"] for item in listed] == [1]
    # The forum's and the home page's lists of meetings show no seat counts.
    assert hit(client, forum.url)
    assert hit(client, "/")


@pytest.fixture
def directory(home_page):
    return factories.AssociationDirectoryPageFactory(parent=home_page)


@pytest.fixture
def latu(directory):
    return factories.AssociationFactory(name="Järvelän Latu ry", slug="jarvelan-latu")


def association_url(directory, association):
    return directory.url + directory.reverse_subpage("association", args=[association.slug])


def test_approving_a_forum_seat_purges_the_member_list_and_the_associations_page(
    page_cache, forum, latu, directory, meeting, coordinator, committed
):
    start, end = council_term()
    seat = ForumSeat.objects.create(
        forum=forum,
        association=latu,
        member_name="Maija Jäsen",
        member_email="maija@latu.example",
        term_start=start,
        term_end=end,
    )
    client = anonymous()
    own_page = association_url(directory, latu)
    roster = f"/api/forums/{forum.pk}/seats/"
    its_forums = f"/api/associations/{latu.pk}/forums"
    warm(client, forum.url, roster, own_page, its_forums, meeting.url, directory.url)

    with committed():
        seats.approve_seat(seat, coordinator)

    assert fresh(client, forum.url, "Järvelän Latu ry")
    assert fresh_json(client, roster, "Järvelän Latu ry")
    assert fresh(client, own_page, forum.title)
    assert fresh_json(client, its_forums, forum.title)
    # The meeting's page and the directory's list show no seats.
    assert hit(client, meeting.url)
    assert hit(client, directory.url)


def test_a_change_to_an_association_purges_the_directory_its_page_its_forums_and_the_api(
    page_cache, forum, latu, directory, meeting, coordinator, committed
):
    start, end = council_term()
    ForumSeat.objects.create(
        forum=forum,
        association=latu,
        member_name="Maija Jäsen",
        member_email="maija@latu.example",
        term_start=start,
        term_end=end,
        state="approved",
    )
    client = anonymous()
    old_page = association_url(directory, latu)
    listing = [directory.url, directory.url + "?kirjain=J", "/api/associations/"]
    warm(client, *listing, old_page, f"/api/associations/{latu.pk}/", forum.url, meeting.url)

    values = latu.record_values() | {"name": "Järvelän Latu ja Hiihto ry"}
    with committed():
        change_association(latu, values, by=coordinator, source=ChangeSource.STAFF)

    latu.refresh_from_db()
    for url in [directory.url, directory.url + "?kirjain=J", association_url(directory, latu)]:
        assert fresh(client, url, "Järvelän Latu ja Hiihto ry"), url
    for url in ["/api/associations/", f"/api/associations/{latu.pk}/"]:
        assert fresh_json(client, url, "Järvelän Latu ja Hiihto ry"), url
    assert fresh(client, forum.url, "Järvelän Latu ja Hiihto ry")
    # Its old address is gone with the old name.
    assert client.get(old_page).status_code == 404
    assert hit(client, meeting.url)


def test_a_change_to_a_meeting_series_purges_its_meetings_where_they_are_listed(
    page_cache, home_page, forum, elsewhere, committed
):
    series = factories.MeetingSeriesFactory(forum=forum)
    meeting = factories.ForumMeetingPageFactory(parent=forum, series=series)
    client = anonymous()
    warm(client, meeting.url, forum.url, "/", elsewhere.url)

    series.interval_weeks = 1
    with committed():
        series.save()

    with translation.override("fi"):
        rule = series.describe()
    for url in (meeting.url, forum.url, "/"):
        assert fresh(client, url, rule), url
    assert hit(client, elsewhere.url)


# --- Contact cards ---


def test_publishing_a_contact_card_purges_every_page_of_the_site(
    page_cache, home_page, forum, elsewhere, committed
):
    card = forum.coordinator
    client = anonymous()
    urls = ["/", forum.url, "/api/contact-cards/", f"/api/forums/{forum.pk}/", elsewhere.url]
    warm(client, *urls)

    card.title = "Kulttuurijohtaja"
    with committed():
        card.save_revision().publish()

    for url in ["/", forum.url]:
        assert fresh(client, url, "Kulttuurijohtaja"), url
    for url in ["/api/contact-cards/", f"/api/forums/{forum.pk}/"]:
        assert fresh_json(client, url, "Kulttuurijohtaja"), url
    # A card can be placed in any page's body, so every page is rendered afresh.
    assert client.get(elsewhere.url)["X-Page-Cache"] == "miss"


# --- The cooperation guideline: comments, support for suggested edits, versions ---


@pytest.fixture
def guideline(home_page):
    page = factories.GuidelinePageFactory(parent=home_page, slug="ohje")
    factories.GuidelineSectionFactory(
        page=page, title="Tilat", anchor="tilat", body="<p>Tilat ovat maksuttomia.</p>"
    )
    page.save_revision().publish()
    return GuidelinePage.objects.get(pk=page.pk)


@pytest.fixture
def period(guideline):
    return factories.CommentPeriodFactory(guideline=guideline, moderation=ModerationRule.AFTER)


def test_a_comment_on_the_guideline_purges_its_page_and_the_api(
    page_cache, guideline, period, elsewhere, committed
):
    client = anonymous()
    api = [f"/api/guidelines/{guideline.pk}/comments/", f"/api/guidelines/{guideline.pk}/sections/"]
    versions = guideline.url + "versiot/"
    warm(client, guideline.url, "/sv" + guideline.url, *api, versions, elsewhere.url)

    with committed():
        signed_in(factories.ParticipantFactory()).post(
            guideline.url + "kommentti/",
            {"section": str(guideline.sections.get().key), "body": "Iltavuoroja tarvitaan."},
        )

    assert fresh(client, guideline.url, "Iltavuoroja tarvitaan.")
    assert client.get("/sv" + guideline.url)["X-Page-Cache"] == "miss"
    assert fresh_json(client, api[0], "Iltavuoroja tarvitaan.")
    assert json.loads(client.get(api[1]).content)[0]["comment_count"] == 1
    assert hit(client, versions)
    assert hit(client, elsewhere.url)


def test_support_for_a_suggested_edit_purges_its_page_and_count(
    page_cache, guideline, period, elsewhere, committed
):
    target = guideline.sections.get()
    proposal = GuidelineProposal.objects.create(
        period=period,
        section_key=target.key,
        base_revision_id=guideline.live_revision_id,
        base_title=target.title,
        base_text="Tilat ovat maksuttomia.",
        text="Tilat ovat maksuttomia myös iltaisin.",
        rationale="Selkeämpi.",
        author=factories.ParticipantFactory(),
        state=ModerationState.PUBLISHED,
    )
    own_page = guideline.url + f"ehdotukset/{proposal.pk}/"
    api = f"/api/guidelines/proposals/{proposal.pk}/"
    client = anonymous()
    warm(client, own_page, api, elsewhere.url)

    with committed():
        signed_in(factories.ParticipantFactory()).post(own_page + "tuki/", {"support": "add"})

    assert fresh(client, own_page, "1 henkilö kannattaa tätä")
    assert json.loads(client.get(api).content)["support_count"] == 1
    assert hit(client, elsewhere.url)


def test_a_new_version_of_the_guideline_purges_its_version_history(
    page_cache, guideline, elsewhere, committed
):
    client = anonymous()
    history = guideline.url + "versiot/"
    warm(client, history, f"/api/guidelines/{guideline.pk}/versions/", elsewhere.url)

    guideline.version_label = "Hyväksytty 2027"
    with committed():
        guideline.save_revision().publish()

    assert fresh(client, history, "Hyväksytty 2027")
    assert fresh_json(client, f"/api/guidelines/{guideline.pk}/versions/", "Hyväksytty 2027")
    assert hit(client, elsewhere.url)


# --- A person's erasure: their name leaves the texts they keep ---


def test_erasing_a_person_takes_their_name_off_the_pages_of_their_texts_at_once(
    page_cache, wall, guideline, period, committed
):
    aino = factories.ParticipantFactory(display_name="Aino Esimerkki")
    idea = factories.IdeaFactory(wall=wall, author=aino, title="Ainon idea")
    idea.comments.create(author=aino, body="Ainon kommentti", state=ModerationState.PUBLISHED)
    GuidelineComment.objects.create(
        period=period,
        section_key=guideline.sections.get().key,
        author=aino,
        body="Ainon huomio",
        state=ModerationState.PUBLISHED,
    )
    client = anonymous()
    pages = [wall.url, idea_url(idea), wall.url + "syote/", guideline.url]
    warm(client, *pages)
    assert "Aino Esimerkki" in client.get(idea_url(idea)).content.decode()

    with committed():
        erase_user(aino, remove_content=False)

    for url in pages:
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Aino Esimerkki" not in response.content.decode(), url


def test_the_citys_answer_and_status_purge_the_idea_its_card_and_the_feed(
    page_cache, wall, idea, committed
):
    client = anonymous()
    feed = wall.url + "syote/"
    warm(client, idea_url(idea), wall.url, feed, f"/api/ideas/{idea.pk}/")

    with committed():
        set_status(
            idea, factories.ParticipantFactory(), IdeaStatus.PLANNED, "Toteutetaan keväällä."
        )

    assert fresh(client, idea_url(idea), "Toteutetaan keväällä.")
    assert fresh(client, wall.url, "Suunnitteilla")
    assert fresh(client, feed, "Suunnitteilla")
    assert fresh_json(client, f"/api/ideas/{idea.pk}/", "Toteutetaan keväällä.")


def test_marking_a_duplicate_moves_its_votes_on_both_ideas_pages_at_once(
    page_cache, wall, idea, committed
):
    copy = factories.IdeaFactory(wall=wall, title="Sama kalenteri-idea", vote_count=1)
    copy.votes.create(voter=factories.ParticipantFactory())
    client = anonymous()
    warm(client, idea_url(idea), idea_url(copy), wall.url)

    with committed():
        mark_duplicate(copy, idea, factories.ParticipantFactory())

    assert fresh(client, idea_url(idea), "1 ääni")
    assert fresh(client, idea_url(copy), "Yhteinen kalenteri")
    assert fresh(client, wall.url, "1 ääni")


def test_a_new_display_name_purges_the_pages_of_the_persons_writing_a_sign_in_nothing(
    page_cache, wall, idea, guideline, period, elsewhere, committed
):
    aino = factories.ParticipantFactory(display_name="Aino Esimerkki")
    own = factories.IdeaFactory(wall=wall, author=aino, title="Ainon idea")
    idea.comments.create(author=aino, body="Hyvä idea", state=ModerationState.PUBLISHED)
    GuidelineComment.objects.create(
        period=period,
        section_key=guideline.sections.get().key,
        author=aino,
        body="Ainon huomio",
        state=ModerationState.PUBLISHED,
    )
    client = anonymous()
    pages = [wall.url, idea_url(own), idea_url(idea), wall.url + "syote/", guideline.url]
    warm(client, *pages, elsewhere.url)
    browser = signed_in(aino)

    with committed():
        assert browser.login(email=aino.email, password=factories.PARTICIPANT_PASSWORD)
    assert all(hit(client, url) for url in pages)

    with committed():
        browser.post("/tili/profiili/", {"display_name": "Aino Uusinimi"})

    for url in pages:
        assert fresh(client, url, "Aino Uusinimi"), url
    assert hit(client, elsewhere.url)
