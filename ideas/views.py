"""The public idea wall: the pages a volunteer uses on a phone, with or without JavaScript.

Every write goes through ideas.services. These views only translate between HTTP
and those rules: forms in, redirects out (post/redirect/get), and JSON for the
script in static/js/ideas.js when the request asks for it with
`Accept: application/json` - the same view and the same service call either way.

The IdeaWallPage routes (ideas/models.py) call these functions with the wall.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.models import Page

from core import reports
from core.comments import posted_message
from core.errors import Refused
from core.forms import CommentForm, ReportForm, add_service_errors
from core.links import page_url
from core.models import ModerationRule, ModerationState, ReportReason
from core.text import render_plain_text
from core.views import login_url, public_name, safe_next, wants_json
from ideas import queries, services
from ideas.feeds import IdeaFeed
from ideas.forms import IdeaForm
from ideas.models import IDEAS_PER_PAGE, Idea, IdeaComment, IdeaStatus
from ideas.services import WriteRefused

# Sorts and filters use Finnish words in the address, like the routes do.
SORTS = {
    "uusimmat": (gettext_lazy("Newest"), "newest"),
    "aanet": (gettext_lazy("Most votes"), "votes"),
    "keskustelluimmat": (gettext_lazy("Most discussed"), "discussed"),
}
DEFAULT_SORT = "uusimmat"
COMMENT_ORDERS = {
    "vanhimmat": gettext_lazy("Oldest first"),
    "uusimmat": gettext_lazy("Newest first"),
}
DEFAULT_COMMENT_ORDER = "vanhimmat"
REPORT_KINDS = {"idea": Idea, "kommentti": IdeaComment}


# --- Small helpers ----------------------------------------------------------------


def sub_url(wall, request, name, *args):
    """The address of one of the wall's routes, e.g. sub_url(wall, request, "idea", 5)."""
    return page_url(wall, request) + wall.reverse_subpage(name, args=args)


def _sub(base_url, wall, name, *args):
    """As sub_url, when the wall's own address is already known."""
    return base_url + wall.reverse_subpage(name, args=args)


def _page_context(request, wall, **extra):
    """What base.html needs for a sub-page of the wall, without listing the wall's ideas."""
    context = Page.get_context(wall, request)
    context.update(extra)
    return context


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def vote_count_text(count):
    return ngettext("%(count)s vote", "%(count)s votes", count) % {"count": count}


def comment_count_text(count):
    return ngettext("%(count)s comment", "%(count)s comments", count) % {"count": count}


def _refusal(error):
    """A refused write as (message, HTTP status): 429 for rate limits, 403 for the rules."""
    return str(error.message), error.status


def _json_refusal(error, **extra):
    message, status = _refusal(error)
    return JsonResponse(
        {"ok": False, "code": error.code, "message": message, **extra}, status=status
    )


def _json_form_errors(form, message):
    errors = {field: [str(e) for e in errs] for field, errs in form.errors.items()}
    return JsonResponse({"ok": False, "message": message, "errors": errors}, status=400)


def _refused_page(request, wall, error, back_url=None):
    """A write that cannot be shown beside its form (the idea is gone or hidden)."""
    message, status = _refusal(error)
    context = _page_context(
        request, wall, message=message, back_url=back_url or wall.get_url(request)
    )
    return TemplateResponse(request, "ideas/refused.html", context, status=status)


def _not_signed_in(request, wall, next_url):
    """Writing needs an account: send a browser to sign in, tell the script why not."""
    message = _("Sign in to take part.")
    if wants_json(request):
        return JsonResponse(
            {
                "ok": False,
                "code": "not_signed_in",
                "message": message,
                "login_url": login_url(request, next_url),
            },
            status=403,
        )
    url = login_url(request, next_url)
    if url is None:
        return _refused_page(request, wall, WriteRefused("not_signed_in", message))
    return redirect(url)


# --- Preparing ideas and comments for the templates ---------------------------------


def _signing_in_would_allow(refusal):
    return refusal is not None and refusal.code == "not_signed_in"


def _prepare_idea(idea, wall, base_url, columns, user, *, voted_ids=()):
    """Everything a card shows, computed without a query per idea."""
    idea.wall = wall  # the wall is known; the rules must not fetch it again
    idea.permalink = _sub(base_url, wall, "idea", idea.pk)
    idea.vote_url = _sub(base_url, wall, "vote", idea.pk)
    vote_refusal = services.vote_refusal(idea, user)
    idea.can_vote = vote_refusal is None
    idea.sign_in_to_vote = _signing_in_would_allow(vote_refusal)
    idea.column_name = columns[idea.column_id].name if idea.column_id in columns else ""
    idea.body_html = render_plain_text(idea.body)
    idea.author_name = public_name(idea.author)
    idea.has_voted = idea.pk in voted_ids
    idea.vote_count_text = vote_count_text(idea.vote_count)
    idea.comment_count_text = comment_count_text(idea.comment_count)
    if idea.duplicate_of_id and idea.duplicate_of is not None:
        idea.original_url = _sub(base_url, wall, "idea", idea.duplicate_of_id)
    return idea


def _prepare_comment(comment, base_url, wall, user):
    comment.body_html = render_plain_text(comment.body)
    comment.author_name = public_name(comment.author)
    comment.is_own = user.is_authenticated and comment.author_id == user.pk
    comment.is_pending = comment.state == ModerationState.PENDING
    comment.report_url = _sub(base_url, wall, "report", "kommentti", comment.pk)
    comment.can_report = reports.can_report(comment, user)
    return comment


def wall_state(wall):
    """The rules of the wall in words, for the box at the top of the wall page."""
    return {
        "accepts_ideas": wall.accepts_ideas(),
        "pre_moderated": wall.moderation_rule == ModerationRule.BEFORE,
    }


# --- The wall -----------------------------------------------------------------------


def wall_context(request, wall):
    """The wall page: its columns, the sorted and filtered ideas, one page at a time.

    The number of queries does not grow with the number of ideas: the columns, the
    count, the page of ideas (with authors and originals joined), and for a signed-in
    participant one query for their votes on the page and one for their ideas
    waiting for moderation.
    """
    user = request.user
    base_url = wall.get_url(request)
    columns = {column.pk: column for column in wall.columns.all()}

    sort = request.GET.get("jarjestys", DEFAULT_SORT)
    sort = sort if sort in SORTS else DEFAULT_SORT
    column_id = _int_or_none(request.GET.get("sarake"))
    column_id = column_id if column_id in columns else None
    status = request.GET.get("tila", "")
    status = status if status in IdeaStatus.values else ""

    ideas = queries.wall_ideas(wall, sort=SORTS[sort][1], column_id=column_id, status=status)
    page_of_ideas = Paginator(ideas, IDEAS_PER_PAGE).get_page(request.GET.get("page"))
    shown = list(page_of_ideas.object_list)
    page_of_ideas.object_list = shown

    voted_ids = queries.voted_idea_ids(user, shown)
    own_pending = []
    if user.is_authenticated:
        own_pending = list(
            wall.ideas.filter(
                author=user, state=ModerationState.PENDING, withdrawn_at=None
            ).order_by("-created_at")
        )
        for idea in own_pending:
            idea.permalink = _sub(base_url, wall, "idea", idea.pk)
    state = wall_state(wall)
    for idea in shown:
        _prepare_idea(idea, wall, base_url, columns, user, voted_ids=voted_ids)

    # Padlet-like columns: the ideas of this page under their column, in the wall's order.
    groups = [
        {"column": column, "ideas": [i for i in shown if i.column_id == pk]}
        for pk, column in columns.items()
    ]
    loose = [i for i in shown if i.column_id not in columns]
    if loose:
        groups.append({"column": None, "ideas": loose})
    groups = [group for group in groups if group["ideas"]]

    query = {"jarjestys": sort if sort != DEFAULT_SORT else None}
    query |= {"sarake": column_id, "tila": status or None}
    extra_query = urlencode({key: value for key, value in query.items() if value})
    return {
        "ideas": page_of_ideas,
        "idea_groups": groups,
        "columns": list(columns.values()),
        "sorts": [(key, label) for key, (label, _order) in SORTS.items()],
        "statuses": IdeaStatus.choices,
        "current_sort": sort,
        "current_column": column_id,
        "current_status": status,
        "filtered": bool(column_id or status),
        "extra_query": extra_query,
        "own_pending": own_pending,
        "idea_form": IdeaForm(columns=columns.values())
        if user.is_authenticated and state["accepts_ideas"]
        else None,
        "post_url": _sub(base_url, wall, "post"),
        "feed_url": _sub(base_url, wall, "feed"),
        "login_url": login_url(request),
        "next_url": request.get_full_path(),
        **state,
    }


# --- One idea: the permalink ----------------------------------------------------------


def _idea_for_viewer(request, wall, idea_id):
    return queries.idea_for_viewer(wall.ideas.all(), idea_id, request.user)


def _comments_for(idea, user, order):
    return queries.comment_threads(idea, user, newest_first=order == "uusimmat")


def idea_page(request, wall, idea_id, *, comment_form=None, problem=None, status=200):
    """The idea with its status, the city's answer, comments and every form that acts on it.

    `comment_form` is a form that came back with a problem; it is shown where it was
    filled in (under the idea, or under the comment it replies to) with the text kept.
    """
    user = request.user
    idea = _idea_for_viewer(request, wall, idea_id)
    base_url = wall.get_url(request)
    columns = {column.pk: column for column in wall.columns.all()}
    voted_ids = {idea.pk} if services.has_voted(idea, user) else set()
    _prepare_idea(idea, wall, base_url, columns, user, voted_ids=voted_ids)
    idea.official_answer_html = render_plain_text(idea.official_answer)
    idea.report_url = _sub(base_url, wall, "report", "idea", idea.pk)

    order = request.GET.get("kommentit", DEFAULT_COMMENT_ORDER)
    order = order if order in COMMENT_ORDERS else DEFAULT_COMMENT_ORDER
    comment_refusal = services.comment_refusal(idea, user)
    can_comment = comment_refusal is None
    bound_parent = comment_form.reply_to.pk if comment_form and comment_form.reply_to else None
    threads = _comments_for(idea, user, order)
    for thread in threads:
        _prepare_comment(thread, base_url, wall, user)
        for reply in thread.reply_list:
            _prepare_comment(reply, base_url, wall, user)
        if bound_parent == thread.pk:
            thread.reply_form = comment_form
        elif can_comment and thread.is_visible:
            thread.reply_form = CommentForm(reply_to=thread)
    if comment_form is not None and bound_parent is None:
        new_comment_form = comment_form
    else:
        new_comment_form = CommentForm() if can_comment else None

    context = _page_context(
        request,
        wall,
        idea=idea,
        threads=threads,
        comment_form=new_comment_form,
        problem=problem,
        comment_order=order,
        comment_orders=list(COMMENT_ORDERS.items()),
        comment_url=_sub(base_url, wall, "comment", idea.pk),
        can_edit=services.can_edit(idea, user),
        edit_url=_sub(base_url, wall, "edit", idea.pk),
        withdraw_url=_sub(base_url, wall, "withdraw", idea.pk),
        sign_in_to_comment=_signing_in_would_allow(comment_refusal),
        can_report=reports.can_report(idea, user),
        report_reasons=ReportReason.choices,
        login_url=login_url(request),
        next_url=idea.permalink,
        feed_url=_sub(base_url, wall, "feed"),
        **wall_state(wall),
    )
    return TemplateResponse(request, "ideas/idea_page.html", context, status=status)


# --- Posting, editing and withdrawing an idea -------------------------------------


def _idea_form_page(request, wall, form, *, idea=None, problem=None, status=200):
    """The post or edit form; shown again with the visitor's text after any problem."""
    base_url = wall.get_url(request)
    accepts = wall.accepts_ideas()
    context = _page_context(
        request,
        wall,
        form=form if form is not None and (accepts or form.is_bound) else None,
        idea=idea,
        problem=problem,
        action_url=(
            _sub(base_url, wall, "edit", idea.pk)
            if idea is not None
            else _sub(base_url, wall, "post")
        ),
        back_url=_sub(base_url, wall, "idea", idea.pk) if idea is not None else base_url,
        **wall_state(wall),
    )
    return TemplateResponse(request, "ideas/idea_form.html", context, status=status)


def post_idea(request, wall):
    """The "post an idea" form: its own page, and the target of the form on the wall."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not request.user.is_authenticated:
        return _not_signed_in(request, wall, sub_url(wall, request, "post"))
    columns = list(wall.columns.all())
    if request.method == "GET":
        problem = None if wall.accepts_ideas() else _("This idea wall is closed.")
        return _idea_form_page(request, wall, IdeaForm(columns=columns), problem=problem)

    form = IdeaForm(request.POST, columns=columns)
    if form.filled_by_bot():
        # Silently: a bot learns nothing, and nothing is stored or counted.
        return redirect(wall.get_url(request))
    if form.is_valid():
        try:
            idea = services.post_idea(request, wall, **form.idea_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        except Refused as error:
            message, status = _refusal(error)
            return _idea_form_page(request, wall, form, problem=message, status=status)
        else:
            if idea.state == ModerationState.PENDING:
                messages.success(
                    request,
                    _(
                        "Thank you! Your idea is waiting for moderation. It appears on the "
                        "wall once a moderator has approved it."
                    ),
                )
            else:
                messages.success(request, _("Thank you! Your idea is now on the wall."))
            return redirect(sub_url(wall, request, "idea", idea.pk))
    return _idea_form_page(request, wall, form)


def _own_idea(request, wall, idea_id):
    """The signed-in author's idea; anyone else gets a 404, as if it did not exist."""
    idea = wall.ideas.filter(pk=idea_id, withdrawn_at=None).first()
    if idea is None or idea.author_id != request.user.pk:
        raise Http404
    idea.wall = wall
    return idea


def edit_idea(request, wall, idea_id):
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not request.user.is_authenticated:
        return _not_signed_in(request, wall, sub_url(wall, request, "edit", idea_id))
    idea = _own_idea(request, wall, idea_id)
    columns = list(wall.columns.all())
    if request.method == "GET":
        initial = {"title": idea.title, "body": idea.body, "column": idea.column_id}
        form = IdeaForm(initial=initial, columns=columns)
        refusal = services.edit_refusal(idea, request.user)
        if refusal is not None:
            message = str(refusal.message)
            return _idea_form_page(request, wall, None, idea=idea, problem=message, status=403)
        return _idea_form_page(request, wall, form, idea=idea)

    form = IdeaForm(request.POST, columns=columns)
    if form.filled_by_bot():
        return redirect(sub_url(wall, request, "idea", idea.pk))
    if form.is_valid():
        try:
            services.edit_idea(request, idea, **form.idea_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        except Refused as error:
            message, status = _refusal(error)
            return _idea_form_page(request, wall, form, idea=idea, problem=message, status=status)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(sub_url(wall, request, "idea", idea.pk))
    return _idea_form_page(request, wall, form, idea=idea)


def withdraw_idea(request, wall, idea_id):
    """Ask once, then take the idea off the wall."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if not request.user.is_authenticated:
        return _not_signed_in(request, wall, sub_url(wall, request, "withdraw", idea_id))
    idea = _own_idea(request, wall, idea_id)
    if request.method == "POST":
        try:
            services.withdraw_idea(request, idea)
        except Refused as error:
            return _refused_page(request, wall, error)
        messages.success(request, _("Your idea has been withdrawn from the wall."))
        return redirect(wall.get_url(request))
    context = _page_context(
        request,
        wall,
        idea=idea,
        action_url=sub_url(wall, request, "withdraw", idea.pk),
        back_url=sub_url(wall, request, "idea", idea.pk),
    )
    return TemplateResponse(request, "ideas/idea_withdraw.html", context)


# --- Votes ------------------------------------------------------------------------


@require_POST
def vote(request, wall, idea_id):
    """The vote button. `vote=add` or `vote=remove` says what the button showed; a
    second click that arrives late therefore never undoes the first."""
    permalink = sub_url(wall, request, "idea", idea_id)
    if not request.user.is_authenticated:
        return _not_signed_in(request, wall, permalink)
    # Whether they have voted comes with the idea: the toggle needs no query of its own.
    idea = wall.ideas.with_vote_of(request.user).filter(pk=idea_id).first()
    if idea is None:
        raise Http404
    idea.wall = wall
    intent = request.POST.get("vote")
    try:
        if intent == "add":
            voted, count = True, services.cast_vote(request, idea)
        elif intent == "remove":
            voted, count = False, services.withdraw_vote(request, idea)
        else:
            voted, count = services.toggle_vote(request, idea)
    except Refused as error:
        if wants_json(request):
            return _json_refusal(error)
        back = permalink if idea.is_on_wall else wall.get_url(request)
        return _refused_page(request, wall, error, back_url=back)

    message = _("Your vote has been counted.") if voted else _("Your vote has been withdrawn.")
    if wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "voted": voted,
                "vote_count": count,
                "vote_count_text": vote_count_text(count),
                "button_text": _("Withdraw vote") if voted else _("Vote"),
                "next_intent": "remove" if voted else "add",
                "message": message,
            }
        )
    messages.success(request, message)
    return redirect(safe_next(request, permalink) + f"#idea-{idea.pk}")


# --- Comments ---------------------------------------------------------------------


@require_POST
def comment(request, wall, idea_id):
    """A comment on an idea, or a reply to a comment (one level deep)."""
    permalink = sub_url(wall, request, "idea", idea_id)
    if not request.user.is_authenticated:
        return _not_signed_in(request, wall, permalink)
    idea = wall.ideas.select_related("author").filter(pk=idea_id).first()
    if idea is None:
        raise Http404
    idea.wall = wall
    parent_id = _int_or_none(request.POST.get("parent"))
    parent = None
    if parent_id:
        parent = idea.comments.select_related("parent").filter(pk=parent_id).first()
    if parent is not None and parent.parent is not None:  # replies go one level deep
        parent = parent.parent
    form = CommentForm(request.POST, reply_to=parent)
    if parent_id and parent is None:
        form.add_error(None, _("The comment you replied to is not available."))

    if form.is_valid():
        try:
            new = services.add_comment(request, idea, body=form.cleaned_data["body"], parent=parent)
        except ValidationError as error:
            add_service_errors(form, error)
        except Refused as error:
            if wants_json(request):
                return _json_refusal(error)
            if idea.is_on_wall:
                # Shown again under the idea with the text kept, and the reason above it.
                message, status = _refusal(error)
                return idea_page(
                    request, wall, idea.pk, comment_form=form, problem=message, status=status
                )
            return _refused_page(request, wall, error)
        else:
            return _comment_posted(request, wall, idea, new, permalink)

    message = _("Please check your comment.")
    if wants_json(request):
        return _json_form_errors(form, message)
    return idea_page(request, wall, idea.pk, comment_form=form, problem=message)


def _comment_posted(request, wall, idea, new, permalink):
    message = posted_message(new)
    if wants_json(request):
        base_url = wall.get_url(request)
        _prepare_comment(new, base_url, wall, request.user)
        html = render_to_string(
            "ideas/includes/comment.html",
            {"comment": new, "is_reply": new.parent_id is not None, "fresh": True},
            request=request,
        )
        return JsonResponse(
            {
                "ok": True,
                "id": new.pk,
                "parent": new.parent_id,
                "pending": new.state == ModerationState.PENDING,
                "html": html,
                "comment_count": idea.comment_count,
                "comment_count_text": comment_count_text(idea.comment_count),
                "message": message,
            },
            status=201,
        )
    messages.success(request, message)
    return redirect(f"{permalink}#comment-{new.pk}")


# --- Reports ----------------------------------------------------------------------


def report(request, wall, kind, object_id):
    """ "Ilmoita asiattomasta": a participant asks a moderator to look at a text."""
    if request.method not in ("GET", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    model = REPORT_KINDS.get(kind)
    if model is None:
        raise Http404
    if model is Idea:
        target = wall.ideas.filter(pk=object_id).first()
        idea = target
    else:
        target = (
            IdeaComment.objects.select_related("idea", "author")
            .filter(pk=object_id, idea__wall=wall)
            .first()
        )
        idea = target.idea if target is not None else None
    # What is not shown on the wall cannot be reported, nor even named here.
    if target is None or not target.is_on_wall:
        raise Http404
    idea.wall = wall
    permalink = sub_url(wall, request, "idea", idea.pk)
    here = sub_url(wall, request, "report", kind, object_id)
    if not request.user.is_authenticated:
        return _not_signed_in(request, wall, here)

    form = ReportForm(request.POST if request.method == "POST" else None)
    problem, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            try:
                reports.report(request, target, form.cleaned_data["reason"])
            except Refused as error:
                if wants_json(request):
                    return _json_refusal(error)
                problem, status = _refusal(error)
            else:
                message = _("Thank you. A moderator will look at what you reported.")
                if wants_json(request):
                    return JsonResponse({"ok": True, "message": message})
                messages.success(request, message)
                if model is Idea and not target.is_visible:  # enough reports held it
                    return redirect(wall.get_url(request))
                return redirect(permalink)
        elif wants_json(request):
            return _json_form_errors(form, _("Choose a reason for your report."))

    quoted = target.title if model is Idea else target.body
    context = _page_context(
        request,
        wall,
        form=form,
        kind=kind,
        quoted=quoted,
        target_author=public_name(target.author),
        idea=idea,
        problem=problem,
        action_url=here,
        back_url=permalink,
    )
    return TemplateResponse(request, "ideas/report_form.html", context, status=status)


# --- Feed -------------------------------------------------------------------------


def feed(request, wall):
    return IdeaFeed()(request, wall=wall)
