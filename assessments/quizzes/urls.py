from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("<int:assignment_id>/", views.home, name="home"),
    path("<int:assignment_id>/start/", views.start, name="start"),
    path("attempt/<int:attempt_id>/", views.attempt, name="attempt"),
    path("attempt/<int:attempt_id>/answer/", views.save_answer, name="save_answer"),
    path("attempt/<int:attempt_id>/submit/", views.submit, name="submit"),
    path("<int:assignment_id>/attempts/", views.attempts, name="attempts"),
    path("<int:assignment_id>/analysis/", views.analysis, name="analysis"),
    path("<int:assignment_id>/extra-attempt/", views.extra_attempt, name="extra_attempt"),
    path("<int:assignment_id>/regrade/", views.regrade, name="regrade"),
    path("attempt/<int:attempt_id>/full/", views.attempt_detail, name="attempt_detail"),
    path("answer/<int:answer_id>/override/", views.override, name="override"),
]
