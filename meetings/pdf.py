"""PDF documents (undangan, notulen) rendered from HTML templates by WeasyPrint."""

from django.conf import settings
from django.template.loader import render_to_string


def render_pdf(*, template_name: str, context: dict, request=None) -> bytes:
    # Imported here: WeasyPrint parses its stylesheets on import, which every other
    # page and every management command would otherwise pay for.
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    # Only local files are ever referenced (no network fetches from a PDF build).
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
