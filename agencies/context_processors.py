from .roles import access_for


def roles(request):
    """Exposes the user's access to templates, for navigation by role."""
    return {"access": access_for(getattr(request, "user", None))}
