"""Scopes: who may see which rows. Every model a view fetches has a queryset with `for_user(user, action="view")`
(NetBox's restrict(user, action) is the model): a view reads through it, so a row outside the person's scope is a
404 before any permission is asked. Most models say their own scope (districts, rounds, evaluations); a row that
belongs to another one is seen by whoever sees its owner, which `OwnedQuerySet` says once for all of them."""

from django.db import models


def owner_model(model, path):
    """The model at the end of a lookup path such as "section__agreement"."""
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


class OwnedQuerySet(models.QuerySet):
    """Rows seen by whoever sees their owner: the model names the owner by `owner_field` (a lookup path)."""

    def for_user(self, user, action="view"):
        path = self.model.owner_field
        return self.filter(**{f"{path}__in": owner_model(self.model, path).objects.for_user(user, action)})
