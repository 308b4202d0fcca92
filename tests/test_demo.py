"""`make run` loads the demo municipalities; loading it again must change nothing.

These check Järvelä, the large municipality on the default Site, as the demo had it before
there were several; tests/test_demo_municipalities.py checks the others and the region."""

import io
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from associations.models import Association, AssociationChange, FieldOfActivity, Representation
from contacts.models import ContactCard
from forums.models import ForumMeetingPage, ForumPage, ForumSeat, MeetingSeries, Registration
from guidelines.models import CommentPeriodState, GuidelineComment, GuidelinePage
from ideas.models import Idea

PAGE_TYPES = [
    "home.HomePage",
    "home.StandardPage",
    "home.AccessibilityStatementPage",
    "home.PrivacyNoticePage",
    "contacts.ContactsPage",
    "news.NewsIndexPage",
    "news.NewsPage",
    "forums.ForumIndexPage",
    "forums.ForumPage",
    "forums.ForumMeetingPage",
    "guidelines.GuidelinePage",
    "ideas.IdeaWallPage",
]


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "cards": ContactCard.objects.count(),
        "ideas": Idea.objects.count(),
        "sites": Site.objects.count(),
        "guideline comments": GuidelineComment.objects.count(),
        "registrations": Registration.objects.count(),
        "meeting series": MeetingSeries.objects.count(),
        "associations": Association.objects.count(),
        "representatives": Representation.objects.count(),
        "forum seats": ForumSeat.objects.count(),
        "association changes": AssociationChange.objects.count(),
        "registrations by state": sorted(
            Registration.objects.values_list("meeting__slug", "state", "companions")
        ),
    }


@pytest.fixture
def demo(db):
    """Järvelä's Site (the default one) after loading the demo."""
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    return Site.objects.get(is_default_site=True)


def test_loading_the_demo_twice_duplicates_nothing(demo):
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first


def test_demo_has_the_content_the_issue_promises(demo):
    assert ForumPage.objects.live().in_site(demo).count() == 3
    assert ContactCard.objects.published().filter(site=demo).count() == 4
    assert Idea.objects.filter(wall__path__startswith=demo.root_page.path).count() >= 8
    meetings = ForumMeetingPage.objects.live().in_site(demo)
    for forum in ForumPage.objects.live().in_site(demo):
        assert forum.upcoming_meetings().exists(), forum.title
        assert forum.past_meetings().exists(), forum.title
    assert meetings.exclude(minutes=None).exists()


def test_every_page_type_has_a_demo_page_that_renders(demo, client):
    for label in PAGE_TYPES:
        model = label.split(".")[1].lower()
        page = Page.objects.live().in_site(demo).filter(content_type__model=model).first()
        assert page is not None, label
        response = client.get(page.url)
        assert response.status_code == 200, label


def test_demo_people_are_invented(demo):
    """The seed pages name real officials; the demo must not reuse them."""
    real_names = ["Antti Korkka", "Sipriina Ritaranta", "Jari Ahvenjärvi", "Anni Inkiläinen"]
    real_phones = ["+358444288210", "+358447288624", "+358503287326", "+358443002345"]
    for card in ContactCard.objects.all():
        assert card.name not in real_names
        assert card.phone not in real_phones


def test_admin_account_is_created_once_and_its_credentials_printed(db, capsys, tmp_path, settings):
    settings.BASE_DIR = tmp_path
    call_command("ensure_admin")
    first = capsys.readouterr().out
    call_command("ensure_admin")
    second = capsys.readouterr().out
    users = get_user_model().objects.filter(is_superuser=True)
    assert users.count() == 1
    assert users.get().email in first
    password_line = next(line for line in first.splitlines() if "Password" in line)
    password = password_line.split()[-1]
    assert password in second
    assert users.get().check_password(password)


def test_run_ends_with_a_block_of_addresses_on_the_port_it_serves_and_how_to_stop(
    db, capsys, tmp_path, settings
):
    """`make run HOST_PORT=127.0.0.1:8100` calls ensure_admin with that address last."""
    settings.BASE_DIR = tmp_path
    call_command("ensure_admin", "127.0.0.1:8100")
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip("- ")]
    block = lines[-6:]
    admin = get_user_model().objects.get(is_superuser=True)
    password = next(line for line in block if line.startswith("Password:")).split()[-1]
    assert any(line.endswith(" http://127.0.0.1:8100/") for line in block)
    assert any(line.endswith(" http://127.0.0.1:8100/admin/") for line in block)
    assert any(line.endswith(f" {admin.email}") for line in block)
    assert admin.check_password(password)
    assert "Ctrl+C" in block[-1]
    assert "8000" not in "\n".join(lines)


def test_the_demo_guideline_has_an_adopted_version_and_a_draft_of_one_change(demo, client):
    from guidelines import versions
    from guidelines.models import GuidelinePage

    guideline = GuidelinePage.objects.live().in_site(demo).get()
    adopted, draft = versions.published_versions(guideline)
    assert adopted.is_adopted
    assert adopted.decided_by == "Kunnanhallitus"
    assert not draft.is_adopted
    assert draft.change_summary
    comparison = versions.compare(guideline, 1, 2)
    assert [
        change.section.anchor for change in comparison.sections if change.kind != "unchanged"
    ] == ["avustukset"]
    assert client.get(guideline.url + "versiot/1/vertaa/2/").status_code == 200


def test_the_demo_guideline_is_open_for_comments_with_answers(demo, client):
    guideline = GuidelinePage.objects.live().in_site(demo).get()
    period = guideline.comment_periods.get()
    assert period.state() == CommentPeriodState.OPEN
    assert period.comments.filter(parent=None).count() >= 3
    assert period.comments.exclude(parent=None).exists()
    assert period.comments.exclude(answered_at=None).count() >= 2

    text = " ".join(client.get(guideline.url).content.decode().split())
    assert "Kommentoi tätä kohtaa" in text
    assert "Kunnan vastaus" in text
    assert "Kohdeavustuksia voi jatkossa hakea keväällä ja syksyllä." in text


def test_the_demo_guideline_has_an_accepted_and_an_open_suggested_edit(demo, client):
    from guidelines import proposals, versions
    from guidelines.models import GuidelineProposal

    guideline = GuidelinePage.objects.live().in_site(demo).get()
    accepted = GuidelineProposal.objects.get(outcome="accepted")
    second = versions.get_version(guideline, 2)
    grants = next(s for s in second.sections if s.anchor == "avustukset")
    assert proposals.text_as_rich_text(accepted.text) == grants.body
    assert accepted.draft_revision_id is not None
    still_open = GuidelineProposal.objects.get(outcome="open")
    assert still_open.support_count == 1
    assert still_open.comments.count() == 1

    text = " ".join(client.get(guideline.url).content.decode().split())
    assert "Ehdota muutosta" in text
    page = client.get(guideline.url + f"ehdotukset/{still_open.pk}/")
    assert "Kannatan. Samalla voisi mainita" in page.content.decode()


def test_the_demo_has_an_open_registration_and_a_full_one_with_a_waiting_list(demo, client):
    """Counts only on the pages; the registrants are invented, at .example addresses."""
    open_meeting = ForumMeetingPage.objects.get(slug="avustukset-ja-tilat")
    full_meeting = ForumMeetingPage.objects.get(slug="kenttavuorot-ja-tapahtumat")
    for meeting in (open_meeting, full_meeting):
        assert meeting.registration_open
        assert not meeting.is_past

    page = client.get(open_meeting.url).content.decode()
    seats_left = open_meeting.seats - sum(
        r.seat_count for r in open_meeting.registrations.confirmed()
    )
    assert open_meeting.registrations.confirmed().filter(companions__gt=0).exists()
    assert open_meeting.registrations.exclude(dietary_needs="").exists()
    assert open_meeting.registrations.exclude(user=None).exists()
    assert 0 < seats_left < open_meeting.seats
    assert f"{seats_left} paikkaa jäljellä" in page
    assert "varasijalla" not in page

    page = client.get(full_meeting.url).content.decode()
    assert "0 paikkaa jäljellä" in page
    assert "2 ilmoittautumista varasijalla" in page
    for registration in Registration.objects.all():
        assert registration.email.endswith(".example"), registration.email
        assert registration.name not in page


def test_the_demo_registrations_email_invented_addresses_only_and_only_once(
    db, django_capture_on_commit_callbacks, run_background_worker
):
    """Each registrant gets the service's confirmation, at an .example address; loading
    the demo again registers nobody and so sends nothing."""
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    run_background_worker()
    registrants = set(Registration.objects.values_list("email", flat=True))
    recipients = {address for message in mail.outbox for address in message.to}
    assert registrants
    assert registrants <= recipients
    assert all(address.endswith(".example") for address in recipients), recipients

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", verbosity=0)
    run_background_worker()
    assert mail.outbox == []


def test_the_demo_forum_meets_in_a_series_with_a_holiday_skipped(demo, client):
    series = MeetingSeries.objects.get()
    meetings = ForumMeetingPage.objects.live().filter(series=series).order_by("start")
    assert meetings.count() == series.count - 1, "one date of the series is skipped"
    gaps = {(later.start - earlier.start).days for earlier, later in itertools.pairwise(meetings)}
    assert gaps == {14, 28}, "every second Thursday, four weeks over the skipped one"
    assert all(meeting.start.isoweekday() == 4 for meeting in meetings)

    page = client.get(meetings[0].url).content.decode()
    assert "Osa sarjaa: joka toinen torstai klo 17.00" in page
    forum = client.get(series.forum.url).content.decode()
    assert forum.count("Osa sarjaa") >= meetings.filter(start__gte=timezone.now()).count() > 0


def test_the_demo_has_a_held_meeting_closed_with_minutes_and_attendance(demo, client):
    meetings = ForumMeetingPage.objects.live().in_site(demo).past()
    held = [meeting for meeting in meetings if meeting.was_held]
    closed = [meeting for meeting in held if meeting.minutes and meeting.attendee_count]
    assert closed, "a past meeting with minutes and the number who came"
    meeting = closed[0]
    page = client.get(meeting.url).content.decode()
    outcome = page.index(str(meeting.attendee_count))
    assert page.index("Kokous on pidetty") < outcome < page.index("Esityslista")
    for association in meeting.attended_associations.splitlines():
        assert association in page


def test_the_demo_register_has_a_dozen_invented_associations_in_every_field(demo):
    from stdnum.fi import associationid, ytunnus

    associations = Association.objects.prefetch_related("fields_of_activity")
    assert 10 <= associations.filter(site=demo).count() <= 14
    fields = {
        field.slug for association in associations for field in association.fields_of_activity.all()
    }
    assert fields == set(FieldOfActivity.objects.values_list("slug", flat=True))
    for association in associations:
        if association.registry_number:
            assert associationid.is_valid(association.registry_number), association
        if association.business_id:
            assert ytunnus.is_valid(association.business_id), association
        for address in (association.email, association.contact_email):
            assert not address or address.endswith(".example"), address
        for phone in (association.phone, association.contact_phone):
            assert not phone or phone.startswith(("+35840", "+35850")), phone
        # Each change is in the history, so the record came through associations.register.
        assert association.changes.exists(), association
    # Some keep their contact person private.
    assert any("contact_email" not in a.published_fields for a in associations)


def test_the_demo_has_one_association_flagged_and_one_hidden_for_want_of_confirmation(demo):
    flagged = Association.objects.on_site(demo).needing_confirmation()
    published = Association.objects.on_site(demo).published()
    assert flagged.count() == 2
    assert flagged.filter(pk__in=published).count() == 1, "13 months: flagged, still shown"
    assert flagged.exclude(pk__in=published).count() == 1, "19 months: hidden"
    assert published.count() == Association.objects.on_site(demo).count() - 1


def test_the_demo_privacy_notice_names_the_register_purpose_fields_and_retention(demo, client):
    page = Page.objects.live().in_site(demo).get(slug="tietosuojaseloste-yhdistysrekisteri")
    body = client.get(page.url).content.decode()
    assert "Käsittelyn tarkoitus" in body
    assert "yhdistysrekisterinumero" in body
    assert "18 kuukauteen" in body
    assert "/yhdistysrekisteri/poistopyynto/" in body


def test_the_demo_has_confirmed_representatives_whose_ideas_name_their_association(demo):
    confirmed = Representation.objects.confirmed().select_related("user", "association")
    assert confirmed.count() >= 4
    assert Representation.objects.filter(state="requested").exists()  # one still waits
    named = {(idea.author_id, idea.association_name) for idea in Idea.objects.all()}
    assert any((r.user_id, r.association.name) in named for r in confirmed)
    # Nobody's idea names an association they do not represent.
    for author_id, name in named:
        if name:
            assert confirmed.filter(user_id=author_id, association__name=name).exists()


def test_the_demo_has_approved_seats_on_every_forum_with_consented_names_only(demo, client):
    forums = ForumPage.objects.live().in_site(demo)
    assert forums.count() == 3
    for forum in forums:
        seats = ForumSeat.objects.public().filter(forum=forum)
        assert seats.exists(), forum.title
        page = client.get(forum.url).content.decode()
        for seat in seats:
            assert seat.association.name in page
            assert seat.member_email not in page
            assert (seat.member_name in page) == seat.member_name_public, seat.member_name
    hidden = ForumSeat.objects.filter(member_name_public=False, forum__in=forums).first()
    assert hidden.member_name not in client.get(hidden.forum.url).content.decode()


def test_the_demo_directory_lists_the_register_in_the_navigation(demo, client):
    from associations.models import AssociationDirectoryPage

    directory = AssociationDirectoryPage.objects.live().in_site(demo).get()
    home = client.get("/").content.decode()
    assert f'href="{directory.relative_url(demo)}"' in home
    listing = client.get(directory.url).content.decode()
    assert "Järvelän Latu ry" in listing
