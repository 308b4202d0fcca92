"""Lines a test module adds to the end of pytest's summary, where CI's log reads them.

Under pytest-xdist (`make test` runs the files on every core) the tests run in worker
processes, which print no summary: each worker sends its lines to the controller when
it finishes (tests/conftest.py), and the controller prints them all once.
"""

SECTIONS = {}


def add(title, lines):
    if lines:
        SECTIONS.setdefault(title, []).extend(lines)


def write(terminalreporter):
    for title, lines in SECTIONS.items():
        terminalreporter.write_sep("-", title)
        for line in lines:
            terminalreporter.write_line(line)
