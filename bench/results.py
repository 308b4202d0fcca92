"""Where the bench scripts write their figures: each its own section of docs/benchmarks.md.

A section is the lines between two copies of the script's marker (`<!-- scale -->`); a run
replaces its own section and leaves the others, or adds it at the end the first time.
"""

from pathlib import Path

RESULTS_FILE = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def write_section(marker, lines):
    """`lines` begin and end with `marker`; they are written in place of the old section."""
    text = RESULTS_FILE.read_text() if RESULTS_FILE.exists() else "# Benchmarks\n"
    if marker in text:
        before, _old, after = text.split(marker, 2)
        text = before + "\n".join(lines) + after
    else:
        text = text.rstrip() + "\n\n" + "\n".join(lines) + "\n"
    RESULTS_FILE.write_text(text)
    print("\n".join(lines))
