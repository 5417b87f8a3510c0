import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# The broker's transport (redis-py and kombu's Redis module: a second of imports on a busy
# machine) is loaded now, not by the first request that queues a job while someone waits
# for "queued" or "cannot be queued now".
from config.celery import app  # noqa: E402

app.connection_for_write().get_transport_cls()
