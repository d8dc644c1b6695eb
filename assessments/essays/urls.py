from django.urls import path

from . import views

app_name = "essays"

urlpatterns = [
    path("<int:assignment_id>/", views.write, name="write"),
    path("<int:assignment_id>/autosave/", views.autosave, name="autosave"),
    path("<int:assignment_id>/submit/", views.submit, name="submit"),
    path("<int:assignment_id>/reopen/", views.reopen, name="reopen"),
    path("<int:assignment_id>/versions/<int:version_id>/restore/", views.restore, name="restore"),
    path("<int:assignment_id>/essays/", views.overview, name="overview"),
    path("<int:assignment_id>/grade/", views.grade_next, name="grade_next"),
    path("<int:assignment_id>/grade/<int:essay_id>/", views.grade, name="grade"),
    path("<int:assignment_id>/grade/<int:essay_id>/save/", views.grade_save, name="grade_save"),
    path("<int:assignment_id>/grade/<int:essay_id>/return/", views.return_essay, name="return"),
    path("<int:assignment_id>/release/", views.release, name="release"),
]
