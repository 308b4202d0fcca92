"""What every app's demo content is built with: the bookkeeping of what was created, pages
and documents made once, and small HTML helpers. Each app loads its own demo content
(`<app>/demo.py`) with these; home.demo only calls the apps in order.
"""

import textwrap
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

HELSINKI = ZoneInfo("Europe/Helsinki")
MUNICIPALITY = "Järvelä"


@dataclass
class Report:
    """What `load()` created and what was already there, by kind of object."""

    created: Counter = field(default_factory=Counter)
    present: Counter = field(default_factory=Counter)
    created_labels: list = field(default_factory=list)

    def record(self, kind, label, created):
        if created:
            self.created[kind] += 1
            self.created_labels.append(f"{kind}: {label}")
        else:
            self.present[kind] += 1

    def lines(self):
        kinds = sorted(set(self.created) | set(self.present))
        return [
            f"{kind}: {self.created[kind]} created, {self.present[kind]} already present"
            for kind in kinds
        ]


def publish(obj):
    """Publish through a revision, as the admin does: live, with a first publish date."""
    obj.save_revision().publish()


def ensure_page(report, parent, model, slug, **fields):
    """The child of `parent` with this slug; created and published if it is missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        report.record("pages", existing.title, created=False)
        return existing.specific
    tags = fields.pop("tags", ())
    page = model(slug=slug, live=False, **fields)
    if tags:
        page.tags.add(*tags)
    parent.add_child(instance=page)
    publish(page)
    report.record("pages", page.title, created=True)
    return page


def ensure_draft_page(report, parent, model, slug, **fields):
    """The child of `parent` with this slug; created as a draft (not live) if it is missing.

    For pages an editor should find ready in the explorer but the public should not see
    before they are written (a new municipality's guideline).
    """
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        report.record("pages", existing.title, created=False)
        return existing.specific
    page = model(slug=slug, live=False, **fields)
    parent.add_child(instance=page)
    page.save_revision()
    report.record("pages", page.title, created=True)
    return page


def days_from_today(days):
    return timezone.localdate(timezone=HELSINKI) + timedelta(days=days)


def page_link(page, text):
    return f'<a linktype="page" id="{page.pk}">{escape(text)}</a>'


def bullets(*items):
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def numbered(*items):
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def _pdf_text(line):
    escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("cp1252", errors="replace")


def pdf_bytes(title, paragraphs):
    """A small, valid one-page PDF (Helvetica, WinAnsi encoding, so ä and ö work)."""
    lines = [title, ""]
    for text in paragraphs:
        lines.extend(textwrap.wrap(text, 85) or [""])
        lines.append("")
    stream = b"BT /F1 11 Tf 14 TL 56 790 Td "
    stream += b"(" + _pdf_text(lines[0]) + b") Tj T* "
    for line in lines[1:48]:
        stream += b"(" + _pdf_text(line) + b") Tj T* "
    stream += b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    output = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref_at = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    output += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    output += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    output += f"startxref\n{xref_at}\n%%EOF\n".encode()
    return output


def ensure_document(report, title, paragraphs, extension="pdf"):
    """A document with this title; a PDF or a UTF-8 text file written on the spot."""
    Document = get_document_model()  # noqa: N806
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        report.record("documents", title, created=False)
        return existing
    if extension == "pdf":
        content = pdf_bytes(title, paragraphs)
    else:
        content = "\n\n".join([title, *paragraphs]).encode() + b"\n"
    filename = f"{slugify(title)[:60]}.{extension}"
    document = Document(title=title, file=ContentFile(content, name=filename))
    document._set_document_file_metadata()
    document.save()
    report.record("documents", title, created=True)
    return document


def ensure_image(report, title, description, content, extension="png"):
    """An image with this title, from `content` (bytes) when it is missing."""
    Image = get_image_model()  # noqa: N806
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        report.record("images", title, created=False)
        return existing
    image = Image(title=title, description=description)
    image.file = ContentFile(content, name=f"{slugify(title)[:60]}.{extension}")
    image._set_image_file_metadata()
    image.save()
    report.record("images", title, created=True)
    return image


# StreamField blocks in their stored (raw JSON) form, for the apps' demo pages.


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def contact_card(card):
    return {"type": "contact_card", "value": card.pk}


def call_to_action(title, text, page, button_label):
    value = {"title": title, "text": text, "page": page.pk, "url": "", "button_label": button_label}
    return {"type": "call_to_action", "value": value}


def document_link(document, title=""):
    return {"type": "document", "value": {"document": document.pk, "title": title}}


def table(rows, caption):
    value = {
        "data": rows,
        "table_header_choice": "row",
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": caption,
    }
    return {"type": "table", "value": value}
