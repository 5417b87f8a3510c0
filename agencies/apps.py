from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "agencies"
    verbose_name = _("Instansi")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from . import access_cache
        from .models import Agency, Membership

        # What a user's cached access is built from (agencies.access_cache).
        for model in (Membership, Agency):
            post_save.connect(access_cache.renew_for_everyone, sender=model)
            post_delete.connect(access_cache.renew_for_everyone, sender=model)
        post_save.connect(access_cache.renew_for_user, sender=get_user_model())
        post_delete.connect(access_cache.renew_for_user, sender=get_user_model())
