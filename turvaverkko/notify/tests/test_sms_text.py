"""SMS text stays in GSM-7 where it can and within one SMS."""

import pytest

from turvaverkko.notify.sms.text import compose_sms, info, normalize, units


def test_finnish_and_swedish_letters_are_gsm7():
    text = "Hälytys: Åland, Öljy, ÄÖÅ äöå é É ü"
    assert normalize(text) == text
    assert info(text) == ("gsm7", len(text), 1)


def test_typographic_characters_become_plain_look_alikes():
    assert normalize("“Tule” – heti… ‘nyt’\u00a0klo 18") == "\"Tule\" - heti... 'nyt' klo 18"
    assert info(normalize("Šakki ja Žanna, Čáhppes"))[0] == "gsm7"
    assert normalize("Šakki ja Žanna") == "Sakki ja Zanna"


def test_euro_and_brackets_take_two_septets():
    assert units("5 €") == 4
    assert units("[a]") == 5
    assert info("€" * 80) == ("gsm7", 160, 1)
    assert info("€" * 81) == ("gsm7", 162, 2)


def test_text_gsm7_cannot_show_stays_ucs2():
    text = "Укриття: школа №3"
    assert normalize(text) == text
    assert info(text) == ("ucs2", len(text), 1)
    assert info("x" * 71 + "я")[2] == 2
    assert units("🙂") == 2  # outside the BMP: two UTF-16 units


def test_compose_keeps_prefix_and_reply_code_and_shortens_only_the_body():
    body = "Kokoontuminen Huittisten VPK:lla klo 18. " * 10
    sms = compose_sms("HARJOITUS", body, "Vastaa K 123 tai E 123 https://tv.fi/r/abc")

    assert sms.startswith("HARJOITUS Kokoontuminen")
    assert sms.endswith("... Vastaa K 123 tai E 123 https://tv.fi/r/abc")
    assert units(sms) <= 160
    assert info(sms)[2] == 1
    assert units(sms) >= 150  # it fills the message rather than cutting early


def test_compose_counts_extended_characters():
    sms = compose_sms("", "Hinta 5 € " * 30, "K 1", limit=160)
    assert info(sms) == ("gsm7", units(sms), 1)
    assert units(sms) <= 160
    assert sms.endswith("... K 1")


def test_compose_leaves_short_text_alone_and_maps_it_to_gsm7():
    assert compose_sms("", "Tule – heti", "K 1") == "Tule - heti K 1"


def test_compose_falls_back_to_70_units_for_ucs2_text():
    sms = compose_sms("ВПРАВА", "Збір о 18:00 біля школи. " * 5, "K 7")
    assert info(sms)[0] == "ucs2"
    assert units(sms) <= 70
    assert sms.startswith("ВПРАВА Збір") and sms.endswith("… K 7")


def test_compose_refuses_when_the_fixed_parts_do_not_fit():
    with pytest.raises(ValueError):
        compose_sms("x" * 100, "body", "y" * 70)
