"""The embedded-mode web server loads the embedding model at start-up, nothing else does."""

from claims.warmup import should_warm


def test_warms_only_the_serving_runserver_in_embedded_mode():
    child = {"RUN_MAIN": "true"}
    assert should_warm(["manage.py", "runserver"], child, eager=True, enabled=True)
    assert should_warm(["manage.py", "runserver", "--noreload"], {}, eager=True, enabled=True)
    assert not should_warm(["manage.py", "runserver"], {}, eager=True, enabled=True)  # reloader parent
    assert not should_warm(["manage.py", "runserver"], child, eager=False, enabled=True)  # workers embed
    assert not should_warm(["manage.py", "runserver"], child, eager=True, enabled=False)
    assert not should_warm(["manage.py", "migrate"], child, eager=True, enabled=True)
    assert not should_warm(["pytest"], child, eager=True, enabled=True)
