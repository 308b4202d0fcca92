"""Staff keep the association register in the Wagtail admin: the listing with its
12-month flag, filters and search, edits that land in the history, the history read
field by field, and the register's CSV and XLSX with or without the unpublished values."""

import csv
import datetime
import io

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import Site

from accounts.models import User
from associations.models import Association, AssociationChange, ChangeSource
from associations.register import create_association

pytestmark = pytest.mark.django_db

LIST_URL = "associations_register_modeladmin_index"
CREATE_URL = "associations_register_modeladmin_create"
EDIT_URL = "associations_register_modeladmin_edit"
HISTORY_URL = "associations_register_modeladmin_history"
FLAG = "Vahvistamatta yli 12 kk"


def association(site, name="Järvelän Latu ry", **values):
    values = {
        "name": name,
        "fields_of_activity": ["sports"],
        "registry_number": "",
        "business_id": "",
        "email": "",
        "phone": "",
        "contact_name": "Kaija Kontakti",
        "contact_phone": "+358401234567",
        "contact_email": "kaija@latu.example",
        "published_fields": ["email", "phone", "description"],
    } | values
    return create_association(site, values, source=ChangeSource.REPORT)


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def editor_staff(coordinator):
    """Staff in Wagtail's Editors group: the register's view, add and change, no more."""
    return coordinator


def form_data(record, **changes):
    """The edit form as staff see it filled, with `changes`."""
    data = {
        "name": record.name,
        "fields_of_activity": [field.slug for field in record.fields_of_activity.all()],
        "registry_number": record.registry_number,
        "business_id": record.business_id,
        "website": record.website,
        "email": record.email,
        "phone": record.phone,
        "description": record.description,
        "contact_name": record.contact_name,
        "contact_role": record.contact_role,
        "contact_phone": record.contact_phone,
        "contact_email": record.contact_email,
        "published_fields": record.published_fields,
        "is_listed": "on" if record.is_listed else "",
    } | changes
    return {key: value for key, value in data.items() if value not in ("", None)}


def test_a_staff_edit_keeps_one_history_entry_with_before_and_after(client, site, editor_staff):
    record = association(site, contact_phone="+358401234567")
    client.force_login(editor_staff)

    response = client.post(
        reverse(EDIT_URL, args=[record.pk]),
        form_data(record, contact_phone="050 765 4321", registry_number="123456"),
    )

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.contact_phone == "+358507654321"
    assert record.registry_number == "123.456"
    change = AssociationChange.objects.filter(association=record).first()
    assert AssociationChange.objects.filter(association=record).count() == 2
    assert change.source == ChangeSource.STAFF
    assert change.changed_by == editor_staff
    assert change.changes == {
        "registry_number": ["", "123.456"],
        "contact_phone": ["+358401234567", "+358507654321"],
    }


def test_a_new_association_from_staff_is_in_the_register_with_its_history(
    client, site, editor_staff
):
    client.force_login(editor_staff)

    response = client.post(
        reverse(CREATE_URL),
        {
            "site": site.pk,
            "name": "Kylätoimikunta ry",
            "fields_of_activity": ["village"],
            "business_id": "2077474-0",
            "published_fields": ["business_id"],
            "is_listed": "on",
        },
    )

    assert response.status_code == 302
    record = Association.objects.get(name="Kylätoimikunta ry")
    assert record.site == site
    assert record.confirmed_at is not None
    change = record.changes.get()
    assert change.changed_by == editor_staff
    assert change.changes["business_id"] == ["", "2077474-0"]


def test_bad_identifiers_phones_and_taken_names_get_finnish_messages_and_change_nothing(
    client, site, editor_staff
):
    association(site, name="Järvelän Latu ry", business_id="2077474-0")
    record = association(site, name="Kulttuuriseura ry")
    client.force_login(editor_staff)

    response = client.post(
        reverse(EDIT_URL, args=[record.pk]),
        form_data(
            record,
            name="järvelän latu ry",
            registry_number="12a",
            business_id="1234567-2",
            phone="soita",
            description="Kuoro <b>laulaa</b>",
        ),
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Kunnan rekisterissä on jo tämän niminen yhdistys." in html
    assert "Kirjoita yhdistysrekisterinumero" in html
    assert "Y-tunnus ei ole kelvollinen" in html
    assert "Kirjoita puhelinnumero" in html
    assert "järvelän latu ry" in html  # what staff typed is kept
    record.refresh_from_db()
    assert record.name == "Kulttuuriseura ry"
    assert record.changes.count() == 1


def test_the_same_business_id_twice_in_a_municipality_is_a_message_not_an_error(
    client, site, editor_staff
):
    association(site, name="Järvelän Latu ry", business_id="2077474-0")
    client.force_login(editor_staff)

    response = client.post(
        reverse(CREATE_URL),
        {"site": site.pk, "name": "Toinen seura ry", "business_id": "20774740"},
    )

    assert response.status_code == 200
    assert "Kunnan rekisterissä on jo yhdistys, jolla on tämä Y-tunnus." in (
        response.content.decode()
    )
    assert not Association.objects.filter(name="Toinen seura ry").exists()


def test_confirmed_now_marks_the_details_confirmed_in_the_history(client, site, editor_staff):
    record = association(site)
    Association.objects.filter(pk=record.pk).update(
        confirmed_at=timezone.now() - relativedelta(months=13)
    )
    client.force_login(editor_staff)

    client.post(reverse(EDIT_URL, args=[record.pk]), form_data(record, confirm="on"))

    record.refresh_from_db()
    assert timezone.now() - record.confirmed_at < datetime.timedelta(minutes=1)
    latest = record.changes.first()
    assert (latest.source, latest.changes, latest.changed_by) == (
        ChangeSource.STAFF,
        {},
        editor_staff,
    )
    assert FLAG not in _table(client.get(reverse(LIST_URL)).content.decode())


def test_the_history_reads_field_by_field_newest_first(client, site, editor_staff):
    record = association(site, published_fields=["email"])
    client.force_login(editor_staff)
    client.post(
        reverse(EDIT_URL, args=[record.pk]),
        form_data(
            record,
            fields_of_activity=["sports", "youth"],
            published_fields=["email", "contact_name"],
            contact_phone="050 765 4321",
        ),
    )
    editor_staff.delete()  # the staff member left: the history still says who did it
    admin = User.objects.create_superuser(email="paakayttaja@kunta.example", password="x-1")
    client.force_login(admin)

    response = client.get(reverse(HISTORY_URL, args=[record.pk]))

    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    staff_edit = html.index("Henkilökunta muokkasi")
    report = html.index("Hyväksytty ilmoitus")
    assert staff_edit < report  # newest first
    assert "Muuttaja: Poistettu käyttäjä" in html
    assert '<th scope="row">Toimialat</th> <td>Liikunta</td> ' in html
    assert "<td>Liikunta, Nuoriso</td>" in html
    assert '<th scope="row">Yhteyshenkilön puhelin</th> <td>040 123 4567</td> ' in html
    assert "<td>050 765 4321</td>" in html
    assert "<td>Sähköposti, Yhteyshenkilö</td>" in html
    when = timezone.localtime(record.changes.first().changed_at)
    assert f"{when.day}.{when.month}.{when.year} klo {when.hour}.{when.minute:02d}" in html


def test_an_association_is_flagged_after_twelve_months_unconfirmed_not_before(
    client, site, editor_staff
):
    record = association(site, name="Järvelän Latu ry")
    client.force_login(editor_staff)

    def listing_after(months, days, **query):
        # The record's last confirmation moved back in time, as if that long had passed.
        confirmed = timezone.now() - relativedelta(months=months, days=days)
        Association.objects.filter(pk=record.pk).update(confirmed_at=confirmed)
        return client.get(reverse(LIST_URL), query).content.decode()

    before = listing_after(11, 30)
    after = listing_after(12, 1)
    flagged = listing_after(12, 1, flagged="yes")
    not_flagged = listing_after(12, 1, flagged="no")
    not_yet = listing_after(11, 30, flagged="yes")

    assert "Järvelän Latu ry" in before
    assert FLAG not in _table(before)
    assert FLAG in _table(after)
    assert 'class="icon icon-warning"' in _table(after)
    assert "Järvelän Latu ry" in _table(flagged)
    assert "Järvelän Latu ry" not in _table(not_flagged)
    assert "Järvelän Latu ry" not in _table(not_yet)


def test_the_listing_filters_by_field_and_listing_and_searches_identifiers(
    client, site, editor_staff
):
    association(site, name="Järvelän Latu ry", registry_number="123.456")
    youth_club = association(site, name="Nuorisoseura ry", fields_of_activity=["youth"])
    Association.objects.filter(pk=youth_club.pk).update(is_listed=False)
    client.force_login(editor_staff)

    youth = _table(client.get(reverse(LIST_URL), {"field": "youth"}).content.decode())
    listed = _table(client.get(reverse(LIST_URL), {"is_listed__exact": "1"}).content.decode())
    searched = _table(client.get(reverse(LIST_URL), {"q": "123.456"}).content.decode())

    assert "Nuorisoseura ry" in youth
    assert "Järvelän Latu ry" not in youth
    assert "Järvelän Latu ry" in listed
    assert "Nuorisoseura ry" not in listed
    assert "Järvelän Latu ry" in searched
    assert "Nuorisoseura ry" not in searched


def test_the_listing_takes_as_many_queries_for_many_associations_as_for_few(
    client, site, editor_staff
):
    client.force_login(editor_staff)
    association(site, name="Seura 0 ry")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(LIST_URL)).status_code == 200
        return len(queries)

    count()  # the first request keeps the Site in the cache (core.sites)
    few = count()
    for number in range(1, 8):
        association(site, name=f"Seura {number} ry", fields_of_activity=["sports", "youth"])
    assert count() == few


def _export(client, file_format, **query):
    response = client.get(reverse(LIST_URL), {"export": file_format, **query})
    assert response.status_code == 200
    if file_format == "csv":
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=";"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return [
        [cell if cell is not None else "" for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_has_the_unpublished_values_only_with_the_permission(
    client, site, editor_staff, file_format
):
    association(
        site,
        name="Järvelän Latu ry",
        email="latu@latu.example",
        description='=HYPERLINK("http://paha.example","Klikkaa")',
        contact_name="Kaija Kontakti",
    )
    client.force_login(editor_staff)

    rows = _export(client, file_format)

    headings, row = rows[0], dict(zip(rows[0], rows[1], strict=True))
    assert row["Nimi"] == "Järvelän Latu ry"
    assert row["Sähköposti"] == "latu@latu.example"
    assert row["Lyhyt kuvaus"] == '\'=HYPERLINK("http://paha.example","Klikkaa")'
    assert row["Yhteyshenkilö"] == ""
    assert not any("ei julkaistu" in heading for heading in headings)
    assert "Kaija Kontakti" not in str(rows)
    assert "040 123 4567" not in str(rows)

    editor_staff.user_permissions.add(
        Permission.objects.get(codename="view_private_association_fields")
    )
    editor_staff = User.objects.get(pk=editor_staff.pk)  # permissions are cached per object
    client.force_login(editor_staff)

    row = dict(zip(*_export(client, file_format)[:2], strict=True))
    assert row["Yhteyshenkilö (ei julkaistu)"] == "Kaija Kontakti"
    assert row["Yhteyshenkilön puhelin (ei julkaistu)"] == "040 123 4567"
    assert row["Sähköposti (ei julkaistu)"] == ""  # published: in its own column only


def test_the_listing_has_the_download_buttons(client, site, editor_staff):
    association(site)
    client.force_login(editor_staff)
    html = client.get(reverse(LIST_URL)).content.decode()
    assert "Lataa CSV" in html
    assert "Lataa XLSX" in html


def test_staff_without_the_register_permissions_cannot_reach_its_pages(client, site, moderator):
    record = association(site)
    client.force_login(moderator)

    for url in (
        reverse(LIST_URL),
        reverse(LIST_URL) + "?export=csv",
        reverse(CREATE_URL),
        reverse(EDIT_URL, args=[record.pk]),
        reverse(HISTORY_URL, args=[record.pk]),
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(
        reverse(EDIT_URL, args=[record.pk]), form_data(record, name="X")
    ).status_code in (302, 403)
    assert Association.objects.get(pk=record.pk).name == "Järvelän Latu ry"
    assert "Yhdistysrekisteri" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_editors_find_the_register_in_the_associations_menu(client, site, editor_staff):
    client.force_login(editor_staff)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Yhdistykset" in html
    assert "Yhdistysrekisteri" in html


def test_editors_get_the_register_permissions_but_not_the_private_fields(db):
    editors = Group.objects.get(name="Editors")
    codenames = set(
        editors.permissions.filter(content_type__app_label="associations").values_list(
            "codename", flat=True
        )
    )
    assert {"view_association", "add_association", "change_association"} <= codenames
    assert "view_private_association_fields" not in codenames
    assert "delete_association" not in codenames


def _table(html):
    """The listing's rows (its headings name the flag too)."""
    table = html.find('<table class="listing')
    start = html.find("<tbody", table)
    return html[start : html.find("</tbody>", start)] if table >= 0 else ""


def test_staff_taking_an_association_off_the_directory_is_in_its_history(
    client, site, editor_staff
):
    record = association(site)
    client.force_login(editor_staff)

    client.post(reverse(EDIT_URL, args=[record.pk]), form_data(record, is_listed=""))

    assert not Association.objects.published().filter(pk=record.pk).exists()
    assert record.changes.first().changes == {"is_listed": [True, False]}
    html = " ".join(client.get(reverse(HISTORY_URL, args=[record.pk])).content.decode().split())
    assert '<th scope="row">Näytetään hakemistossa</th> <td>Kyllä</td> <td>Ei</td>' in html


def test_the_forms_show_the_details_as_finns_write_them(client, site, editor_staff):
    record = association(site, contact_phone="+358401234567")
    client.force_login(editor_staff)

    edit = client.get(reverse(EDIT_URL, args=[record.pk])).content.decode()
    create = client.get(reverse(CREATE_URL)).content.decode()

    assert 'value="040 123 4567"' in edit
    assert "Tiedot vahvistettu nyt" in edit
    assert "Julkaistavat tiedot" in edit
    assert 'name="site"' not in edit  # a record stays in its municipality
    assert 'name="site"' in create
    assert "Tiedot vahvistettu nyt" not in create
