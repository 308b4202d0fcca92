"""Every change to the register goes through here, so the history misses none.

Reports accepted by staff, staff's own edits in the admin and the contact person's yearly
confirmation all call `create_association` or `change_association`; each writes one
AssociationChange with the fields' values before and after.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from associations.models import (
    HISTORY_FIELDS,
    PUBLISHABLE_FIELDS,
    RECORD_FIELDS,
    STAFF_FIELDS,
    Association,
    AssociationChange,
    ChangeSource,
    FieldOfActivity,
)
from core.purge import purge_urls


def changed_fields(before, after):
    """{field: [before, after]} for the HISTORY_FIELDS whose values differ."""
    return {
        name: [before.get(name, ""), after.get(name, "")]
        for name in HISTORY_FIELDS
        if name in after and _comparable(before.get(name)) != _comparable(after.get(name))
    }


def _comparable(value):
    if isinstance(value, list | tuple):
        return sorted(value)
    return value or ""


def _unique_slug(site, name, exclude_pk=None):
    base = slugify(name)[:190] or "yhdistys"
    taken = set(
        Association.objects.filter(site=site, slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def _allowed(values, source):
    """The values `source` may set: staff's own fields (is_listed) only from staff."""
    fields = HISTORY_FIELDS if source == ChangeSource.STAFF else RECORD_FIELDS
    return {name: value for name, value in values.items() if name in fields}


def _history_values(association, values):
    """The record's values to compare: RECORD_FIELDS, and staff's own fields being set."""
    staff_values = {name: getattr(association, name) for name in STAFF_FIELDS if name in values}
    return {**association.record_values(), **staff_values}


def _assign(association, values):
    for name in HISTORY_FIELDS:
        if name in values and name != "fields_of_activity":
            setattr(association, name, values[name])
    if "published_fields" in values:
        association.published_fields = [
            name for name in PUBLISHABLE_FIELDS if name in values["published_fields"]
        ]


def _set_fields_of_activity(association, values):
    if "fields_of_activity" in values:
        association.fields_of_activity.set(
            FieldOfActivity.objects.filter(slug__in=values["fields_of_activity"])
        )


@transaction.atomic
def create_association(
    site, values, *, by=None, source=ChangeSource.REPORT, report=None, confirmed_at=None
):
    """A new record from `values` (RECORD_FIELDS' plain values), confirmed as of now or as
    of `confirmed_at` (the demo's records that wait for their yearly confirmation)."""
    values = _allowed(values, source)
    now = timezone.now()
    association = Association(
        site=site, created_at=now, updated_at=now, confirmed_at=confirmed_at or now
    )
    _assign(association, values)
    association.slug = _unique_slug(site, association.name)
    association.full_clean(exclude=["fields_of_activity"])
    association.save()
    _set_fields_of_activity(association, values)
    AssociationChange.objects.create(
        association=association,
        changed_at=now,
        changed_by=by,
        source=source,
        report=report,
        changes=changed_fields({}, _history_values(association, values)),
    )
    return association


@transaction.atomic
def change_association(association, values, *, by=None, source, report=None, confirms=False):
    """Apply `values` to the record and keep what changed; returns the change (or None).

    `confirms` marks the details confirmed as of now (an accepted report or the contact
    person's confirmation vouches for the whole record, changed or not).
    """
    values = _allowed(values, source)
    association = Association.objects.select_for_update().get(pk=association.pk)
    before = _history_values(association, values)
    changes = changed_fields(before, values)
    now = timezone.now()
    _assign(association, values)
    if "name" in changes:
        # The page at the old address answers 404 from now on; the save purges the new one.
        if old_page := association.directory_full_url():
            purge_urls([old_page])
        association.slug = _unique_slug(association.site, association.name, association.pk)
    if confirms:
        association.confirmed_at = now
    if changes:
        association.updated_at = now
    association.full_clean(exclude=["fields_of_activity"])
    association.save()
    _set_fields_of_activity(association, values)
    if not changes and not confirms:
        return None
    return AssociationChange.objects.create(
        association=association,
        changed_at=now,
        changed_by=by,
        source=source,
        report=report,
        changes=changes,
    )
