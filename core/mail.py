"""E-mail from the background queue: one-line subjects, tried again, never lost silently.

Messages the site sends later (the idea wall's notifications; allauth's account mail is
sent at once, see accounts.adapter) are queued with queue_email() and sent by the worker
(`manage.py run_worker`). When the mail server is down or refuses, the message is tried
again after the pauses in YHDESSA_EMAIL_RETRY_DELAYS; after the last attempt it stays in
the task table as failed, where staff see it in the admin and can send it again.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from core.municipalities import works_for_every_municipality
from core.text import clean_title

logger = logging.getLogger(__name__)


def can_manage_failed_email(user):
    """Failed messages show recipients' addresses: superusers and moderators see them.

    Only region-wide staff: the task table does not record which municipality a message
    was sent for, so a municipality's own staff would see every municipality's addresses.
    """
    return (
        user.is_active
        and user.is_staff
        and user.has_perm("django_tasks_database.view_dbtaskresult")
        and works_for_every_municipality(user)
    )


def subject_line(text):
    """The subject with the site's prefix, on one line whatever the text holds.

    A line break in a header is refused by Django (BadHeaderError): a title written
    before titles were checked would have lost the message.
    """
    return clean_title(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + text)


@task(backend="background")
def send_email(*, to, subject, body, attempt=1, attachments=()):
    """Send one message. `attachments` are [filename, text, content type] lists: the task
    table stores its arguments as JSON, so an attachment travels as text (an .ics file)."""
    try:
        message = EmailMessage(subject, body, None, to)
        for filename, content, mimetype in attachments:
            message.attach(filename, content, mimetype)
        message.send()
    except OSError as error:  # smtplib's errors, a refused or broken connection, a timeout
        delays = settings.YHDESSA_EMAIL_RETRY_DELAYS
        if attempt > len(delays):
            raise  # the last attempt: the task is marked failed and staff see it
        logger.warning(
            "E-mail %r failed on attempt %d (%s); trying again later.", subject, attempt, error
        )
        later = send_email.using(run_after=timezone.now() + timedelta(seconds=delays[attempt - 1]))
        later.enqueue(
            to=to, subject=subject, body=body, attempt=attempt + 1, attachments=attachments
        )
        return {"tried_again_as_attempt": attempt + 1}
    return {"sent": True}


def queue_email(to, subject, body, attachments=()):
    """Queue a message for the worker. `subject` is made one line and prefixed."""
    send_email.enqueue(
        to=list(to),
        subject=subject_line(subject),
        body=body,
        attachments=[list(attachment) for attachment in attachments],
    )


def queue_to_author(author, template, context):
    """Write `template` (its _subject.txt and .txt) in the site's language and queue it to
    the author of a text, if they still have an account and an address."""
    if author is None or not author.email:
        return
    queue_from_template([author.email], template, context)


def queue_from_template(to, template, context, attachments=()):
    """Write `template` (its _subject.txt and .txt) in the site's language and queue it."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    queue_email(to, subject, body, attachments)


def failed_emails():
    """Messages whose last attempt failed, newest first."""
    return (
        DBTaskResult.objects.failed()
        .filter(task_path=send_email.module_path)
        .order_by("-finished_at", "id")
    )


def describe(result):
    """What staff need to know about a failed message: to whom, about what, and why."""
    message = result.args_kwargs.get("kwargs", {})
    lines = result.traceback.strip().splitlines()
    return {
        "id": result.id,
        "to": ", ".join(message.get("to", [])),
        "subject": message.get("subject", ""),
        "error": lines[-1] if lines else result.exception_class_path,
        "failed_at": result.finished_at,
    }


def messages_to(addresses):
    """Every message to one of these addresses that the task table still holds.

    Queued, failed and sent ones alike keep the address and the text until they are
    pruned, so a person's data export lists them and their erasure removes them. The
    recipients sit inside a JSON column that SQLite cannot search, hence the loop; it
    runs only when a person downloads or deletes their data.
    """
    wanted = {address.casefold() for address in addresses if address}
    results = DBTaskResult.objects.filter(task_path=send_email.module_path)
    return [
        result
        for result in results.order_by("enqueued_at", "id").iterator()
        if wanted & {to.casefold() for to in result.args_kwargs.get("kwargs", {}).get("to", [])}
    ]


def send_again(result_id):
    """Queue a failed message afresh (all its attempts again); it leaves the failed list.

    Returns False if it is no longer there (sent again from another tab already).
    """
    with transaction.atomic():
        result = failed_emails().select_for_update().filter(id=result_id).first()
        if result is None:
            return False
        message = result.args_kwargs["kwargs"]
        send_email.enqueue(
            to=message["to"],
            subject=message["subject"],
            body=message["body"],
            attachments=message.get("attachments", []),
        )
        result.delete()
    return True
