from django.apps import AppConfig


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = "Council reports"

    def ready(self) -> None:
        from performance.entry.services import register_published_month_check
        from reports.services import check_published_month_change

        # A changed approved value of a published month needs a reason and names the packs.
        register_published_month_check(check_published_month_change)
