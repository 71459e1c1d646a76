"""Reading generated PDFs back in tests."""

from io import BytesIO

from pypdf import PdfReader


def pdf_text(response, lines=False):
    """The text of a PDF response: whitespace folded to single spaces (table cells wrap), or with
    `lines`, line by line as laid out."""
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    return text if lines else " ".join(text.split())
