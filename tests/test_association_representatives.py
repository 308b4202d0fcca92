"""Representatives: a participant asks to speak for an association of their municipality,
its contact person confirms by an e-mailed link (or staff approve), and only then does
"Name, Association ry" appear on what they write."""

import os
import re
import sqlite3
import subprocess
import sys
import time
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from associations.models import Representation, RepresentationState
from ideas.models import IdeaColumn
from tests import factories

PROFILE = "/tili/profiili/"
REQUEST = "/tili/yhdistykset/pyyda/"


@pytest.fixture
def wall(home_page):
    wall = factories.IdeaWallPageFactory(parent=home_page, title="Ideaseinä", slug="ideaseina")
    IdeaColumn.objects.create(wall=wall, name="Viestintä", sort_order=0)
    return wall


@pytest.fixture
def latu(home_page):
    return factories.AssociationFactory(
        name="Järvelän Latu ry", contact_email="puheenjohtaja@latu.example"
    )


@pytest.fixture
def aino(db):
    return factories.ParticipantFactory(display_name="Aino Lehtola", email="aino@koti.example")


@pytest.fixture
def as_aino(aino):
    browser = Client()
    browser.force_login(aino)
    return browser


def visible_text(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def ask(browser, association, committed):
    with committed():
        return browser.post(REQUEST, {"representation-association": association.pk})


def link_in(message):
    return re.search(r"http://\S+/yhdistykset/edustaja/\S+/", message.body).group(0)


def post_idea(browser, wall, title):
    column = wall.columns.get()
    response = browser.post(
        wall.url + wall.reverse_subpage("post"),
        {"title": title, "body": "Kaikki tapahtumat yhteen.", "column": column.pk},
    )
    assert response.status_code == 302
    return visible_text(browser.get(response["Location"]))


def test_the_contact_person_confirms_and_new_ideas_name_the_association(
    as_aino, latu, wall, committed, run_background_worker
):
    response = ask(as_aino, latu, committed)
    assert response.status_code == 302
    profile = visible_text(as_aino.get(response["Location"]))
    assert "Pyyntösi on lähetetty yhdistyksen yhteyshenkilölle." in profile
    assert "Järvelän Latu ry : Odottaa vahvistusta" in profile

    run_background_worker()
    (message,) = mail.outbox
    assert message.to == ["puheenjohtaja@latu.example"]
    assert "Aino Lehtola" in message.body
    assert "aino@koti.example" not in message.body  # the contact person sees no address

    # The contact person opens the link without an account: GET only shows the request.
    contact = Client()
    link = link_in(message)
    page = visible_text(contact.get(link))
    assert "Aino Lehtola on pyytänyt" in page
    assert Representation.objects.get().state == RepresentationState.REQUESTED

    with committed():
        decided = contact.post(link, {"decision": "confirm"})
    assert "Aino Lehtola edustaa nyt yhdistystä Järvelän Latu ry" in visible_text(decided)
    assert Representation.objects.get().state == RepresentationState.CONFIRMED

    mail.outbox.clear()
    run_background_worker()
    (outcome,) = mail.outbox
    assert outcome.to == ["aino@koti.example"]
    assert "vahvistettu" in outcome.body

    idea_page = post_idea(as_aino, wall, "Yhteinen tapahtumakalenteri")
    assert "Aino Lehtola, Järvelän Latu ry" in idea_page


def test_an_unconfirmed_representative_writes_with_their_name_only(as_aino, latu, wall, committed):
    ask(as_aino, latu, committed)

    idea_page = post_idea(as_aino, wall, "Yhteinen tapahtumakalenteri")
    assert "Aino Lehtola" in idea_page
    assert "Järvelän Latu ry" not in idea_page


def test_a_reused_link_says_the_request_was_already_decided(
    as_aino, latu, committed, run_background_worker
):
    ask(as_aino, latu, committed)
    run_background_worker()
    link = link_in(mail.outbox[0])
    contact = Client()
    with committed():
        contact.post(link, {"decision": "decline"})
    assert Representation.objects.get().state == RepresentationState.REJECTED

    again = contact.post(link, {"decision": "confirm"})
    assert "Pyyntö on jo ratkaistu" in visible_text(again)
    assert Representation.objects.get().state == RepresentationState.REJECTED
    assert "Pyyntö on jo ratkaistu" in visible_text(contact.get(link))


def test_a_declined_request_tells_the_person_and_names_nothing(
    as_aino, latu, wall, committed, run_background_worker
):
    ask(as_aino, latu, committed)
    run_background_worker()
    with committed():
        page = Client().post(link_in(mail.outbox[0]), {"decision": "decline"})
    assert "Pyyntö on hylätty" in visible_text(page)
    mail.outbox.clear()
    run_background_worker()
    (outcome,) = mail.outbox
    assert outcome.to == ["aino@koti.example"]
    assert "hylättiin" in outcome.subject

    assert "Järvelän Latu ry" not in post_idea(as_aino, wall, "Kalusto lainaan")
    assert "Hylätty" in visible_text(as_aino.get(PROFILE))


def test_an_expired_or_tampered_link_changes_nothing(
    as_aino, latu, committed, run_background_worker
):
    ask(as_aino, latu, committed)
    run_background_worker()
    link = link_in(mail.outbox[0])
    later = time.time() + 15 * 24 * 3600  # past YHDESSA_REPRESENTATION_LINK_DAYS (14)
    with mock.patch("django.core.signing.time.time", return_value=later):
        expired = Client().post(link, {"decision": "confirm"})
    assert expired.status_code == 410
    assert "Linkki on vanhentunut" in visible_text(expired)

    tampered = Client().post(link[:-3] + "xx/", {"decision": "confirm"})
    assert tampered.status_code == 400
    assert "Linkki ei toimi" in visible_text(tampered)
    assert Representation.objects.get().state == RepresentationState.REQUESTED


def test_a_second_request_for_the_same_association_is_refused(as_aino, aino, latu, committed):
    ask(as_aino, latu, committed)

    again = ask(as_aino, latu, committed)
    assert again.status_code == 400
    page = visible_text(again)
    assert "Edustat jo tätä yhdistystä tai olet pyytänyt saada edustaa sitä." in page
    # The choice is kept.
    assert re.search(
        rf'<option value="{latu.pk}" selected>Järvelän Latu ry</option>', again.content.decode()
    )
    assert Representation.objects.filter(user=aino).count() == 1


def test_without_a_contact_e_mail_only_staff_decide(
    as_aino, home_page, committed, run_background_worker, coordinator, client
):
    village = factories.AssociationFactory(name="Kylätoimikunta ry", contact_email="")
    response = ask(as_aino, village, committed)
    assert "kunnan henkilöstö päättää" in visible_text(as_aino.get(response["Location"]))
    run_background_worker()
    assert mail.outbox == []  # nobody to send a link to

    # Staff (the Editors group) see the request first in their queue and approve it.
    factories.RepresentationFactory(
        association=village, state=RepresentationState.REJECTED, user__display_name="Vanha"
    )
    client.force_login(coordinator)
    queue = client.get(reverse("associations_representatives_modeladmin_index"))
    assert queue.status_code == 200
    listing = visible_text(queue)
    assert listing.index("Aino Lehtola") < listing.index("Vanha")
    assert "ei ole: vain henkilöstö voi päättää" in listing

    representation = Representation.objects.get(user__display_name="Aino Lehtola")
    decide = reverse("associations_representation_decide", args=[representation.pk])
    assert "Hyväksy" in visible_text(client.get(decide))
    with committed():
        client.post(decide, {"decision": "approve"})
    representation.refresh_from_db()
    assert representation.state == RepresentationState.CONFIRMED
    assert representation.decided_by == coordinator
    run_background_worker()
    (outcome,) = mail.outbox
    assert outcome.to == ["aino@koti.example"]


def test_a_participant_without_the_permission_sees_no_queue(as_aino, home_page):
    queue = as_aino.get(reverse("associations_representatives_modeladmin_index"))
    assert queue.status_code in (302, 403)


def test_the_person_chooses_the_association_shown_and_can_end_one(as_aino, aino, wall):
    latu = factories.AssociationFactory(name="Järvelän Latu ry")
    kajastus = factories.AssociationFactory(name="Kajastus ry")
    first = factories.RepresentationFactory(
        user=aino, association=latu, state=RepresentationState.CONFIRMED
    )
    second = factories.RepresentationFactory(
        user=aino,
        association=kajastus,
        state=RepresentationState.CONFIRMED,
        shown_with_writing=False,
    )
    assert "Aino Lehtola, Järvelän Latu ry" in post_idea(as_aino, wall, "Ensimmäinen")

    as_aino.post("/tili/yhdistykset/nayta/", {"representation": second.pk})
    assert "Aino Lehtola, Kajastus ry" in post_idea(as_aino, wall, "Toinen")

    as_aino.post("/tili/yhdistykset/paata/", {"representation": second.pk})
    second.refresh_from_db()
    assert second.state == RepresentationState.ENDED
    assert "Aino Lehtola, Järvelän Latu ry" in post_idea(as_aino, wall, "Kolmas")
    first.refresh_from_db()

    # Someone else's or a made-up number: a Finnish message, nothing changed.
    for value in (str(first.pk + 1000), "x" * 30, ""):
        response = as_aino.post("/tili/yhdistykset/paata/", {"representation": value})
        assert response.status_code == 302
        assert "Pyyntöä ei löytynyt" in visible_text(as_aino.get(PROFILE))
    assert Representation.objects.get(pk=first.pk).state == RepresentationState.CONFIRMED


def test_only_the_municipality_s_published_associations_can_be_chosen(as_aino, home_page):
    hidden = factories.AssociationFactory(name="Piilossa ry", is_listed=False)
    profile = as_aino.get(PROFILE).content.decode()
    assert "Piilossa ry" not in profile
    response = as_aino.post(REQUEST, {"representation-association": hidden.pk})
    assert response.status_code == 400
    assert "Valitse yhdistys luettelosta." in visible_text(response)
    assert not Representation.objects.exists()


def test_the_personal_data_download_and_erasure_cover_representations(aino, latu):
    from accounts import personal_data

    factories.RepresentationFactory(user=aino, association=latu)
    exported = personal_data.export_json(aino)
    assert '"association": "Järvelän Latu ry"' in exported
    personal_data.erase_user(aino, remove_content=False)
    assert not Representation.objects.exists()


# --- The sign-up associations of before the register ---------------------------------

MIGRATED_BEFORE = [
    ("associations", "0001_register"),
    ("accounts", "0003_text_without_control_characters"),
]


def test_the_migrations_keep_a_picked_and_a_typed_sign_up_association(tmp_path):
    """On a database of its own (the suite's is already migrated): the old list and the
    typed name become unconfirmed requests, and the old columns go."""
    database = tmp_path / "before.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"

    def manage(*args):
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args, "--no-input", "-v", "0"],
            env=env,
            check=True,
            cwd=settings.BASE_DIR,
        )

    for app, migration in MIGRATED_BEFORE:
        manage("migrate", app, migration)
    with sqlite3.connect(database) as db:
        db.execute(
            "INSERT INTO accounts_association (name, is_active) VALUES ('Järvelän Latu ry', 1)"
        )
        for email, name, picked, typed in [
            ("aino@koti.example", "Aino Lehtola", 1, ""),
            ("oskari@koti.example", "Oskari Nieminen", None, "  Nuorisoseura   Virta "),
        ]:
            db.execute(
                "INSERT INTO accounts_user (password, is_superuser, first_name, last_name,"
                " is_staff, is_active, date_joined, email, display_name, association_id,"
                " association_name_given) VALUES ('!', 0, '', '', 0, 1, '2026-01-01', ?, ?, ?, ?)",
                (email, name, picked, typed),
            )
    manage("migrate")

    with sqlite3.connect(database) as db:
        requests = db.execute(
            "SELECT u.display_name, a.name, r.state, a.confirmed_at FROM"
            " associations_representation r JOIN accounts_user u ON u.id = r.user_id"
            " JOIN associations_association a ON a.id = r.association_id ORDER BY u.email"
        ).fetchall()
        columns = {row[1] for row in db.execute("PRAGMA table_info(accounts_user)")}
    assert requests == [
        ("Aino Lehtola", "Järvelän Latu ry", "requested", None),
        ("Oskari Nieminen", "Nuorisoseura Virta", "requested", None),
    ]
    assert not {"association_id", "association_name_given"} & columns
