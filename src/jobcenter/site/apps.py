from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site around the two faces: home, sign-in hand-off, legal pages, branding, error
    pages, the page shell's context and the demo data (``seed_demo``)."""

    name = "jobcenter.site"
    label = "site"
    verbose_name = "Website"  # no models: never shown (the same word in German and English)
