from django.urls import path

from . import views

app_name = "claims"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/verdict", views.claim_verdict, name="claim_verdict"),
    path("claims/<int:pk>/override", views.claim_override, name="claim_override"),
    path("contradictions/<int:pk>/resolve", views.contradiction_decide, name="contradiction_resolve"),
    path("events/<int:claim_id>/", views.event_detail, name="event"),
    path("runs/", views.run_list, name="runs"),
    path("runs/<int:pk>/progress", views.run_progress, name="run_progress"),
    path("healthz", views.healthz, name="healthz"),
]
