"""The navigation menus, rendered once per process for each set of roles and language."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils import translation
from django.utils.safestring import SafeString

from agencies.roles import ANONYMOUS, Access

register = template.Library()

# The menus show links and labels that follow from the roles alone (no names, no counts),
# so the few combinations of roles and languages are rendered once and kept; reversing
# two dozen URLs on every page cost more than the rest of the page frame.
_rendered: dict[tuple, SafeString] = {}


def _key(access: Access) -> tuple:
    return (
        translation.get_language(),
        get_script_prefix(),
        access.is_admin,
        tuple(sorted(access.roles)),
    )


@register.simple_tag(takes_context=True)
def role_navigation(context) -> SafeString:
    """``nav_items.html`` for the user's roles (the context's ``access``)."""
    access = context.get("access") or ANONYMOUS
    if settings.DEBUG:  # templates edited while the development server runs
        return render_to_string("nav_items.html", {"access": access})
    key = _key(access)
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = render_to_string("nav_items.html", {"access": access})
    return html
