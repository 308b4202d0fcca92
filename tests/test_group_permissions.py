"""The moderators' group gets what each app's data migration grants, and loses it on reverse."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group

from core.group_permissions import grant_permissions

PROPOSALS = [
    ("guidelines", "guidelineproposal", "view_guidelineproposal"),
    ("guidelines", "guidelineproposal", "change_guidelineproposal"),
]


def codenames(group):
    return set(group.permissions.values_list("codename", flat=True))


@pytest.mark.django_db
def test_after_the_migrations_moderators_handle_every_kind_of_visitor_text():
    granted = codenames(Group.objects.get(name="Moderaattorit"))
    assert {
        "access_admin",
        "change_idea",
        "change_ideacomment",
        "change_guidelinecomment",
        "change_guidelineproposal",
        "view_dbtaskresult",
    } <= granted
    assert "change_guidelinepage" not in granted, "moderators do not edit pages"


@pytest.mark.django_db
def test_reversing_a_grant_takes_back_only_its_permissions_and_granting_again_restores_them():
    moderators = Group.objects.get(name="Moderaattorit")
    operation = grant_permissions(PROPOSALS)

    operation.reverse_code(apps, None)
    assert not {"view_guidelineproposal", "change_guidelineproposal"} & codenames(moderators)
    assert "change_guidelinecomment" in codenames(moderators)

    operation.code(apps, None)
    assert {"view_guidelineproposal", "change_guidelineproposal"} <= codenames(moderators)


@pytest.mark.django_db
def test_the_grant_makes_a_missing_group_and_reversing_the_one_that_creates_it_removes_it():
    Group.objects.filter(name="Moderaattorit").delete()
    operation = grant_permissions(PROPOSALS, creates_group=True)

    operation.code(apps, None)
    assert codenames(Group.objects.get(name="Moderaattorit")) == {
        "view_guidelineproposal",
        "change_guidelineproposal",
    }
    operation.reverse_code(apps, None)
    assert not Group.objects.filter(name="Moderaattorit").exists()


@pytest.mark.django_db
def test_editors_take_meeting_registrations_and_a_removed_editors_group_stays_removed():
    editors = Group.objects.get(name="Editors")
    assert {"view_registration", "change_registration"} <= codenames(editors)
    assert not {"view_registration", "change_registration"} & codenames(
        Group.objects.get(name="Moderaattorit")
    ), "moderators do not see who registered"

    editors.delete()
    grant_permissions(
        [("forums", "registration", "view_registration")], group="Editors", only_existing=True
    ).code(apps, None)
    assert not Group.objects.filter(name="Editors").exists()


@pytest.mark.django_db
def test_a_grant_to_the_region_wide_moderators_reaches_each_municipalitys_moderators_too(
    home_page,
):
    from wagtail.models import Site

    from core.models import StaffRole
    from core.municipalities import create_staff_groups

    groups = create_staff_groups(Site.objects.get(is_default_site=True), "Järvelä")
    moderators, editors = groups[StaffRole.MODERATORS], groups[StaffRole.EDITORS]
    assert moderators.name == "Järvelä: moderaattorit", "named in Finnish, the site's language"
    operation = grant_permissions(PROPOSALS)
    operation.reverse_code(apps, None)
    assert not {"view_guidelineproposal", "change_guidelineproposal"} & codenames(moderators)

    operation.code(apps, None)
    assert {"view_guidelineproposal", "change_guidelineproposal"} <= codenames(moderators)
    assert "change_guidelineproposal" not in codenames(editors)
