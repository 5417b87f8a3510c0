"""The one PDF renderer: a Django template through WeasyPrint, local files only, pages numbered."""

from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext

# A user stylesheet: a template's own @page rules (author origin) override it.
PAGE_STYLE = """
@page {
  @bottom-right {
    content: "%(page)s " counter(page) " %(of)s " counter(pages);
    font: 8pt "DejaVu Sans", sans-serif;
    color: #555;
  }
}
body { font-family: "DejaVu Sans", sans-serif; }
"""


def render_pdf(
    *,
    template_name: str,
    context: dict,
    request=None,
    progress: Callable[[int], None] | None = None,
) -> bytes:
    """The PDF of ``template_name``; ``progress`` hears 85 once laid out, 95 once written.

    Relative URLs (images, fonts) resolve against the project directory, so a PDF build
    never fetches anything from the network. Fonts come from the system (DejaVu is
    installed with WeasyPrint's dependencies); ``@font-face`` rules work through the
    shared font configuration.
    """
    # Imported here: WeasyPrint parses its stylesheets on import, which every other
    # page and every management command would otherwise pay for.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    progress = progress or (lambda percent: None)
    html = render_to_string(template_name, context, request=request)
    fonts = FontConfiguration()
    page_style = CSS(
        string=PAGE_STYLE % {"page": gettext("Halaman"), "of": gettext("dari")},
        font_config=fonts,
    )
    document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
        stylesheets=[page_style], font_config=fonts
    )
    # Layout is most of the time; WeasyPrint reports no progress of its own.
    progress(85)
    pdf = document.write_pdf()
    progress(95)
    return pdf
