"""Pages as tagged PDF: WeasyPrint prints the page's own HTML and CSS as PDF/UA-1.

A PDF is the print view of the page a person already sees, not a second layout: the same
template, the print rules of the same style sheet, the language and title of the page. PDF/UA-1
gives it a structure tree, marks it as tagged, embeds every font and sets /Lang from
``<html lang>`` and the title from ``<title>``.
"""

import mimetypes
import os
from functools import cache
from urllib.parse import urlsplit

from flask import Response, current_app, request
from werkzeug.security import safe_join

PDF_VARIANT = "pdf/ua-1"


@cache
def _static_files_only():
    """The fetcher's class, made when the first PDF is printed: WeasyPrint (some 40 MB with its
    fonts and text layout) is imported by the worker that prints, not by every worker."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        """Hands WeasyPrint the application's own static files and nothing else.

        Rendering a PDF never reaches the network or the file system beyond ``static/``: what a
        person typed into a page cannot make the server fetch a URL.
        """

        def __init__(self, folder: str, url_path: str) -> None:
            super().__init__(allowed_protocols=("http", "https"))
            self._folder = folder
            self._prefix = url_path.rstrip("/") + "/"

        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            path = urlsplit(url).path
            if not path.startswith(self._prefix):
                raise ValueError(f"not one of the application's static files: {url}")
            file = safe_join(self._folder, path[len(self._prefix) :])
            if file is None or not os.path.isfile(file):
                raise FileNotFoundError(url)
            with open(file, "rb") as stream:
                body = stream.read()
            content_type = mimetypes.guess_type(file)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticFilesOnly


def html_to_pdf(html: str) -> bytes:
    """The page as a tagged PDF (PDF/UA-1); call it inside the request that rendered the page."""
    from weasyprint import HTML

    fetcher = _static_files_only()(current_app.static_folder, current_app.static_url_path)
    document = HTML(string=html, base_url=request.host_url, url_fetcher=fetcher)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def pdf_response(document: bytes, filename: str) -> Response:
    return Response(
        document,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
