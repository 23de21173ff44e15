from django.urls import path

from . import views, views_dashboard, views_front, views_moderation, views_schedules

app_name = "claims"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("articles/", views_front.article_list, name="articles"),
    path("articles/new/", views_front.article_add, name="article_add"),
    path("articles/<int:pk>/progress", views_front.article_progress, name="article_progress"),
    path("search/", views_front.search, name="search"),
    path("reference/", views_front.reference, name="reference"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("claims/<int:pk>/", views.claim_detail, name="claim"),
    path("claims/<int:pk>/verdict", views.claim_verdict, name="claim_verdict"),
    path("claims/<int:pk>/override", views.claim_override, name="claim_override"),
    path("claims/<int:pk>/edits/revert", views.claim_edit_revert_view, name="claim_edit_revert"),
    path("claims/<int:pk>/edits/restore", views.claim_edit_restore_view,
         name="claim_edit_restore"),
    path("claims/<int:pk>/adjudicate", views_moderation.claim_adjudicate_view,
         name="claim_adjudicate"),
    path("claims/<int:pk>/review-mode", views_moderation.claim_review_mode,
         name="claim_review_mode"),
    path("claims/<int:pk>/assign", views_moderation.claim_assign, name="claim_assign"),
    path("articles/<int:pk>/review-mode", views_moderation.article_review_mode,
         name="article_review_mode"),
    path("articles/<int:pk>/assign", views_moderation.article_assign, name="article_assign"),
    path("assignments/<int:pk>/end", views_moderation.assignment_end_view,
         name="assignment_end"),
    path("agreement/", views_moderation.agreement, name="agreement"),
    path("contradictions/<int:pk>/resolve", views.contradiction_decide, name="contradiction_resolve"),
    path("events/<int:claim_id>/", views.event_detail, name="event"),
    path("runs/", views.run_list, name="runs"),
    path("runs/run-now", views_schedules.schedule_run_now, name="schedule_run_now"),
    path("runs/<int:pk>/progress", views.run_progress, name="run_progress"),
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
]
