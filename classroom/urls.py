from django.urls import path

from . import views

app_name = "classroom"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("signup/", views.signup, name="signup"),
    path("join/", views.join, name="join"),
    path("classes/new/", views.classroom_create, name="create"),
    path("classes/<int:pk>/people/", views.classroom_manage, name="manage"),
    path("classes/<int:pk>/edit/", views.classroom_edit, name="edit"),
    path("classes/<int:pk>/code/regenerate/", views.code_regenerate, name="code_regenerate"),
    path("classes/<int:pk>/code/joining/", views.code_joining, name="code_joining"),
    path("classes/<int:pk>/teachers/add/", views.coteacher_add, name="coteacher_add"),
    path("classes/<int:pk>/roster/", views.roster_import, name="roster_import"),
    path(
        "classes/<int:pk>/students/<int:membership_pk>/remove/", views.student_remove, name="student_remove"
    ),
    path("classes/<int:pk>/students/<int:membership_pk>/readd/", views.student_readd, name="student_readd"),
    path(
        "classes/<int:pk>/students/<int:membership_pk>/invite/", views.student_invite, name="student_invite"
    ),
]
