"""The guideline's public versions: which exist, what each said, and what changed between two.

A version is a revision of the GuidelinePage that went live. It is numbered 1, 2, 3 … in
the order the versions went live, and keeps a copy of its content (see GuidelineVersion
for why). The pages (guidelines/version_views.py), the API (guidelines/api.py) and the
admin form all call these functions; nothing else decides what a version is.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import Http404
from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from core import diff
from core.links import page_url
from guidelines.models import GuidelineSection, GuidelineStatus, GuidelineVersion

# --- Recording a version when a revision goes live -----------------------------------


def record_version(sender, instance, revision, **kwargs):
    """page_published: give the revision that just went live the next number.

    Wagtail sends the signal only when the page is live with this revision: saving a draft,
    submitting for moderation or scheduling a publication for later sends nothing, and
    the scheduled revision gets its number when publish_scheduled makes it live.
    """
    if revision is None:
        return
    with transaction.atomic():
        # One number at a time per page: lock the page row (a no-op on SQLite, whose
        # writes are serialised anyway); the unique constraints back this up.
        Page.objects.select_for_update().filter(pk=instance.pk).first()
        if GuidelineVersion.objects.filter(page_id=instance.pk, revision=revision).exists():
            return  # the same revision published again (e.g. after an unpublish)
        last = GuidelineVersion.objects.filter(page_id=instance.pk).aggregate(n=Max("number"))
        GuidelineVersion.objects.create(
            page_id=instance.pk,
            number=(last["n"] or 0) + 1,
            revision=revision,
            content=revision.content,
            published_at=instance.last_published_at or revision.created_at,
        )


# --- Reading versions ------------------------------------------------------------------


@dataclass
class Version:
    """One published version as people see it: its number and its text as it was then.

    Read straight from the stored copy of the revision's content, without building a
    page (Wagtail's with_content_json queries the tree and the comments for each one),
    so a history of fifty versions costs one query. A field the copy lacks (a version
    published before the field existed) reads as empty.
    """

    number: int
    published_at: object
    revision_id: int
    content: dict
    page: object  # the live page, for addresses; the text is the content's

    @property
    def url(self):
        return version_url(self.page, self.number)

    def _field(self, name):
        return self.content.get(name) or ""

    @property
    def title(self):
        return self._field("title")

    @property
    def intro(self):
        return self._field("intro")

    @property
    def label(self):
        return self._field("version_label")

    @property
    def change_summary(self):
        return self._field("change_summary")

    @property
    def decided_by(self):
        return self._field("decided_by")

    @property
    def adopted_on(self):
        value = self.content.get("adopted_on")
        return parse_date(value) if isinstance(value, str) else value

    @property
    def is_adopted(self):
        return self.content.get("status") == GuidelineStatus.ADOPTED

    @property
    def adoption(self):
        """When and by whom it was adopted, in words ("hyväksytty 10.3.2025, Kunnanhallitus")."""
        if not self.is_adopted:
            return ""
        day = date_format(self.adopted_on, "SHORT_DATE_FORMAT") if self.adopted_on else ""
        body = self.decided_by
        if day and body:
            return _("adopted %(date)s, %(body)s") % {"date": day, "body": body}
        if day:
            return _("adopted %(date)s") % {"date": day}
        if body:
            return _("adopted by %(body)s") % {"body": body}
        return _("adopted")

    @cached_property
    def sections(self):
        """The version's sections in their order, as unsaved GuidelineSection objects."""
        found = [
            GuidelineSection(
                # The stored key, never a fresh default: it is what matches sections across
                # versions (section_identity).
                key=data.get("key"),
                title=data.get("title") or "",
                anchor=data.get("anchor") or "",
                body=data.get("body") or "",
                sort_order=data.get("sort_order") or 0,
            )
            for data in self.content.get("sections") or []
        ]
        return sorted(found, key=lambda section: section.sort_order)


def section_identity(section):
    """What makes two versions' sections "the same section" in a comparison.

    The section's stable key (kept through every edit and revision), so a renamed section
    or one with a new anchor is "changed", not "removed" and "added"; the anchor only for
    content stored without a key.
    """
    return str(section.key) if section.key else section.anchor


def as_version(page, stored):
    """A stored GuidelineVersion of `page` as a Version."""
    return Version(
        number=stored.number,
        published_at=stored.published_at,
        revision_id=stored.revision_id,
        content=stored.content,
        page=page,
    )


def stored_versions(page):
    """The page's GuidelineVersion rows, oldest first (for lists counted and sliced in SQL)."""
    return GuidelineVersion.objects.filter(page_id=page.pk).order_by("number")


def version_url(page, number):
    return page_url(page) + page.reverse_subpage("version", args=[number])


def compare_url(page, old, new):
    return page_url(page) + page.reverse_subpage("compare", args=[old, new])


def published_versions(page):
    """Every published version of the page, oldest first, in one query."""
    return [as_version(page, stored) for stored in stored_versions(page)]


def get_version(page, number):
    """One version by its number, or 404."""
    stored = GuidelineVersion.objects.filter(page_id=page.pk, number=number).first()
    if stored is None:
        raise Http404(_("The guideline has no version %(number)s.") % {"number": number})
    return as_version(page, stored)


def latest_adopted(versions):
    """The newest adopted version in a list from published_versions(), or None."""
    return next((version for version in reversed(versions) if version.is_adopted), None)


def page_context(page):
    """What the guideline page says about its versions: which one the reader sees."""
    versions = published_versions(page)
    return {"versions": versions, "adopted_version": latest_adopted(versions)}


# --- Comparing two versions ------------------------------------------------------------

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"


@dataclass
class SectionChange:
    kind: str
    old: object = None  # the section in the older version (None if added)
    new: object = None  # the section in the newer version (None if removed)
    title: list = field(default_factory=list)  # word diff of the title, when it changed
    body: list = field(default_factory=list)  # word diff of the text, paragraph by paragraph

    @property
    def section(self):
        return self.new or self.old

    @property
    def formatting_only(self):
        """The text reads the same and only its formatting (bold, a list, a link) changed."""
        return self.kind == CHANGED and not self.title and not diff.has_changes(self.body)


@dataclass
class Comparison:
    old: Version
    new: Version
    sections: list

    def count(self, kind):
        return sum(1 for change in self.sections if change.kind == kind)

    @property
    def summary(self):
        """One line with real plurals: "1 kohta muuttui, 1 uusi kohta, 4 kohtaa ennallaan"."""
        # Literal ngettext calls, so that makemessages finds every form.
        changed, added = self.count(CHANGED), self.count(ADDED)
        removed, unchanged = self.count(REMOVED), self.count(UNCHANGED)
        phrases = [
            (changed, ngettext("%(count)s section changed", "%(count)s sections changed", changed)),
            (added, ngettext("%(count)s section added", "%(count)s sections added", added)),
            (removed, ngettext("%(count)s section removed", "%(count)s sections removed", removed)),
            (
                unchanged,
                ngettext("%(count)s section unchanged", "%(count)s sections unchanged", unchanged),
            ),
        ]
        parts = [phrase % {"count": count} for count, phrase in phrases if count]
        return ", ".join(parts) if parts else _("The versions have no sections.")

    @property
    def url(self):
        return compare_url(self.old.page, self.old.number, self.new.number)


def compare_sections(old_sections, new_sections):
    """Section by section: added, removed, changed or unchanged, in the newer order.

    Works on any two lists of sections (or objects with title, anchor and body), so a
    suggested edit can be shown against the text it was written on with the same code.
    A removed section is shown where it stood: after the section that preceded it.
    """
    old_by_key = {section_identity(section): section for section in old_sections}
    new_keys = {section_identity(section) for section in new_sections}
    removed_after = {}  # key of the preceding kept section (None: at the start) -> removed
    previous_kept = None
    for section in old_sections:
        key = section_identity(section)
        if key in new_keys:
            previous_kept = key
        else:
            removed_after.setdefault(previous_kept, []).append(section)

    changes = [_removed(section) for section in removed_after.get(None, [])]
    for section in new_sections:
        key = section_identity(section)
        old = old_by_key.get(key)
        if old is None:
            changes.append(_added(section))
        else:
            changes.append(compare_section(old, section))
            changes.extend(_removed(removed) for removed in removed_after.get(key, []))
    return changes


# A section that came or went has all its text marked, so it reads the same as a diff.


def _added(section):
    return SectionChange(ADDED, new=section, body=diff.diff_rich_text("", section.body))


def _removed(section):
    return SectionChange(REMOVED, old=section, body=diff.diff_rich_text(section.body, ""))


def compare_section(old, new):
    """One section against another text of it: the word diff of its title and its text."""
    if old.title == new.title and diff.same_rich_text(old.body, new.body):
        return SectionChange(UNCHANGED, old=old, new=new)
    title = diff.diff_words(old.title, new.title) if old.title != new.title else []
    body = diff.diff_rich_text(old.body, new.body)
    return SectionChange(CHANGED, old=old, new=new, title=title, body=body)


def compare(page, old_number, new_number):
    """Two versions of the page, section by section; 404 for a number that does not exist.

    The caller decides the order (the pages and the API send the older one first).
    """
    if old_number == new_number:
        raise ValidationError(_("Choose two different versions to compare."), code="same")
    old, new = get_version(page, old_number), get_version(page, new_number)
    return Comparison(old=old, new=new, sections=compare_sections(old.sections, new.sections))


# --- The admin form: a summary for every published version -----------------------------


def _latest_stored(page):
    if page.pk is None:
        return None
    return GuidelineVersion.objects.filter(page_id=page.pk).order_by("-number").first()


def _summary_of(stored):
    return (stored.content.get("change_summary") or "").strip()


def start_a_new_summary(form):
    """The editor opens the page: a summary already published describes that version, so
    the field starts empty for the next one (a summary written in a draft stays)."""
    if form.is_bound or "change_summary" not in form.fields:
        return
    latest = _latest_stored(form.instance)
    if latest is not None and _summary_of(latest) == (form.instance.change_summary or "").strip():
        form.initial["change_summary"] = ""


def clean_change_summary(form):
    """Publishing (or sending for approval) needs a new summary of what changed.

    Wagtail 8 defers the required fields only when the editor saves a draft
    (form.is_deferred_validation); "Julkaise" validates in full, and so does this. The
    summary of the version already published does not count: it describes that version.
    """
    if getattr(form, "is_deferred_validation", False) or "change_summary" not in form.fields:
        return
    summary = (form.cleaned_data.get("change_summary") or "").strip()
    if not summary:
        form.add_error(
            "change_summary",
            _(
                "Describe what changed in this version before publishing. The summary is "
                "shown in the public version history; you can save a draft without it."
            ),
        )
        return
    latest = _latest_stored(form.instance)
    if latest is not None and _summary_of(latest) == summary:
        form.add_error(
            "change_summary",
            _(
                "This is the summary of version %(number)s. Describe what changed in the "
                "version you are publishing now."
            )
            % {"number": latest.number},
        )
