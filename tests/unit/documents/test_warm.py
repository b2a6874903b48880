"""The warm-up page: one page in the letters' fonts, made without any school's data."""

from flexidesk.documents.warm import sample_pdf


def test_the_warm_up_page_is_a_one_page_pdf_in_the_letters_fonts():
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(sample_pdf()))
    assert len(reader.pages) == 1
    fonts = {str(f) for page in reader.pages
             for f in page["/Resources"]["/Font"].values()
             for f in [f.get_object()["/BaseFont"]]}
    assert any("FlexiSans" in f or "Noto" in f for f in fonts), fonts
