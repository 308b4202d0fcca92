"""The public association directory: what a resident finds, and what stays private."""

import json
import re
from urllib.parse import urlencode

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone
from wagtail.models import APIToken, Page, Site

from associations.models import Association, Representation, RepresentationState
from tests import factories

pytestmark = pytest.mark.django_db

PRIVATE_DESCRIPTION = "Salainen kuvaus kultakalojen kasvatuksesta."


@pytest.fixture
def directory(home_page):
    return factories.AssociationDirectoryPageFactory(
        parent=home_page, intro="<p>Kunnan yhdistykset.</p>"
    )


def _visible(html):
    """The page's text without its markup (what a reader sees, roughly)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _names(response):
    return re.findall(r'<h2 class="teaser__title"><a href="[^"]+">([^<]+)</a>', response.text)


def test_the_directory_lists_published_associations_with_only_their_published_fields(
    client, directory
):
    factories.AssociationFactory(
        name="Aallon Urheilijat ry",
        description="Yleisurheilua kaikenikäisille.",
        contact_name="Pertti Piilonen",
        contact_email="pertti@piilo.example",
    )
    factories.AssociationFactory(
        name="Kylätoimikunta ry",
        description=PRIVATE_DESCRIPTION,
        published_fields=["email"],
    )
    factories.AssociationFactory(name="Piilotettu Seura ry", is_listed=False)

    response = client.get(directory.url)

    assert response.status_code == 200
    assert _names(response) == ["Aallon Urheilijat ry", "Kylätoimikunta ry"]
    assert "2 yhdistystä" in response.text
    assert "Yleisurheilua kaikenikäisille." in response.text
    for private in ("kultakalojen", "Pertti Piilonen", "pertti@piilo.example", "Piilotettu"):
        assert private not in response.text


def test_one_association_is_counted_in_the_singular(client, directory):
    factories.AssociationFactory(name="Ainoa Seura ry")

    assert "1 yhdistys" in _visible(client.get(directory.url).text)


def test_a_search_finds_names_and_published_descriptions_in_inflected_forms(client, directory):
    factories.AssociationFactory(
        name="Järvenpään Kuoro ry", description="Konsertteja ja laulutunteja."
    )
    factories.AssociationFactory(name="Mäen Shakkikerho ry", description="Shakkia.")

    by_name = client.get(directory.url + "?" + urlencode({"haku": "kuoron"}))
    by_description = client.get(directory.url + "?" + urlencode({"haku": "konsertti"}))

    assert _names(by_name) == ["Järvenpään Kuoro ry"]
    assert _names(by_description) == ["Järvenpään Kuoro ry"]
    assert "1 yhdistys" in _visible(by_name.text)


def test_a_private_description_cannot_be_found_by_searching_for_its_words(client, directory):
    factories.AssociationFactory(
        name="Vesikoulu ry", description=PRIVATE_DESCRIPTION, published_fields=["email"]
    )

    response = client.get(directory.url + "?" + urlencode({"haku": "kultakalojen"}))

    assert _names(response) == []
    assert "Yksikään yhdistys ei vastaa hakua" in response.text
    site_search = client.get("/haku/?" + urlencode({"q": "kultakalojen"}))
    assert "Vesikoulu" not in site_search.text


def test_the_field_of_activity_filter_narrows_the_list_without_javascript(client, directory):
    factories.AssociationFactory(name="Seuran Sählykerho ry", fields=["sports"])
    factories.AssociationFactory(name="Teatteri Toivo ry", fields=["culture", "youth"])

    response = client.get(directory.url + "?toimiala=culture")

    assert _names(response) == ["Teatteri Toivo ry"]
    assert '<option value="culture" selected>' in response.text
    # An unknown field is no filter at all, never an error.
    assert client.get(directory.url + "?toimiala=%00kissa").status_code == 200
    assert len(_names(client.get(directory.url + "?toimiala=kissa"))) == 2


def test_the_a_to_o_index_links_only_letters_that_have_associations(client, directory):
    factories.AssociationFactory(name="Ämmänkosken Kyläseura ry")
    factories.AssociationFactory(name="Öljymäen Soittajat ry")
    factories.AssociationFactory(name="Zeppeliinikerho ry")

    response = client.get(directory.url)
    index = response.text.split('class="directory-initials"')[1].split("</nav>")[0]
    letters = re.findall(r"<(?:a href=\"[^\"]*\"|span[^>]*)>(\w)</", index)

    assert letters[-4:] == ["Z", "Å", "Ä", "Ö"]
    assert '<a href="?kirjain=%C3%84">Ä</a>' in index
    assert '<span class="directory-initials__empty">Å</span>' in index
    assert '<span class="directory-initials__empty">B</span>' in index
    by_letter = client.get(directory.url + "?kirjain=%C3%A4")
    assert _names(by_letter) == ["Ämmänkosken Kyläseura ry"]
    assert '<span aria-current="true">Ä</span>' in by_letter.text


def test_an_association_unconfirmed_for_18_months_leaves_the_directory(client, directory):
    now = timezone.now()
    factories.AssociationFactory(name="Tuore Seura ry", confirmed_at=now - relativedelta(months=17))
    old = factories.AssociationFactory(
        name="Unohtunut Seura ry", confirmed_at=now - relativedelta(months=18, days=1)
    )

    assert _names(client.get(directory.url)) == ["Tuore Seura ry"]
    own_page = directory.url + directory.reverse_subpage("association", args=[old.slug])
    assert client.get(own_page).status_code == 404
    assert client.get(f"/api/associations/{old.pk}/").status_code == 404


def test_an_association_of_another_municipality_is_not_found_here(client, directory, home_page):
    other_home = factories.HomePageFactory(parent=Page.objects.get(depth=1), slug="naapuri")
    other_site = Site.objects.create(hostname="naapuri.example", port=80, root_page=other_home)
    neighbour = factories.AssociationFactory(name="Naapurin Seura ry", site=other_site)

    own_page = directory.url + directory.reverse_subpage("association", args=[neighbour.slug])

    assert client.get(own_page).status_code == 404
    assert _names(client.get(directory.url)) == []
    assert client.get(f"/api/associations/{neighbour.pk}/").status_code == 404
    assert client.get("/api/associations/").json()["count"] == 0


def test_the_association_page_shows_its_published_details_with_finnish_phone_links(
    client, directory
):
    association = factories.AssociationFactory(
        name="Kulttuuriyhdistys Kajo ry",
        registry_number="123.456",
        business_id="1234567-1",
        website="https://kajo.example/",
        email="kajo@yhdistys.example",
        phone="+358401234567",
        description="Konsertteja ja näyttelyitä.\nKaikille avoin.",
        contact_name="Kaija Kajo",
        contact_role="puheenjohtaja",
        contact_phone="+35891234567",
        contact_email="kaija@kajo.example",
        published_fields=[
            "registry_number",
            "website",
            "email",
            "phone",
            "description",
            "contact_name",
            "contact_phone",
        ],
        fields=["culture"],
    )

    response = client.get(
        directory.url + directory.reverse_subpage("association", args=[association.slug])
    )

    assert response.status_code == 200
    html = response.text
    assert "<h1>Kulttuuriyhdistys Kajo ry</h1>" in html
    assert '<a href="tel:+358401234567">040 123 4567</a>' in html
    assert '<a href="tel:+35891234567">09 123 4567</a>' in html
    assert 'href="mailto:kajo@yhdistys.example"' in html
    assert 'href="https://kajo.example/"' in html
    for shown in ("123.456", "Kaija Kajo", "Kulttuuri"):
        assert shown in html
    assert "<p>Konsertteja ja näyttelyitä.<br>Kaikille avoin.</p>" in html
    for private in ("1234567-1", "puheenjohtaja", "kaija@kajo.example"):
        assert private not in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.+?)</script>', html)[1])
    assert data["@type"] == "Organization"
    assert data["name"] == "Kulttuuriyhdistys Kajo ry"
    assert data["telephone"] == "+358401234567"
    assert data["contactPoint"] == {
        "@type": "ContactPoint",
        "name": "Kaija Kajo",
        "telephone": "+35891234567",
    }
    assert "taxID" not in data


def test_html_in_an_association_name_is_shown_as_text(client, directory):
    factories.AssociationFactory(name="<b>Rohkea</b> & Co ry", slug="rohkea")

    response = client.get(directory.url + "rohkea/")

    assert "&lt;b&gt;Rohkea&lt;/b&gt; &amp; Co ry" in response.text
    assert "<b>Rohkea</b>" not in response.text


def test_other_apps_link_an_association_to_its_directory_page(directory, home_page):
    association = factories.AssociationFactory(name="Linkattava Seura ry")

    assert association.directory_url() == "/yhdistykset/linkattava-seura-ry/"
    listed = Association.objects.with_directory_page().get(pk=association.pk)
    assert listed.directory_full_url() == "http://localhost/yhdistykset/linkattava-seura-ry/"
    directory.unpublish()
    assert Association.objects.get(pk=association.pk).directory_url() == ""


def test_the_sitemap_lists_the_published_associations_pages(client, directory):
    shown = factories.AssociationFactory(name="Näkyvä Seura ry")
    hidden = factories.AssociationFactory(name="Piilo Seura ry", is_listed=False)

    sitemap = client.get("/sitemap.xml").content.decode()

    assert f"<loc>http://localhost/yhdistykset/{shown.slug}/</loc>" in sitemap
    assert "<loc>http://localhost/yhdistykset/</loc>" in sitemap
    assert hidden.slug not in sitemap


def test_the_site_search_finds_an_association_by_its_name_and_published_description(
    client, directory
):
    factories.AssociationFactory(
        name="Kalastusseura Siika ry", description="Pilkkikisat joka talvi."
    )

    by_name = client.get("/haku/?q=kalastusseuran")
    by_description = client.get("/haku/?q=pilkkikisa")

    for response in (by_name, by_description):
        assert '<a href="/yhdistykset/kalastusseura-siika-ry/">Kalastusseura Siika ry</a>' in (
            response.text
        )
        assert "Yhdistys" in response.text
    assert "<mark>Pilkkikisat</mark>" in by_description.text


# --- The API -----------------------------------------------------------------------------


def test_the_api_lists_published_fields_only_and_leaves_the_others_out(client, directory):
    association = factories.AssociationFactory(
        name="Rajapinnan Seura ry",
        description=PRIVATE_DESCRIPTION,
        contact_name="Piia Piilo",
        published_fields=["email", "phone"],
        fields=["village"],
    )
    factories.AssociationFactory(name="Piilossa ry", is_listed=False)

    listing = client.get("/api/associations/").json()
    detail = client.get(f"/api/associations/{association.pk}/").json()

    assert listing["count"] == 1
    assert listing["items"] == [detail]
    assert detail == {
        "id": association.pk,
        "name": "Rajapinnan Seura ry",
        "url": "http://localhost/yhdistykset/rajapinnan-seura-ry/",
        "fields_of_activity": [{"slug": "village", "name": "Kylä- ja asukastoiminta"}],
        "email": association.email,
        "phone": "+358401234567",
    }


def test_the_api_filters_like_the_directory_page(client, directory):
    factories.AssociationFactory(
        name="Östersundomin Soutajat ry", fields=["sports"], description="Souturetkiä kesällä."
    )
    factories.AssociationFactory(name="Aamun Laulajat ry", fields=["culture"])

    def names(**query):
        response = client.get("/api/associations/?" + urlencode(query))
        assert response.status_code == 200
        return [item["name"] for item in response.json()["items"]]

    assert names() == ["Aamun Laulajat ry", "Östersundomin Soutajat ry"]
    assert names(field="sports") == ["Östersundomin Soutajat ry"]
    assert names(letter="Ö") == ["Östersundomin Soutajat ry"]
    assert names(q="souturetki") == ["Östersundomin Soutajat ry"]
    assert names(q="laulajat", field="sports") == []
    assert client.get("/api/associations/?letter=1").status_code == 422
    assert client.get("/api/associations/?field=kissa").status_code == 422


def _token_for(user):
    _token, plaintext = APIToken.create_token(user=user, name="Yhdistyksen sovellus")
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_a_representative_token_reads_the_whole_record_and_another_token_does_not(
    client, directory
):
    association = factories.AssociationFactory(
        name="Edustettu Seura ry",
        description=PRIVATE_DESCRIPTION,
        contact_name="Eeva Edustaja",
        contact_email="eeva@edustettu.example",
        published_fields=["email"],
    )
    representative = factories.ParticipantFactory()
    Representation.objects.create(
        user=representative, association=association, state=RepresentationState.CONFIRMED
    )
    asking = factories.ParticipantFactory()
    Representation.objects.create(user=asking, association=association)

    own = client.get("/api/me/associations/", **_token_for(representative))
    other = client.get("/api/me/associations/", **_token_for(asking))

    assert own.status_code == 200
    record = own.json()["items"][0]
    assert record["description"] == PRIVATE_DESCRIPTION
    assert record["contact_email"] == "eeva@edustettu.example"
    assert record["published_fields"] == ["email"]
    assert record["in_directory"] is True
    assert record["business_id"] == ""
    assert other.json()["items"] == []
    assert client.get("/api/me/associations/").status_code == 401


def test_a_representative_reports_changes_through_the_api_for_staff_to_review(
    client, directory, committed, run_background_worker
):
    from associations.models import AssociationReport

    association = factories.AssociationFactory(name="Raportoiva Seura ry", phone="+358401234567")
    representative = factories.ParticipantFactory()
    Representation.objects.create(
        user=representative, association=association, state=RepresentationState.CONFIRMED
    )
    url = f"/api/me/associations/{association.pk}/reports/"

    refused = client.post(
        url,
        {"business_id": "1234567-2", "phone": "040 765 4321"},
        content_type="application/json",
        **_token_for(representative),
    )
    assert refused.status_code == 422
    assert "business_id" in refused.json()["fields"]
    assert not AssociationReport.objects.exists()

    with committed():
        sent = client.post(
            url,
            {"phone": "040 765 4321", "published_fields": ["phone"]},
            content_type="application/json",
            **_token_for(representative),
        )
    assert sent.status_code == 202, sent.content
    assert sent.json()["state"] == "unconfirmed"
    report = AssociationReport.objects.get()
    assert (report.association, report.submitted_by) == (association, representative)
    assert report.data["phone"] == "+358407654321"
    assert report.data["name"] == "Raportoiva Seura ry"  # what was not sent stays
    association.refresh_from_db()
    assert association.phone == "+358401234567"  # nothing changes before staff accept
    run_background_worker()
    assert [message.to for message in mail.outbox] == [[representative.email]]

    stranger = factories.ParticipantFactory()
    other = client.post(
        url, {"phone": "040 1"}, content_type="application/json", **_token_for(stranger)
    )
    assert other.status_code == 404
