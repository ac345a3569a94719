"""Create a user and add them to a new group.

`POST /api/user` takes a `password`, a key Metabase's description omits: a subclass of the
generated TypedDict adds it, typed."""

from __future__ import annotations

from _connect import connect
from metabase_client import models as m


class NewUser(m.UserCreateBody):
    password: str


def main() -> None:
    with connect() as mb:
        user = mb.user.create(
            body=NewUser(
                first_name="Ada",
                last_name="Lovelace",
                email="ada@example.com",
                password="Sup3rS3cure_:}",
            )
        )
        group = mb.permissions.create_group(body={"name": "Analysts"})
        mb.permissions.create_membership(body={"group_id": group["id"], "user_id": user["id"]})
        print(f"user {user['id']} is in group {group['id']}")


if __name__ == "__main__":
    main()
