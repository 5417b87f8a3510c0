"""The page frame's menus, links and assets, rendered once per process for what they follow
(roles, language, the address the app is served under)."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.safestring import SafeString

from agencies.roles import ANONYMOUS, Access

register = template.Library()

# The menus show links and labels that follow from the roles alone (no names, no counts),
# so the few combinations of roles and languages are rendered once and kept; reversing
# two dozen URLs on every page cost more than the rest of the page frame.
_rendered: dict[tuple, SafeString] = {}
# The frame's own links and its stylesheets and scripts (static URLs are fixed for a
# release) are the same on every page: worked out once rather than on every request.
_frame: dict[tuple, str] = {}


def _key(access: Access) -> tuple:
    return (
        translation.get_language(),
        get_script_prefix(),
        access.is_admin,
        tuple(sorted(access.roles)),
    )


def _kept(key: tuple, make) -> str:
    if settings.DEBUG:  # templates edited while the development server runs
        return make()
    value = _frame.get(key)
    if value is None:
        value = _frame[key] = make()
    return value


@register.simple_tag(takes_context=True)
def role_navigation(context) -> SafeString:
    """``nav_items.html`` for the user's roles (the context's ``access``)."""
    access = context.get("access") or ANONYMOUS
    if settings.DEBUG:
        return render_to_string("nav_items.html", {"access": access})
    key = _key(access)
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = render_to_string("nav_items.html", {"access": access})
    return html


@register.simple_tag
def frame_url(name: str) -> str:
    """``{% url name %}`` for the frame's links, which take no arguments."""
    return _kept(("url", get_script_prefix(), name), lambda: reverse(name))


@register.simple_tag
def frame_assets(part: str) -> SafeString:
    """The stylesheets or scripts every page loads (``includes/frame_<part>.html``)."""
    name = f"includes/frame_{part}.html"
    return SafeString(_kept(("assets", get_script_prefix(), name), lambda: render_to_string(name)))
