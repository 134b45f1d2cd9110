"""A record to JSON and back: field values by column name; a login as 'site:username'."""

import uuid
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from minka.sync.models import UserOrigin
from minka.sync.roles import here

User = get_user_model()


def user_key(user_id: int | None, users: dict[str, Any]) -> str | None:
    """The login a record points to, as the other server can find it again."""
    if user_id is None:
        return None
    cache = users.setdefault("", {})
    if ("u", user_id) not in cache:
        cache[("u", user_id)] = _user_key(user_id, users)
    return cache[("u", user_id)]


def _user_key(user_id: int, users: dict[str, Any]) -> str | None:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return None
    origin = UserOrigin.objects.filter(user=user).first()
    key = f"{origin.site}:{origin.username}" if origin else f"{here()}:{user.get_username()}"
    users.setdefault(key, [user.first_name, user.last_name])
    return key


def user_for(key: str | None, users: dict[str, Any]) -> int | None:
    """The local login for a key: the user herself if she is ours, else her stand-in,
    made on first sight with no usable password."""
    if key is None:
        return None
    cache = users.setdefault("", {})  # looked up once per bundle
    if key not in cache:
        cache[key] = _user_for(key, users)
    return cache[key]


def _user_for(key: str, users: dict[str, Any]) -> int:
    site, _sep, username = key.partition(":")
    if site == here():
        user = User.objects.filter(username=username).first()
        if user is not None:
            return int(user.pk)
    origin = UserOrigin.objects.filter(site=site, username=username).first()
    if origin is not None:
        return int(origin.user_id)
    first, last = (users.get(key) or ["", ""])[:2]
    local_name = username if not User.objects.filter(username=username).exists() else key
    user = User(username=local_name[:150], first_name=first[:150], last_name=last[:150])
    user.set_unusable_password()
    user.save()
    UserOrigin.objects.create(user=user, site=site, username=username)
    return int(user.pk)


def is_user_fk(field: "models.Field[Any, Any]") -> bool:
    return bool(field.is_relation and field.related_model is User)


def to_json(obj: models.Model, users: dict[str, Any]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        value = getattr(obj, field.attname)
        if is_user_fk(field):
            value = user_key(value, users)
        elif isinstance(field, models.FileField):
            value = str(value or "")  # the name only: files stay where they were made
        elif isinstance(field, models.JSONField):
            pass
        elif value is not None and not isinstance(value, bool | int | str):
            value = field.value_to_string(obj)
        data[field.attname] = value
    return data


def from_json(
    model: type[models.Model], pk: str, data: dict[str, Any], users: dict[str, Any]
) -> models.Model:
    kwargs: dict[str, Any] = {}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.attname not in data:
            raise ValueError(f"{model._meta.label}.{field.attname} missing")
        value = data[field.attname]
        if is_user_fk(field):
            value = user_for(value, users)
        elif value is not None and not isinstance(field, models.JSONField | models.FileField):
            target = field.target_field if field.is_relation else field  # type: ignore[attr-defined]  # a relation field has target_field
            value = target.to_python(value)
        kwargs[field.attname] = value
    return model(pk=uuid.UUID(pk), **kwargs)
