from django.urls import path

from claims.views import (
    articles,
    claims,
    contradictions,
    dashboard,
    health,
    moderation,
    queue,
    reference,
    runs,
    search,
)

app_name = "claims"

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("articles/", articles.article_list, name="articles"),
    path("articles/new/", articles.article_add, name="article_add"),
    path("articles/<int:pk>/progress", articles.article_progress, name="article_progress"),
    path("search/", search.search, name="search"),
    path("reference/", reference.reference, name="reference"),
    path("articles/<int:pk>/", articles.article_detail, name="article"),
    path("claims/<int:pk>/", claims.claim_detail, name="claim"),
    path("claims/<int:pk>/verdict", claims.claim_verdict, name="claim_verdict"),
    path("claims/<int:pk>/override", claims.claim_override, name="claim_override"),
    path("claims/<int:pk>/edits/revert", claims.claim_edit_revert, name="claim_edit_revert"),
    path("claims/<int:pk>/edits/restore", claims.claim_edit_restore, name="claim_edit_restore"),
    path("claims/<int:pk>/adjudicate", moderation.claim_adjudicate, name="claim_adjudicate"),
    path("claims/<int:pk>/review-mode", moderation.claim_review_mode, name="claim_review_mode"),
    path("claims/<int:pk>/assign", moderation.claim_assign, name="claim_assign"),
    path("articles/<int:pk>/review-mode", moderation.article_review_mode,
         name="article_review_mode"),
    path("articles/<int:pk>/assign", moderation.article_assign, name="article_assign"),
    path("assignments/<int:pk>/end", moderation.assignment_end, name="assignment_end"),
    path("agreement/", moderation.agreement, name="agreement"),
    path("contradictions/<int:pk>/resolve", contradictions.contradiction_resolve,
         name="contradiction_resolve"),
    path("events/<int:claim_id>/", contradictions.event_detail, name="event"),
    path("runs/", runs.run_list, name="runs"),
    path("runs/run-now", runs.schedule_run_now, name="schedule_run_now"),
    path("runs/<int:pk>/progress", runs.run_progress, name="run_progress"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
]
