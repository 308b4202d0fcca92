"""The register's foundation: identifiers as Finns write them, and a history that misses nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import Site

from associations.identifiers import normalize_business_id, normalize_registry_number
from associations.models import Association, AssociationChange, ChangeSource
from associations.register import change_association, create_association


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("123456", "123.456"),
        ("123.456", "123.456"),
        ("12345", "12.345"),
        (" 1.234 ", "1.234"),
        ("42", "42"),
        ("", ""),
    ],
)
def test_a_registry_number_is_stored_with_the_dot_before_the_last_three_digits(typed, stored):
    assert normalize_registry_number(typed) == stored


@pytest.mark.parametrize("typed", ["1234567", "12a.456", "123,45x", "0"])
def test_a_malformed_registry_number_gets_a_finnish_message(typed):
    with translation.override("fi"), pytest.raises(ValidationError) as refused:
        normalize_registry_number(typed)
    assert refused.value.code == "invalid_registry_number"
    assert "Kirjoita yhdistysrekisterinumero" in str(refused.value.messages[0])


def test_a_business_id_is_checked_with_its_weighted_check_digit():
    # 1234567: 1·7 + 2·9 + 3·10 + 4·5 + 5·8 + 6·4 + 7·2 = 153; 153 mod 11 = 10 → 11 − 10 = 1.
    assert normalize_business_id("12345671") == "1234567-1"
    assert normalize_business_id("1234567-1") == "1234567-1"
    with pytest.raises(ValidationError, match="tarkistusmerkki ei täsmää"):
        normalize_business_id("1234567-2")
    with pytest.raises(ValidationError, match="seitsemänä numerona"):
        normalize_business_id("123-4")


def test_remainder_one_makes_every_business_id_invalid():
    # 0000110: 1·8 + 1·4 = 12, and 12 mod 11 = 1: no check digit can make it valid.
    for check in "0123456789":
        with pytest.raises(ValidationError):
            normalize_business_id(f"0000110-{check}")


@pytest.fixture
def site(home_page):
    return Site.objects.get(is_default_site=True)


def test_creating_and_changing_a_record_keeps_who_changed_what(site, editor):
    association = create_association(
        site,
        {
            "name": "Järvelän Latu ry",
            "fields_of_activity": ["sports"],
            "phone": "+358401234567",
            "published_fields": ["phone"],
        },
        by=editor,
    )
    assert association.slug == "jarvelan-latu-ry"
    assert association.confirmed_at is not None

    change = change_association(
        association,
        {"phone": "+358401234568", "fields_of_activity": ["sports", "village"]},
        by=editor,
        source=ChangeSource.STAFF,
    )
    assert change.changed_by == editor
    assert change.changes == {
        "fields_of_activity": [["sports"], ["sports", "village"]],
        "phone": ["+358401234567", "+358401234568"],
    }
    assert [c.source for c in AssociationChange.objects.filter(association=association)] == [
        ChangeSource.STAFF,
        ChangeSource.REPORT,
    ]


def test_saving_the_same_values_again_records_nothing(site):
    association = create_association(site, {"name": "Nuorisoseura Virta"})
    assert change_association(association, {"name": "Nuorisoseura Virta"}, source="staff") is None
    assert association.changes.count() == 1


def test_only_published_fields_reach_the_public(site):
    association = create_association(
        site,
        {
            "name": "Kyläyhdistys ry",
            "email": "kyla@yhdistys.example",
            "contact_name": "Salainen Henkilö",
            "contact_email": "salainen@koti.example",
            "published_fields": ["email"],
        },
    )
    assert association.public_values() == {"email": "kyla@yhdistys.example"}
    assert Association.objects.published().filter(pk=association.pk).exists()


def test_a_record_unconfirmed_for_eighteen_months_leaves_the_directory(site, settings):
    import datetime

    from django.utils import timezone

    association = create_association(site, {"name": "Vanha Seura ry"})
    Association.objects.filter(pk=association.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=13 * 31)
    )
    assert Association.objects.needing_confirmation().filter(pk=association.pk).exists()
    assert Association.objects.published().filter(pk=association.pk).exists()
    Association.objects.filter(pk=association.pk).update(
        confirmed_at=timezone.now() - datetime.timedelta(days=19 * 31)
    )
    assert not Association.objects.published().filter(pk=association.pk).exists()
