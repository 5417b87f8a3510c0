"""PDF documents (undangan, notulen) rendered from HTML templates by WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(*, template_name: str, context: dict, request=None) -> bytes:
    html = render_to_string(template_name, context, request=request)
    # Only local files are ever referenced (no network fetches from a PDF build).
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
