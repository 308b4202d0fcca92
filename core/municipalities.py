"""The municipalities of an install, and which of them a member of staff works for.

A municipality is a Wagtail Site (its own page tree, address and settings); the
region's own site (SiteSettings.is_regional) is a Site but not a municipality. Records
that are not pages carry their Site (`site`); records under a page (an idea on a wall, a
registration for a meeting) belong to the Site whose tree holds the page.

Staff: a group tied to a Site by core.models.MunicipalityGroup works for that
municipality only; a staff group tied to none works for all (a region-wide group).
Superusers work for all. Every admin listing, queue, export and form narrows its records
with `staff_records()` (which applies `for_staff()` / `pages_for_staff()` by the kind's
registered scope) and checks one record with `can_administer_record()`.

Pages and media are Wagtail's own permissions: create_staff_groups gives a
municipality's editors page permissions on their Site's root and permissions on their
own collection. Wagtail's "Editors" group keeps its permissions on the tree root: it is
region-wide, like "Moderaattorit".
"""

from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q
from django.utils import translation
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    GroupSitePermission,
    Page,
    Site,
)

from core.models import MunicipalityGroup, SiteSettings, StaffRole

REGION_WIDE_GROUPS = {StaffRole.EDITORS: "Editors", StaffRole.MODERATORS: "Moderaattorit"}
# What a municipality's own groups may do in its page tree and its collection; the model
# permissions come from the region-wide group of the same role (create_staff_groups).
PAGE_PERMISSIONS = {
    StaffRole.EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    StaffRole.MODERATORS: [],
}
# Wagtail's per-Site permission on the settings (SitePermissionPolicy): a municipality's
# editors change their own Site's settings and are refused (403) any other Site's.
SITE_PERMISSIONS = {StaffRole.EDITORS: ["change_sitesettings"], StaffRole.MODERATORS: []}
COLLECTION_PERMISSIONS = {
    StaffRole.EDITORS: [
        ("wagtailimages", "add_image"),
        ("wagtailimages", "change_image"),
        ("wagtailimages", "choose_image"),
        ("wagtaildocs", "add_document"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "choose_document"),
    ],
    StaffRole.MODERATORS: [("wagtailimages", "choose_image"), ("wagtaildocs", "choose_document")],
}


# --- The municipalities ----------------------------------------------------------------


def municipalities():
    """Every Site that is a municipality (not the region's own), by name."""
    regional = SiteSettings.objects.filter(is_regional=True).values("site_id")
    return (
        Site.objects.exclude(pk__in=regional)
        .select_related("root_page")
        .order_by("site_name", "hostname", "port")
    )


def municipality_by_code(code):
    """The Site whose settings carry `code` (SiteSettings.code), or None."""
    if not code:
        return None
    settings = SiteSettings.objects.filter(code=code).select_related("site").first()
    return settings.site if settings is not None else None


def site_name(site):
    return site.site_name or site.hostname


def pages_on(site, field=""):
    """A Q for pages in `site`'s tree: `field` is the lookup to the page ("wall", "meeting")."""
    prefix = f"{field}__" if field else ""
    return Q(**{f"{prefix}path__startswith": site.root_page.path})


class MunicipalityNames:
    """The name of the municipality a page or a Site is, with the Sites read once: a person's
    data export names, for each of their texts and registrations, where it was written."""

    def __init__(self):
        sites = Site.objects.select_related("root_page")
        self._names = {site.pk: site_name(site) for site in sites}
        # Deepest root first, so the Site whose tree holds a page is the first that matches.
        self._roots = sorted(
            ((site.root_page.path, site_name(site)) for site in sites),
            key=lambda root: len(root[0]),
            reverse=True,
        )

    def of_page(self, page):
        return next((name for path, name in self._roots if page.path.startswith(path)), None)

    def of_site(self, site_id):
        return self._names.get(site_id)


def sites_holding(page, site_field="site"):
    """A Q for records that carry the Site whose tree holds `page` (`site_field` is the
    lookup to their Site): asked in the query that uses it, no query of its own.

    Every Site's root is a page of its own under the tree's root (create_municipality), so
    the Site whose root is above `page` is the one.
    """
    steplen = page.steplen
    above = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    return Q(**{f"{site_field}__root_page__path__in": above})


# --- Staff -----------------------------------------------------------------------------


def staff_sites(user):
    """The Sites `user` works for as staff: a list, or None for every Site.

    Kept on the user object for the request: every listing of a page asks.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return None
    if not hasattr(user, "_yhdessa_staff_sites"):
        groups = list(user.groups.select_related("municipality__site__root_page"))
        tied = [g for g in groups if hasattr(g, "municipality")]
        if len(tied) < len(groups):
            user._yhdessa_staff_sites = None
        else:
            user._yhdessa_staff_sites = list({g.municipality.site for g in tied})
    return user._yhdessa_staff_sites


def works_for_every_municipality(user):
    return staff_sites(user) is None


def for_staff(queryset, user, site_field="site"):
    """`queryset` narrowed to the records of the Sites `user` works for."""
    sites = staff_sites(user)
    if sites is None:
        return queryset
    return queryset.filter(**{f"{site_field}__in": sites})


def pages_for_staff(queryset, user, page_field=""):
    """`queryset` narrowed to records under pages of the Sites `user` works for.

    `page_field` is the lookup from the record to its page ("wall", "meeting__forum");
    empty when the queryset is of pages.
    """
    sites = staff_sites(user)
    if sites is None:
        return queryset
    if not sites:
        return queryset.none()
    return queryset.filter(reduce(or_, (pages_on(site, page_field) for site in sites)))


def can_administer(user, site):
    """May `user`, as staff, see and change the records of `site`?"""
    sites = staff_sites(user)
    return sites is None or (site is not None and site in sites)


def site_of_page(page):
    """The Site whose tree holds `page` (the deepest root above it), or None."""
    roots = {site.root_page.path: site for site in Site.objects.select_related("root_page")}
    matches = [path for path in roots if page.path.startswith(path)]
    return roots[max(matches, key=len)] if matches else None


# --- A new municipality's staff --------------------------------------------------------


def create_staff_groups(site, name):
    """The municipality's editors and moderators, and the collection for its media.

    Each group gets the model permissions of the region-wide group of its role (so a new
    kind of record that a migration grants to "Moderaattorit" reaches them through
    core.group_permissions too), page permissions on the Site's root and permissions on
    its collection. Returns {role: group}; running it again changes nothing.
    """
    collection = _collection_for(name)
    groups = {}
    for role in StaffRole:
        link = (
            MunicipalityGroup.objects.filter(site=site, role=role).select_related("group").first()
        )
        if link is not None:
            groups[role] = link.group
            continue
        # Named in the site's language whatever the command's or request's language is:
        # the admin lists the groups by these names.
        with translation.override(settings.LANGUAGE_CODE):
            group_name = f"{name}: {role.label.lower()}"
        group, _created = Group.objects.get_or_create(name=group_name)
        region_wide = Group.objects.filter(name=REGION_WIDE_GROUPS[role]).first()
        if region_wide is not None:
            # Not the site settings' permissions: given globally they open every Site's
            # settings; a municipality's editors get them on their own Site below.
            group.permissions.add(
                *region_wide.permissions.exclude(content_type__model="sitesettings")
            )
        group.permissions.add(Permission.objects.get(codename="access_admin"))
        for codename in PAGE_PERMISSIONS[role]:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=site.root_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
        for app_label, codename in COLLECTION_PERMISSIONS[role]:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )
        for codename in SITE_PERMISSIONS[role]:
            GroupSitePermission.objects.get_or_create(
                group=group,
                site=site,
                permission=Permission.objects.get(
                    content_type__app_label="core", codename=codename
                ),
            )
        MunicipalityGroup.objects.create(group=group, site=site, role=role)
        groups[role] = group
    return groups


def _collection_for(name):
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing if existing is not None else root.add_child(name=name)


# --- What a kind of record belongs to, for the admin --------------------------------------

# model -> ("site", lookup to its Site) or ("page", lookup to a page in a Site's tree)
STAFF_SCOPES = {}


def register_staff_scope(model, *, site_field=None, page_field=None):
    """Say how the admin finds the municipality of `model`'s records.

    `site_field` is the lookup to the record's Site ("site", "association__site");
    `page_field` the lookup to the page whose tree holds it ("wall", "idea__wall").
    Each app's admin module registers its kinds next to its listings; pages need none.
    """
    if (site_field is None) == (page_field is None):
        raise ValueError("Give exactly one of site_field and page_field.")
    STAFF_SCOPES[model] = ("site", site_field) if site_field else ("page", page_field)


def staff_records(queryset, user):
    """`queryset` (of any kind the admin lists) narrowed to the Sites `user` works for.

    The one place the admin's listings, queues, choosers, exports and one-record pages
    ask; a kind with no registered scope is an error, not a leak.
    """
    model = queryset.model
    if issubclass(model, Page):
        return pages_for_staff(queryset, user)
    scope = next((STAFF_SCOPES[cls] for cls in model.__mro__ if cls in STAFF_SCOPES), None)
    if scope is None:
        raise ImproperlyConfigured(
            f"{model.__name__} has no municipality scope: call register_staff_scope()."
        )
    kind, field = scope
    if kind == "site":
        return for_staff(queryset, user, site_field=field)
    return pages_for_staff(queryset, user, page_field=field)


def can_administer_record(user, record):
    """May `user`, as staff, see and change this one record (of any registered kind)?"""
    if works_for_every_municipality(user):
        return True
    model = type(record)
    return staff_records(model._default_manager.filter(pk=record.pk), user).exists()


def staff_site_choices(user):
    """The Sites a form may put a new record on for `user` (a queryset, for a field)."""
    sites = staff_sites(user)
    every = Site.objects.order_by("site_name", "hostname", "port")
    return every if sites is None else every.filter(pk__in=[site.pk for site in sites])
