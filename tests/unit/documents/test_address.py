"""The address block sits in a DL envelope's window: 25 mm in, at most 85 mm wide and six lines,
and the postcode is never dropped (lines are joined; an address that cannot fit is refused)."""

import datetime as dt

import pypdfium2
import pytest
from reportlab.lib.units import mm

from flexidesk.documents.address import (
    ADDRESS_LEFT,
    ADDRESS_MAX_LINES,
    ADDRESS_TOP,
    ADDRESS_WIDTH,
    AddressTooLong,
    fit_address,
)
from flexidesk.documents.render import build_params, render
from flexidesk.documents.styles import stylesheet
from flexidesk.policy import flexi
from flexidesk.store.models import Adult, Pupil, PupilAdult
from tests.unit.documents import flexi_data as fd
from tests.unit.documents.flexi_data import pdf_text

NINE_LINES = "Flat 14b\nKingfisher Court\nThe Old Brewery\nLong Meadow Road\nUpper Wickham\n" \
             "Millbridge\nMillshire\nEngland"
SCALE = 4  # 288 dots per inch: a dot is under a tenth of a millimetre


def _letter(head, address: str, postcode: str = "MB9 9ZZ") -> bytes:
    fd.dress_school()
    pupil = Pupil.create(upn="T000000000401", legal_first_name="Wren", legal_last_name="Pollard",
                         date_of_birth=dt.date(2019, 1, 5), year_group=2,
                         on_roll_date=dt.date(2023, 9, 1))
    adults = [Adult.create(title="Mrs", first_name="Katherine-Louise", last_name="Pollard-Ashworth",
                           address=address, postcode=postcode),
              Adult.create(title="Mr", first_name="Maximilian", last_name="Pollard-Ashworth",
                           address=address, postcode=postcode)]
    for adult in adults:
        PupilAdult.create(pupil=pupil, adult=adult)
    request = flexi.receive_request(head, pupil_id=pupil.id, adult_ids=[a.id for a in adults],
                                    received_on=dt.date(2026, 11, 2), sessions=["tue_am"],
                                    reasons="Learning outdoors.")
    flexi.arrange_meeting(head, request.id, meeting_date=dt.date(2026, 11, 24),
                          meeting_time=None, place="")
    params = build_params(head, "flexi_invitation", request_id=request.id,
                          letter_date=dt.date(2026, 11, 20))
    return render("flexi_invitation", params)


def _ink_in_window_area(pdf: bytes) -> tuple[float, float, int]:
    """The address block's ink as printed: its left and right edges (mm from the paper's left
    edge) and how many lines of text it has, measured on the rendered first page."""
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=SCALE).to_pil().convert("L")
    dots_per_mm = SCALE * 72 / 25.4
    top = int((ADDRESS_TOP - 3 * mm) / mm * dots_per_mm)
    bottom = int((ADDRESS_TOP + ADDRESS_MAX_LINES * 14 + 3 * mm) / mm * dots_per_mm)
    right = int(125 * dots_per_mm)  # the date sits further right, past 130 mm
    area = image.crop((0, top, right, bottom))
    width, height = area.size
    pixels = area.tobytes()
    rows = [y for y in range(height) if min(pixels[y * width:(y + 1) * width]) < 128]
    columns = [x for x in range(width) if any(pixels[y * width + x] < 128 for y in rows)]
    lines = sum(1 for n, y in enumerate(rows) if n == 0 or y - rows[n - 1] > 2)
    return min(columns) / dots_per_mm, (max(columns) + 1) / dots_per_mm, lines


def test_the_address_block_fits_a_dl_window_and_keeps_its_postcode(head):
    pdf = _letter(head, NINE_LINES)
    left, right, lines = _ink_in_window_area(pdf)
    assert abs(left - ADDRESS_LEFT / mm) < 1.5  # about 25 mm from the paper's left edge
    assert right <= (ADDRESS_LEFT + ADDRESS_WIDTH) / mm  # at most 85 mm wide
    assert lines <= ADDRESS_MAX_LINES
    text = pdf_text(pdf)
    assert "MB9 9ZZ" in text  # nine lines and a postcode: joined, never cut
    assert "England" in text and "Flat 14b" in text


def test_lines_are_joined_shortest_first_and_the_postcode_stays_last():
    style = stylesheet()["Address"]
    lines = ["Mrs A Family", *NINE_LINES.splitlines(), "MB9 9ZZ"]
    drawn = fit_address(lines, style)
    assert len(drawn) <= ADDRESS_MAX_LINES and drawn[-1] == "MB9 9ZZ"
    assert drawn[0] == "Mrs A Family"
    assert " ".join(", ".join(drawn).split()) == ", ".join(lines)  # every line, in order


def test_an_address_that_cannot_fit_is_refused_with_the_name(head):
    style = stylesheet()["Address"]
    endless = ["Mrs A Family"] + ["A very long line of an address that fills the window"] * 9
    with pytest.raises(AddressTooLong, match="Mrs A Family"):
        fit_address(endless + ["MB9 9ZZ"], style)
    with pytest.raises(AddressTooLong, match="envelope window"):
        _letter(head, "\n".join(endless[1:]))
