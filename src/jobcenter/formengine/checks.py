from django.core.checks import Error, register


@register()
def form_definitions_check(app_configs, **kwargs):
    """``formengine.E001``: a form definition file that is invalid (it is not served)."""
    from jobcenter.formengine import registry

    return [
        Error(f"Invalid form definition: {problem}", obj=error.source, id="formengine.E001")
        for error in registry.load_errors()
        for problem in error.problems
    ]
