from datetime import date
from decimal import Decimal

import pytest

from dagtilbud.formatting import AmountParseError, amounts_per_year, danish_date, million_kr, parse_amount


@pytest.mark.parametrize(
    "text, kroner",
    [("300.000", 300000), ("300000", 300000), ("0,3 mio.", 300000), ("0,3 mio. kr.", 300000),
     ("2,5 mio. kr.", 2500000), ("1.234,5", 1235), ("1.233,5", 1234), ("300.000 kr.", 300000), ("-50.000", -50000)],
)
def test_amounts_are_read_as_danes_write_them(text, kroner):
    assert parse_amount(text) == Decimal(kroner)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "3.00.0", "1e9"])
def test_bad_amounts_get_a_danish_message(text):
    with pytest.raises(AmountParseError) as error:
        parse_amount(text)
    assert "beløb" in str(error.value).lower()


def test_amounts_are_shown_in_millions_with_a_decimal_comma():
    assert million_kr(300000) == "0,3 mio. kr."
    assert million_kr(6000000) == "6 mio. kr."
    assert million_kr(750000) == "0,75 mio. kr."


def test_amounts_per_year_are_summarised_like_the_agreement():
    assert amounts_per_year({2019: Decimal(1e6), 2020: Decimal(1e6), 2021: Decimal(1e6), 2022: Decimal(1e6)}) == (
        "1 mio. kr. årligt i 2019-2022"
    )
    assert amounts_per_year({2019: Decimal(6e6), 2020: Decimal(3e6)}) == "6 mio. kr. i 2019, 3 mio. kr. i 2020"
    assert amounts_per_year({}) == "Der er ikke afsat økonomi."


def test_dates_are_danish():
    assert danish_date(date(2019, 3, 18)) == "18. marts 2019"
