"""How pytest-xdist hands the test files to its workers (`make test`).

A test that needs real transactions (the concurrency tests, the browser journeys' live
server) ends by emptying its worker's database, Wagtail's root page and the migrated
groups with it. Run alone, pytest-django orders such tests after all the others, and
tests/conftest.py puts the browser journeys last; a worker must keep that order.

xdist's file scheduling sends each file to one worker whole, biggest files first, which
would put a file's ordinary tests after another file's transactional ones. Here the units
are runs of the collection's order instead: a file's tests together, except that its
transactional tests, which pytest-django moved behind every ordinary test, form a later
unit of their own. Units go out in that order, so no worker runs an ordinary test after
a transactional one. (The browser journeys run after the workers, in one process: see
the Makefile.)
"""

from xdist.scheduler import LoadFileScheduling


class CollectionOrderScheduling(LoadFileScheduling):
    def __init__(self, config, log=None):
        super().__init__(config, log)
        self._units = {}

    def schedule(self):
        self._units = {}
        seen, previous = {}, None
        for nodeid in next(iter(self.registered_collections.values()), []):
            path = nodeid.split("::", 1)[0]
            if path != previous:
                seen[path] = seen.get(path, -1) + 1
                previous = path
            self._units[nodeid] = f"{path}#{seen[path]}"
        self.config.option.loadscopereorder = False
        super().schedule()

    def _split_scope(self, nodeid):
        return self._units.get(nodeid) or super()._split_scope(nodeid)
