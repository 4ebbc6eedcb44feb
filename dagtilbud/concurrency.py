"""Optimistic locking, the one way: an edit names the version it was based on; a workflow that finds a newer one
refuses with StaleEdit, and the page shows the user what changed instead of overwriting it."""


class StaleEdit(Exception):
    """Someone else saved the object after this user loaded it; nothing was saved."""

    def __init__(self, current, changed_by):
        super().__init__(current)
        self.current = current
        self.changed_by = changed_by

    @property
    def who(self):
        """The other person's name as a page shows it, or None if history does not know."""
        if self.changed_by is None:
            return None
        return self.changed_by.get_full_name() or self.changed_by.get_username()


def check_version(model, pk, seen_version):
    """Lock the row and refuse if it moved on since `seen_version`; returns the locked current row. Call inside
    a transaction: the lock makes two simultaneous saves take turns, so they cannot both pass."""
    current = model.objects.select_for_update().get(pk=pk)
    if current.version != seen_version:
        last = current.history.first()
        raise StaleEdit(current, last.history_user if last else None)
    return current
