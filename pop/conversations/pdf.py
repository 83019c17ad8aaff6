"""The report of a conversation as a tagged PDF: the report page itself, rendered by WeasyPrint.

The PDF is made from the HTML the report page shows, so it holds exactly what the page holds;
private notes are not on that page and so never in the PDF.
"""

from pop.pdf import html_to_pdf


def conversation_pdf(report_html: str) -> bytes:
    return html_to_pdf(report_html)
