"""JSON-LD carries staff- and visitor-written values into a <script>: none may end it."""

import json

from core.structured_data import json_ld


def test_a_value_with_a_closing_script_tag_cannot_end_the_json_ld_script():
    hostile = '</script><script>alert("x")</script> & <!--'
    text = json_ld({"name": hostile, "description": "Järvelä"})
    assert "</script" not in text.lower()
    for character in "<>&":
        assert character not in text
    assert json.loads(text) == {"name": hostile, "description": "Järvelä"}
