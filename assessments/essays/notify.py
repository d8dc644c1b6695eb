"""Email to students about their essays (Django's mail: the console in development).

A mail server that is down must not undo a release or a return the teacher already made: sending failures
are logged, not raised.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def _send(messages):
    try:
        send_mass_mail(messages)
    except (OSError, smtplib.SMTPException):
        logger.exception("Could not send %d essay notification(s)", len(messages))


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
        _send(messages)


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
    _send([(subject, body, settings.DEFAULT_FROM_EMAIL, [essay.student.email])])
