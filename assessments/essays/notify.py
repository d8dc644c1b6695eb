"""Email to students about their essays (Django's mail: the console in development)."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils.translation import gettext as _


def _essay_url(assignment, site_url):
    return f"{site_url}{reverse('assessments:essays:write', args=[assignment.pk])}"


def grades_released(assignment, essays, site_url=""):
    """Tell each student with a graded essay that their feedback can be read."""
    messages = []
    for essay in essays:
        if not essay.student.email:
            continue
        subject = _("Feedback released: %(title)s") % {"title": assignment.title}
        body = _(
            "Hello %(name)s,\n\nYour teacher has released the feedback on your essay “%(title)s”.\n"
            "Read it here: %(url)s\n"
        ) % {
            "name": essay.student.get_full_name(),
            "title": assignment.title,
            "url": _essay_url(assignment, site_url),
        }
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [essay.student.email]))
    if messages:
        send_mass_mail(messages, fail_silently=True)


def essay_returned(essay, site_url=""):
    """Tell the student their essay came back for revision."""
    if not essay.student.email:
        return
    subject = _("Essay returned for revision: %(title)s") % {"title": essay.assignment.title}
    body = _(
        "Hello %(name)s,\n\nYour teacher returned your essay “%(title)s” for revision.\n%(note)s\n%(url)s\n"
    ) % {
        "name": essay.student.get_full_name(),
        "title": essay.assignment.title,
        "note": essay.return_note,
        "url": _essay_url(essay.assignment, site_url),
    }
    send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [essay.student.email])], fail_silently=True)
