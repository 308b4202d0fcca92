"""`manage.py run_worker`: django_tasks_db's db_worker that outlives the database going away.

db_worker exits on the first OperationalError, e.g. "terminating connection due to
administrator command" when PostgreSQL restarts, and queued e-mail then waits until
someone restarts it by hand. This worker closes the broken connection, waits (1 s,
doubling up to MAX_PAUSE) and carries on. systemd restarts it if it stops for any other
reason (deploy/systemd/yhdessa-worker@.service); `make run` uses it too.

Takes db_worker's options (see `manage.py run_worker --help`).
"""

import logging
import os
import time
from datetime import timedelta

from django.core.management.base import CommandError
from django.db import InterfaceError, OperationalError, connections
from django.utils import timezone
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks.base import TaskResultStatus
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("yhdessa.worker")
FIRST_PAUSE = 1
MAX_PAUSE = 30
# A task still marked running after this long lost its worker (killed, or the database
# went away before the result was written): an e-mail is sent in seconds.
ABANDONED_AFTER = timedelta(minutes=15)


class Worker(db_worker.Worker):
    def release_abandoned_tasks(self):
        """Put back in the queue what this worker was running when the database went away,
        and what any worker left running long ago, so no message waits for ever.

        A message whose sending succeeded just before the outage may go twice: better
        than never.
        """
        running = DBTaskResult.objects.running().filter(backend_name=self.backend_name)
        stale = running.filter(started_at__lt=timezone.now() - ABANDONED_AFTER)
        mine = [task.id for task in running if self.worker_id in task.worker_ids]
        released = (stale | running.filter(id__in=mine)).update(
            status=TaskResultStatus.READY, started_at=None
        )
        if released:
            logger.warning("Put %d interrupted task(s) back in the queue.", released)

    def run(self):
        pause = FIRST_PAUSE
        while self.running:
            try:
                # Connects afresh after an outage: raises while the database is still down.
                connections[DBTaskResult.objects.db].ensure_connection()
                self.release_abandoned_tasks()
                pause = FIRST_PAUSE
                return super().run()
            except (OperationalError, InterfaceError) as error:
                logger.warning(
                    "The database is not answering (%s); trying again in %d s.",
                    str(error).strip(),
                    pause,
                )
                connections.close_all()
                time.sleep(pause)
                pause = min(pause * 2, MAX_PAUSE)
        return None


class Command(db_worker.Command):
    help = "Run the background worker (e-mail); it survives database restarts."

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        logger.setLevel(logging.CRITICAL if verbosity == 0 else logging.INFO)
        if not logger.hasHandlers():
            logger.addHandler(logging.StreamHandler(self.stderr))

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
        )
        if reload and not batch:  # as db_worker: only the reloader's child handles signals
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
