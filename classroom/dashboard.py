"""The dashboard gathers panels from the apps above classroom, without importing them.

An app adds to the dashboard with a module `<app>/dashboard.py` (found the way seed_demo finds
`<app>/demo.py`) that has `panels(request, now, teaching=..., studying=...)` — the classes the person
teaches and studies in — returning a list of `Panel`s; a panel's `slot` is "teaching", "studying" or
"top". classroom stays at the bottom of the dependency chain: it never names lessons or assessments.
"""

import importlib
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps


@dataclass
class Panel:
    template: str
    slot: str
    context: dict = field(default_factory=dict)
    order: int = 0


@cache
def panel_providers():
    providers = []
    for app_config in apps.get_app_configs():
        if app_config.name == "classroom":
            continue
        try:
            module = importlib.import_module(f"{app_config.name}.dashboard")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.dashboard":
                raise
            continue
        providers.append(module.panels)
    return providers


def dashboard_panels(request, now, *, teaching, studying):
    panels = [
        panel
        for provider in panel_providers()
        for panel in provider(request, now, teaching=teaching, studying=studying)
    ]
    return sorted(panels, key=lambda panel: panel.order)
