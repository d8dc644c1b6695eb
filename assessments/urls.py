from django.urls import include, path

app_name = "assessments"

urlpatterns = [
    path("quiz/", include("assessments.quizzes.urls")),
    path("essay/", include("assessments.essays.urls")),
]
