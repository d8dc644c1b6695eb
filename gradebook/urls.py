from django.urls import path

from . import views

app_name = "gradebook"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:class_id>/", views.class_gradebook, name="class"),
    path("<int:class_id>/overview/", views.class_overview, name="overview"),
    path("<int:class_id>/mine/", views.my_grades, name="mine"),
    path("<int:class_id>/students/<int:student_id>/", views.student_grades, name="student"),
    path("<int:class_id>/cells/<int:student_id>/<int:assignment_id>/", views.cell, name="cell"),
    path(
        "<int:class_id>/cells/<int:student_id>/<int:assignment_id>/override/", views.override, name="override"
    ),
    path("<int:class_id>/cells/<int:student_id>/<int:assignment_id>/excuse/", views.excuse, name="excuse"),
    path("<int:class_id>/settings/", views.gradebook_settings, name="settings"),
    path("<int:class_id>/scale/", views.letter_scale, name="scale"),
    path("<int:class_id>/statistics/", views.statistics, name="statistics"),
    path("<int:class_id>/export/<slug:what>/<slug:fmt>/", views.export, name="export"),
]
