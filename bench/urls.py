"""The site's URLs plus the floor: a logged-in page that renders the base layout and nothing else."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path

from kzcourse.urls import urlpatterns as site_urlpatterns


@login_required
def floor(request):
    return render(request, "base.html")


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *site_urlpatterns]
