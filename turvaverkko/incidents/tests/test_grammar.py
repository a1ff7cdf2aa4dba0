import pytest

from turvaverkko.incidents.replies.grammar import parse


@pytest.mark.parametrize(
    "text, answer, code, eta",
    [
        ("K 123", "yes", 123, None),
        ("kyllä 123", "yes", 123, None),
        ("KYLLA 123", "yes", 123, None),
        ("E 123", "no", 123, None),
        ("ei 123", "no", 123, None),
        ("M 123 30", "late", 123, 30),
        ("myöhässä 123 45 min", "late", 123, 45),
        ("J 123", "yes", 123, None),
        ("ja 123", "yes", 123, None),
        ("N 123", "no", 123, None),
        ("Nej 123", "no", 123, None),
        ("S 123 30", "late", 123, 30),
        ("sen 123 15", "late", 123, 15),
        ("Y 123", "yes", 123, None),
        ("yes 123", "yes", 123, None),
        ("no 123", "no", 123, None),
        ("L 123 30", "late", 123, 30),
        ("late 123 20", "late", 123, 20),
        ("  k123 ", "yes", 123, None),
        # unclear: kept, flagged, code kept where found
        ("tulen heti 123", "", 123, None),
        ("M 123", "", 123, None),  # late without minutes
        ("K 123 30", "", 123, None),  # yes with minutes
        ("maybe", "", None, None),
        ("", "", None, None),
    ],
)
def test_reply_grammar(text, answer, code, eta):
    parsed = parse(text)
    assert (parsed.answer, parsed.code, parsed.eta_minutes) == (answer, code, eta)
    assert parsed.is_unclear == (answer == "")
