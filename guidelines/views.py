"""The guideline page's comments: what each section shows, and the comment and "useful"
buttons. The rules are in guidelines.comments; these views only call them."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page

from core import reports
from core.comments import posted_message
from core.errors import Refused
from core.forms import ReportForm, add_service_errors
from core.links import page_url
from core.models import ModerationRule, ModerationState, ReportReason
from core.text import render_plain_text
from core.views import login_url, public_name, safe_next, wants_json
from guidelines import comments
from guidelines.forms import SectionCommentForm
from guidelines.models import CommentPeriodState, GuidelineComment
from guidelines.summary import is_published, summary_of
from guidelines.versions import version_url


def comment_count_text(count):
    return ngettext("%(count)s comment", "%(count)s comments", count) % {"count": count}


def _sub(page, request, name, *args):
    return page_url(page, request) + page.reverse_subpage(name, args=args)


def _closed_reason(period_state):
    """The one sentence saying why a section cannot be commented on now."""
    if period_state == CommentPeriodState.UPCOMING:
        return _("Comments can be written once the comment period opens.")
    if period_state is None:
        return _("The guideline is not open for comments.")
    return _("The comment period has ended; the comments stay readable here.")


def page_context(request, page, *, versions=(), bound=None, problem=None):
    """Everything the guideline page shows, in a constant number of queries.

    `versions` are the page's published versions (guidelines.versions), already read: a
    comment written on an earlier one links to it. `bound` is a comment form sent back with
    errors: it takes the place of the blank form it was written in, so the person's text is
    kept.
    """
    version_numbers = {version.revision_id: version.number for version in versions}
    user = request.user
    now = timezone.now()
    period = comments.current_period(page)
    state = period.state(now) if period else None
    threads, marked = comments.section_comments(period, user)
    can_comment = period is not None and comments.can_comment(period, user)
    open_now = state == CommentPeriodState.OPEN
    sections = list(page.sections.all())
    for section in sections:
        section.threads = threads.get(section.key, [])
        section.comment_count = comments.shown_count(section.threads)
        section.comment_count_text = comment_count_text(section.comment_count)
        for thread in section.threads:
            for comment in [thread, *thread.reply_list]:
                _prepare(comment, section, request, page, period, marked, open_now, version_numbers)
            if can_comment and not thread.is_placeholder:
                thread.reply_form = _form_for(bound, section, reply_to=thread)
        if can_comment:
            section.comment_form = _form_for(bound, section)
    return {
        "sections": sections,
        "period": period,
        "period_state": state,
        "period_in_words": period.state_in_words(now) if period else "",
        "comments_open": open_now,
        "pre_moderated": period is not None and period.moderation == ModerationRule.BEFORE,
        "can_comment": can_comment,
        "closed_reason": None if open_now else _closed_reason(state),
        "comment_url": _sub(page, request, "comment"),
        "summary_url": _sub(page, request, "summary") if is_published(period) else None,
        "login_url": login_url(request) if open_now and not user.is_authenticated else None,
        "problem": problem,
        "report_reasons": ReportReason.choices,
        "orphan_form": bound if bound is not None and not _placed(bound, sections) else None,
    }


def _placed(form, sections):
    return any(
        getattr(s, "comment_form", None) is form
        or any(getattr(t, "reply_form", None) is form for t in s.threads)
        for s in sections
    )


def _form_for(bound, section, reply_to=None):
    """The bound form if it was written here, else a blank one."""
    if bound is not None and str(bound.data.get("section")) == str(section.key):
        parent = bound.data.get("parent") or ""
        if (reply_to is None and not parent) or (
            reply_to is not None and parent == str(reply_to.pk)
        ):
            return bound
    return SectionCommentForm(section=section, reply_to=reply_to)


def _prepare(comment, section, request, page, period, marked, open_now, version_numbers):
    if comment.is_placeholder:
        return
    user = request.user
    comment.body_html = render_plain_text(comment.body)
    comment.answer_html = render_plain_text(comment.answer) if comment.answered_at else ""
    comment.author_name = public_name(comment.author)
    comment.is_pending = comment.state == ModerationState.PENDING
    comment.earlier_version = comment.on_earlier_version(section)
    number = version_numbers.get(comment.revision_id) if comment.earlier_version else None
    comment.earlier_version_url = version_url(page, number) if number else None
    comment.marked_useful = comment.pk in marked
    comment.useful_text = ngettext(
        "%(count)s person found this useful",
        "%(count)s people found this useful",
        comment.useful_count,
    ) % {"count": comment.useful_count}
    comment.period = period
    comment.can_report = reports.can_report(comment, user)
    comment.report_url = _sub(page, request, "report", comment.pk)
    if open_now:
        comment.can_mark_useful = comments.can_mark_useful(comment, user)
        comment.useful_url = _sub(page, request, "useful", comment.pk)


def serve_page(request, page, *, bound=None, problem=None, status=200):
    context = page.get_context(request, bound=bound, problem=problem)
    return TemplateResponse(request, page.get_template(request), context, status=status)


def _refused(request, page, error, bound=None):
    if wants_json(request):
        return JsonResponse(
            {"ok": False, "code": error.code, "message": str(error.message)}, status=error.status
        )
    return serve_page(request, page, bound=bound, problem=str(error.message), status=error.status)


def comment(request, page):
    """A comment on a section, or a reply to one (one level deep)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    period = comments.current_period(page)
    if not request.user.is_authenticated:
        if wants_json(request):
            return JsonResponse({"ok": False, "code": "not_signed_in"}, status=403)
        return redirect(login_url(request, page.get_url(request)))
    parent = None
    parent_id = request.POST.get("parent") or ""
    if parent_id.isdigit() and period is not None:
        parent = period.comments.select_related("parent").filter(pk=int(parent_id)).first()
    form = SectionCommentForm(request.POST, reply_to=parent, auto_id="id_sent_%s")
    if parent_id and parent is None:
        form.add_error(None, _("The comment you replied to is not available."))
    if form.is_valid():
        try:
            new = comments.add_comment(
                request,
                period,
                section_key=form.cleaned_data["section"],
                body=form.cleaned_data["body"],
                parent=parent,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        except Refused as error:
            return _refused(request, page, error, bound=form)
        else:
            message = posted_message(new)
            if wants_json(request):
                return JsonResponse({"ok": True, "id": new.pk, "message": message})
            messages.success(request, message)
            return redirect(page.get_url(request) + f"#comment-{new.pk}")
    message = _("Please check your comment.")
    if wants_json(request):
        errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
        return JsonResponse({"ok": False, "message": message, "errors": errors}, status=400)
    return serve_page(request, page, bound=form, problem=message, status=400)


def useful(request, page, comment_id):
    """The "useful" button. `useful=add` or `useful=remove` says what the button showed, so
    a second click that arrives late never undoes the first."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not request.user.is_authenticated:
        if wants_json(request):
            return JsonResponse({"ok": False, "code": "not_signed_in"}, status=403)
        return redirect(login_url(request, page.get_url(request)))
    target = (
        GuidelineComment.objects.select_related("period__guideline")
        .filter(pk=comment_id, period__guideline=page)
        .first()
    )
    if target is None:
        raise Http404
    intent = request.POST.get("useful")
    try:
        if intent == "remove":
            marked, count = False, comments.unmark_useful(request, target)
        else:
            marked, count = True, comments.mark_useful(request, target)
    except Refused as error:
        return _refused(request, page, error)
    message = _("Marked useful.") if marked else _("Your mark has been taken back.")
    if wants_json(request):
        return JsonResponse({"ok": True, "marked": marked, "useful_count": count})
    messages.success(request, message)
    return redirect(safe_next(request, page.get_url(request)) + f"#comment-{target.pk}")


def report(request, page, comment_id):
    """ "Ilmoita asiattomasta" under a comment: a participant asks a moderator to look."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    target = (
        GuidelineComment.objects.select_related("period__guideline", "author")
        .filter(pk=comment_id, period__guideline=page)
        .first()
    )
    # What is not shown on the page cannot be reported, nor even named here.
    if target is None or not target.is_visible:
        raise Http404
    back = page.get_url(request)
    if target.proposal_id:  # a comment on a suggested edit is on the edit's own page
        back += page.reverse_subpage("proposal", args=[target.proposal_id])
    return report_text(
        request,
        target,
        back=back + f"#comment-{target.pk}",
        refused=lambda problem, status: serve_page(request, page, problem=problem, status=status),
    )


def report_text(request, target, *, back, refused):
    """Report a comment or a suggested edit (core.reports) and go `back`; `refused`
    renders the page the report was sent from with the problem."""
    if not request.user.is_authenticated:
        if wants_json(request):
            return JsonResponse({"ok": False, "code": "not_signed_in"}, status=403)
        # Back to the page; the fragment would be lost in the sign-in's `next`.
        return redirect(login_url(request, back.partition("#")[0]))
    form = ReportForm(request.POST)
    if not form.is_valid():
        message = _("Choose a reason for your report.")
        if wants_json(request):
            return JsonResponse({"ok": False, "message": message}, status=400)
        return refused(message, 400)
    try:
        reports.report(request, target, form.cleaned_data["reason"])
    except Refused as error:
        if wants_json(request):
            return JsonResponse(
                {"ok": False, "code": error.code, "message": str(error.message)},
                status=error.status,
            )
        return refused(str(error.message), error.status)
    message = _("Thank you. A moderator will look at what you reported.")
    if wants_json(request):
        return JsonResponse({"ok": True, "message": message})
    messages.success(request, message)
    return redirect(back)


def summary(request, page):
    """Every comment of the concluded period with its answer, grouped by section."""
    period = comments.current_period(page)
    if not is_published(period):
        raise Http404
    groups, counts = summary_of(period)
    for group in groups:
        for comment in group.comments:
            comment.body_html = render_plain_text(comment.body)
            comment.author_name = public_name(comment.author)
            comment.answer_html = render_plain_text(comment.answer) if comment.answered_at else ""
        for proposal in group.proposals:
            proposal.url = _sub(page, request, "proposal", proposal.pk)
            proposal.author_name = public_name(proposal.author)
            proposal.comment_count_text = comment_count_text(proposal.comment_count)
            proposal.reason_html = render_plain_text(proposal.decision_reason)
    # Wagtail's own page context, not the guideline page's: the summary shows none of the
    # page's sections, threads or versions, so it does not read them.
    context = Page.get_context(page, request)
    context.update(
        groups=groups,
        outcome_counts=counts,
        period=period,
        period_in_words=period.state_in_words(),
    )
    return TemplateResponse(request, "guidelines/summary.html", context)
