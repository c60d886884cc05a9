import datetime as dt

from jobcenter.core import todo


def test_items_of_all_providers_are_ordered_by_urgency_then_due_date(monkeypatch):
    monkeypatch.setattr(todo, "_providers", {})
    later = dt.datetime(2026, 12, 20, tzinfo=dt.UTC)
    sooner = dt.datetime(2026, 12, 10, tzinfo=dt.UTC)
    todo.register("a", lambda user: [
        todo.ToDo("x", "Info", "", "Ansehen", "/a", urgency=todo.INFO),
        todo.ToDo("y", "Später", "", "Tun", "/b", urgency=todo.DUE_SOON, due=later),
    ])
    todo.register("b", lambda user: [
        todo.ToDo("z", "Früher", "", "Tun", "/c", urgency=todo.DUE_SOON, due=sooner),
        todo.ToDo("w", "Überfällig", "", "Tun", "/d", urgency=todo.OVERDUE),
    ])
    assert [i.title for i in todo.todos_for(object())] == ["Überfällig", "Früher", "Später", "Info"]
