from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "claims"
    verbose_name = "Fact-checking"

    def ready(self) -> None:
        from django.conf import settings

        from claims import signals  # noqa: F401  (connects the receivers)
        from claims.pipeline import embed
        from claims.warmup import maybe_warm

        embed.configure(backend=settings.EMBEDDING_BACKEND, cache_dir=settings.EMBEDDING_CACHE_DIR)
        maybe_warm()  # embedded-mode runserver only: the model loads while you log in
