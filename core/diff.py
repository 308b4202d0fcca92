"""Word-level differences between two texts: guideline versions and suggested edits, and
the description in an association report (associations.report_admin).

Rich text is first read as plain text with paragraphs (a paragraph, list item or heading
is one paragraph), so markup never shows up as a change of words. The diff then works on
words, with difflib's automatic junk heuristic off: with it on, in a text of more than
200 words the most common words ("ja", "on") are ignored when matching, and a change of
one word can come out as the whole text removed and added again - the failure
decidim/decidim#7674 describes.

A diff is a list of paragraphs; a paragraph is a list of (operation, text) pieces, the
operation being EQUAL, INSERT or DELETE.
"""

import difflib
import re
from html.parser import HTMLParser

EQUAL, INSERT, DELETE = "equal", "insert", "delete"
PARAGRAPH = "\n"  # a paragraph break, as a token of its own

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "blockquote", "br", "ul", "ol"}


class _PlainText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = [[]]

    def _break(self):
        if self.paragraphs[-1]:
            self.paragraphs.append([])

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self._break()

    def handle_data(self, data):
        self.paragraphs[-1].append(data)


def paragraphs(html):
    """Rich text (HTML) as a list of plain-text paragraphs with single spaces."""
    parser = _PlainText()
    parser.feed(html or "")
    parser.close()
    found = (" ".join("".join(parts).split()) for parts in parser.paragraphs)
    return [paragraph for paragraph in found if paragraph]


def _tokens(paragraph_list):
    tokens = []
    for paragraph in paragraph_list:
        if tokens:
            tokens.append(PARAGRAPH)
        tokens.extend(paragraph.split())
    return tokens


def diff_paragraphs(old, new):
    """The word diff of two lists of paragraphs."""
    old_tokens, new_tokens = _tokens(old), _tokens(new)
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    stream = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            stream.extend((EQUAL, token) for token in old_tokens[i1:i2])
        else:  # replace, delete, insert: what went comes before what came
            stream.extend((DELETE, token) for token in old_tokens[i1:i2])
            stream.extend((INSERT, token) for token in new_tokens[j1:j2])
    return _group(stream)


def _group(stream):
    """Split the token stream into paragraphs and join neighbouring words of one kind."""
    result, pieces = [], []
    for operation, token in stream:
        if token == PARAGRAPH:
            if pieces:
                result.append(pieces)
            pieces = []
            continue
        if pieces and pieces[-1][0] == operation:
            pieces[-1] = (operation, pieces[-1][1] + " " + token)
        else:
            pieces.append((operation, token))
    if pieces:
        result.append(pieces)
    return result


def diff_rich_text(old_html, new_html):
    return diff_paragraphs(paragraphs(old_html), paragraphs(new_html))


def diff_words(old_text, new_text):
    """The word diff of two one-line texts (a title), as one paragraph."""
    return diff_paragraphs([old_text] if old_text else [], [new_text] if new_text else [])


# The admin's editor tags every block with a random key; a key alone is not a change.
_BLOCK_KEY = re.compile(r'\s+data-block-key="[^"]*"')


def same_rich_text(old_html, new_html):
    """The same words with the same formatting, whatever the editor's block keys."""
    return _BLOCK_KEY.sub("", old_html or "") == _BLOCK_KEY.sub("", new_html or "")


def has_changes(diffed):
    return any(operation != EQUAL for pieces in diffed for operation, _text in pieces)
