"""The guideline's version history, one version, and a comparison of two: pages without JS.

The GuidelinePage routes (guidelines/models.py) call these with the live page; the rules
are guidelines.versions'. Addresses use Finnish words: versiot/, versiot/2/,
versiot/1/vertaa/2/.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guidelines import versions as services
from guidelines.versions import compare_url, version_url


class CompareForm(forms.Form):
    """Two versions to compare; the address carries them in Finnish (?vanha=1&uusi=2)."""

    vanha = forms.TypedChoiceField(label=gettext_lazy("Older version"), coerce=int)
    uusi = forms.TypedChoiceField(label=gettext_lazy("Newer version"), coerce=int)

    def __init__(self, versions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(version.number, _choice_label(version)) for version in versions]
        self.fields["vanha"].choices = choices
        self.fields["uusi"].choices = choices
        if len(versions) >= 2:
            self.fields["vanha"].initial = versions[-2].number
            self.fields["uusi"].initial = versions[-1].number
        for name in self.fields:
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose one of the versions in the list."
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("vanha") is not None and cleaned.get("vanha") == cleaned.get("uusi"):
            raise ValidationError(_("Choose two different versions to compare."))
        return cleaned


def _choice_label(version):
    return _("Version %(number)s (%(label)s, %(date)s)") % {
        "number": version.number,
        "label": version.label,
        "date": date_format(localtime(version.published_at), "SHORT_DATE_FORMAT"),
    }


def _render(request, page, template, status=200, **context):
    context.update(page=page, self=page, request=request)
    return TemplateResponse(request, f"guidelines/versions/{template}.html", context, status=status)


def history(request, page, form=None, status=200):
    versions = services.published_versions(page)
    if form is None:
        form = CompareForm(versions)
    rows = [
        {
            "version": version,
            "url": version.url,
            "previous_url": (
                compare_url(page, versions[index - 1].number, version.number) if index else None
            ),
        }
        for index, version in enumerate(versions)
    ]
    return _render(
        request,
        page,
        "history",
        status=status,
        rows=list(reversed(rows)),  # newest first, as people look for the latest
        form=form,
        compare_action=page.url + page.reverse_subpage("compare_form"),
        adopted=services.latest_adopted(versions),
    )


def compare_form(request, page):
    """The history page's form: to the comparison's own address, or back with the reason."""
    versions = services.published_versions(page)
    form = CompareForm(versions, request.GET)
    if not form.is_valid():
        return history(request, page, form=form, status=400)
    old, new = sorted([form.cleaned_data["vanha"], form.cleaned_data["uusi"]])
    return redirect(compare_url(page, old, new))


def version(request, page, number):
    shown = services.get_version(page, number)
    versions = services.published_versions(page)
    latest = versions[-1]
    return _render(
        request,
        page,
        "version",
        version=shown,
        latest=latest,
        is_latest=shown.number == latest.number,
        adopted=services.latest_adopted(versions),
        previous_url=compare_url(page, number - 1, number) if number > 1 else None,
        latest_url=(compare_url(page, number, latest.number) if number != latest.number else None),
        history_url=page.url + page.reverse_subpage("versions"),
    )


def compare(request, page, old, new):
    if old > new:  # one address per pair: the older version first
        return redirect(compare_url(page, new, old), permanent=True)
    try:
        comparison = services.compare(page, old, new)
    except ValidationError:
        # The same version twice: the history page with the choice kept and the reason
        # (the form's own check, so the message is the same as when it was chosen there).
        form = CompareForm(services.published_versions(page), {"vanha": old, "uusi": new})
        form.is_valid()
        return history(request, page, form=form, status=400)
    return _render(
        request,
        page,
        "compare",
        comparison=comparison,
        old_url=version_url(page, old),
        new_url=version_url(page, new),
        history_url=page.url + page.reverse_subpage("versions"),
    )
