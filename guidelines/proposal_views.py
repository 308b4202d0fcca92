"""Suggested edits on the guideline's pages: the form, each proposal's own page, support
and comments. Everything works as plain forms; the rules are guidelines.proposals'."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import reports
from core.comments import posted_message
from core.errors import Refused
from core.forms import add_service_errors
from core.links import page_url
from core.models import ModerationRule, ModerationState, ReportReason
from core.text import render_plain_text
from core.views import login_url, public_name, wants_json
from guidelines import comments, proposals
from guidelines.forms import FORMATTING_KEPT, ProposalForm, SectionCommentForm
from guidelines.models import GuidelineProposal, GuidelineSection, ProposalOutcome
from guidelines.versions import published_versions
from guidelines.views import _prepare, comment_count_text, report_text


def _sub(page, name, *args):
    return page_url(page) + page.reverse_subpage(name, args=args)


def annotate_sections(request, page, context):
    """The guideline page: each section's proposals (one query) and its "suggest" link."""
    period = context.get("period")
    by_section = proposals.section_proposals(period, request.user)
    for section in context.get("sections", []):
        section.proposals = by_section.get(section.key, [])
        for proposal in section.proposals:
            proposal.url = _sub(page, "proposal", proposal.pk)
        if context.get("comments_open"):
            section.propose_url = _sub(page, "propose") + f"?kohta={section.key}"


def _render(request, page, template, status=200, **context):
    context.update(page=page, self=page, request=request)
    return TemplateResponse(
        request, f"guidelines/proposals/{template}.html", context, status=status
    )


def _form_page(request, page, period, form, section, *, problem=None, status=200):
    return _render(
        request,
        page,
        "form",
        status=status,
        form=form,
        section=section,
        pre_moderated=period is not None and period.moderation == ModerationRule.BEFORE,
        problem=problem,
        formatting_kept=FORMATTING_KEPT,
        action=_sub(page, "propose"),
    )


def propose(request, page):
    """ehdotus/?kohta=<section key>: the form, starting from the section's current text."""
    period = comments.current_period(page)
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not request.user.is_authenticated:
        return redirect(login_url(request))
    if request.method == "GET":
        try:
            key = uuid.UUID(request.GET.get("kohta") or "")
        except ValueError:
            raise Http404 from None
        section = proposals.current_section(page, key)
        if section is None:
            raise Http404
        refused = proposals.propose_refusal(period, request.user)
        if refused is not None:
            return _form_page(
                request,
                page,
                period,
                None,
                section,
                problem=str(refused.message),
                status=refused.status,
            )
        form = ProposalForm(
            initial={"section": section.key, "text": proposals.section_as_text(section)}
        )
        return _form_page(request, page, period, form, section)
    form = ProposalForm(request.POST)
    section = (
        proposals.current_section(page, request.POST.get("section")) if form.is_valid() else None
    )
    if form.is_valid():
        try:
            new = proposals.propose_edit(
                request,
                period,
                section_key=form.cleaned_data["section"],
                text=form.cleaned_data["text"],
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except Refused as error:
            return _form_page(
                request,
                page,
                period,
                form,
                section,
                problem=str(error.message),
                status=error.status,
            )
        else:
            messages.success(request, posted_message(new, proposals.PROPOSAL_POSTED))
            return redirect(_sub(page, "proposal", new.pk))
    return _form_page(
        request,
        page,
        period,
        form,
        section,
        problem=_("Please check your suggested edit."),
        status=400,
    )


def _shown_proposal(request, page, proposal_id):
    proposal = (
        GuidelineProposal.objects.shown_to(request.user)
        .select_related("period__guideline", "author")
        .filter(pk=proposal_id, period__guideline=page)
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal


def proposal(request, page, proposal_id, *, bound=None, problem=None, status=200):
    """A proposal's own page: its diff against its base, rationale, support, comments."""
    shown = _shown_proposal(request, page, proposal_id)
    user = request.user
    period = shown.period
    section = proposals.current_section(page, shown.section_key)
    open_now = period.is_open() and page.live
    threads, marked = proposals.proposal_comments(shown, user)
    versions = published_versions(page)
    version_numbers = {version.revision_id: version.number for version in versions}
    # A comment is compared with the section as it now reads; a section that is gone is
    # read as the text the proposal was written on, so its comments still render.
    reading = section or GuidelineSection(
        key=shown.section_key,
        title=shown.base_title,
        body=proposals.text_as_rich_text(shown.base_text),
    )
    can_comment = comments.can_comment(period, user) and section is not None
    for thread in threads:
        for comment in [thread, *thread.reply_list]:
            _prepare(comment, reading, request, page, period, marked, open_now, version_numbers)
        if can_comment and not thread.is_placeholder:
            thread.reply_form = _comment_form(bound, shown, reply_to=thread)
    return _render(
        request,
        page,
        "proposal",
        status=status,
        proposal=shown,
        diff=proposals.proposal_diff(shown),
        rationale_html=render_plain_text(shown.rationale),
        reason_html=render_plain_text(shown.decision_reason) if shown.decision_reason else "",
        author_name=public_name(shown.author),
        is_pending=shown.state == ModerationState.PENDING,
        section=section,
        changed_since=proposals.section_changed_since(shown, section),
        published_in=proposals.published_in(shown, versions),
        current_url=page.url + f"#{section.anchor}" if section else None,
        can_support=proposals.can_support(shown, user),
        supported=proposals.supported_by(user, shown),
        support_text=ngettext(
            "%(count)s person supports this", "%(count)s people support this", shown.support_count
        )
        % {"count": shown.support_count},
        support_url=_sub(page, "support", shown.pk),
        threads=threads,
        comment_count_text=comment_count_text(comments.shown_count(threads)),
        comment_form=_comment_form(bound, shown) if can_comment else None,
        comment_url=_sub(page, "proposal_comment", shown.pk),
        next_url=_sub(page, "proposal", shown.pk),
        login_url=login_url(request) if open_now and not user.is_authenticated else None,
        is_open=shown.outcome == ProposalOutcome.OPEN,
        propose_url=(
            _sub(page, "propose") + f"?kohta={section.key}"
            if section is not None and proposals.can_propose(period, user)
            else None
        ),
        report_reasons=ReportReason.choices,
        can_report=reports.can_report(shown, user),
        report_url=_sub(page, "proposal_report", shown.pk),
        problem=problem,
    )


def _comment_form(bound, shown, reply_to=None):
    """The bound form if it was written here, else a blank one."""
    if bound is not None and (bound.data.get("parent") or "") == (
        str(reply_to.pk) if reply_to is not None else ""
    ):
        return bound
    auto_id = f"id_reply_{reply_to.pk}_%s" if reply_to is not None else "id_proposal_comment_%s"
    form = SectionCommentForm(reply_to=reply_to, auto_id=auto_id)
    form.initial["section"] = shown.section_key
    return form


def support(request, page, proposal_id):
    """The support button; `support=add` or `support=remove` says what the button showed."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = _shown_proposal(request, page, proposal_id)
    if not request.user.is_authenticated:
        if wants_json(request):
            return JsonResponse({"ok": False, "code": "not_signed_in"}, status=403)
        return redirect(login_url(request, _sub(page, "proposal", target.pk)))
    try:
        if request.POST.get("support") == "remove":
            supported, count = False, proposals.withdraw_support(request, target)
            message = _("Your support has been taken back.")
        else:
            supported, count = True, proposals.support_proposal(request, target)
            message = _("You support this suggested edit.")
    except Refused as error:
        if wants_json(request):
            return JsonResponse(
                {"ok": False, "code": error.code, "message": str(error.message)},
                status=error.status,
            )
        return proposal(request, page, target.pk, problem=str(error.message), status=error.status)
    if wants_json(request):
        return JsonResponse({"ok": True, "supported": supported, "support_count": count})
    messages.success(request, message)
    return redirect(_sub(page, "proposal", target.pk) + "#support")


def comment(request, page, proposal_id):
    """A comment on a proposal, or a reply to one (one level deep)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = _shown_proposal(request, page, proposal_id)
    if not request.user.is_authenticated:
        return redirect(login_url(request, _sub(page, "proposal", target.pk)))
    parent = None
    parent_id = request.POST.get("parent") or ""
    if parent_id.isdigit():
        parent = target.comments.select_related("parent").filter(pk=int(parent_id)).first()
    form = SectionCommentForm(request.POST, reply_to=parent, auto_id="id_sent_%s")
    if parent_id and parent is None:
        form.add_error(None, _("The comment you replied to is not available."))
    if form.is_valid():
        try:
            new = proposals.comment_on_proposal(
                request, target, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except Refused as error:
            return proposal(
                request,
                page,
                target.pk,
                bound=form,
                problem=str(error.message),
                status=error.status,
            )
        else:
            messages.success(request, posted_message(new))
            return redirect(_sub(page, "proposal", target.pk) + f"#comment-{new.pk}")
    return proposal(
        request, page, target.pk, bound=form, problem=_("Please check your comment."), status=400
    )


def report(request, page, proposal_id):
    """ "Ilmoita asiattomasta" on a suggested edit: a participant asks a moderator to look."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = _shown_proposal(request, page, proposal_id)
    # As a comment: only what everyone may read can be reported, nor even named here.
    if not target.is_visible:
        raise Http404
    return report_text(
        request,
        target,
        back=_sub(page, "proposal", target.pk),
        refused=lambda problem, status: proposal(
            request, page, target.pk, problem=problem, status=status
        ),
    )
