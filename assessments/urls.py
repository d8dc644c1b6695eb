from django.urls import include, path

from . import views

app_name = "assessments"

urlpatterns = [
    path("classes/<int:pk>/", views.class_detail, name="class_detail"),
    path("classes/<int:pk>/assign/<str:kind>/", views.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/edit/", views.assignment_edit, name="assignment_edit"),
    path("assignments/<int:pk>/archive/", views.assignment_archive, name="assignment_archive"),
    path("assignments/<int:pk>/delete/", views.assignment_delete, name="assignment_delete"),
    path("quiz/", include("assessments.quizzes.urls")),
    path("essay/", include("assessments.essays.urls")),
]
