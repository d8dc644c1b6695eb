"""The sign-in backend: Django's ModelBackend, with the signed-in user's row read by a written-out query.

Every request of a signed-in person reads their row by primary key (django.contrib.auth.get_user). The
ORM compiles that one-row query anew each time, and compiling it cost more CPU than anything else the
site's layout does: 8 % of a student's dashboard in instructions (callgrind; the floor page 14 %;
docs/performance.md). The query here is built once per database vendor from the model's own metadata,
and the row comes back through the ORM's converters (kzcourse.sql.row_reader), so the user is the
instance a queryset would have given. Signing in, permissions and the inactive-user rule are
ModelBackend's, unchanged.
"""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connection

from kzcourse.sql import quoted_column, quoted_table, row_reader


@functools.cache
def user_query(vendor):
    """SELECT of every column of the user model by primary key, and the reader of its row."""
    model = get_user_model()
    columns, read = row_reader(model, vendor)
    # Only quoted names from the model's meta are formatted in; the id is a parameter.
    sql = f"SELECT {', '.join(columns)} FROM {quoted_table(model)} WHERE {quoted_column(model, 'pk')} = %s"  # noqa: S608
    return sql, read


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        sql, read = user_query(connection.vendor)
        with connection.cursor() as cursor:
            cursor.execute(sql, [user_id])
            row = cursor.fetchone()
        if row is None:
            return None
        user = read(row)
        return user if self.user_can_authenticate(user) else None


# The dotted path a login by the site itself names (a login with several backends must name one).
USER_BACKEND = f"{__name__}.{UserBackend.__name__}"
