"""Where an uploaded import file lives between django-import-export's preview and confirm steps."""

from __future__ import annotations

from import_export.tmp_storages import CacheStorage


class SharedCacheStorage(CacheStorage):
    """Keep the file in Django's cache (Redis in production) for an hour at most.

    The default keeps it in the app server's temporary folder, which breaks with several app
    servers (the confirm may reach another one) and leaves the file on disk when nobody
    confirms. The cache is shared and forgets it; ``remove()`` deletes it on confirm.
    """

    CACHE_LIFETIME = 3600
