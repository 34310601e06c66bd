from django.apps import AppConfig

# Apps whose data the public pages show (publishing a Council report included): any write to
# them moves to a new data version, so cached pages, chart JSON and selectors are recomputed.
# Matched by app label, so core imports none of them.
WATCHED_APPS = frozenset({"performance", "improvement", "options", "reports"})


class CoreConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = "Site"

    def ready(self) -> None:
        from django.db import models
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from core.cache import bump_data_version

        def on_change(sender: type[models.Model], **kwargs: object) -> None:
            # Cache invalidation only, never domain behaviour: see core.cache.
            if sender._meta.app_label in WATCHED_APPS:
                bump_data_version()

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(on_change, weak=False, dispatch_uid=f"core-data-version-{signal!r}")

        from django.contrib.auth.signals import user_logged_in

        from core.middleware import stamp_session_start

        # The session's clock starts at sign-in, so the first page after it writes no session.
        user_logged_in.connect(stamp_session_start, dispatch_uid="core-session-start")
