"""Hand-written SQL for the hot paths, built from the models' own metadata.

Where the ORM spent more CPU compiling a query than the rest of the request (a one-row lock, an
attempt's rows, a batched update), the query is written out. Only names quoted from the models' meta are
formatted into it; every value is a parameter. Values read come back through the ORM's own converters, so
callers get what a queryset would have given them.
"""

import functools
from itertools import batched

from django.db import connection


def quoted_table(model):
    """The model's table name, quoted for a hand-written query."""
    return connection.ops.quote_name(model._meta.db_table)


def quoted_column(model, name):
    """The column of the model's field `name` ("pk" too), quoted for a hand-written query."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    return connection.ops.quote_name(field.column)


def table_and_columns(model, *fields):
    """The model's quoted table name and the quoted columns of `fields`, for a hand-written query."""
    return quoted_table(model), [quoted_column(model, name) for name in fields]


@functools.cache
def field_converters(fields, vendor):
    """Per field: (the converters the ORM applies to its column's values, the column). Cached per vendor."""
    found = []
    for field in fields:
        column = field.get_col(field.model._meta.db_table)
        found.append((connection.ops.get_db_converters(column) + field.get_db_converters(connection), column))
    return found


def converted(values, converters):
    """One row's values through field_converters' converters: what a queryset would give."""
    found = []
    for value, (functions, column) in zip(values, converters, strict=True):
        for function in functions:
            value = function(value, column, connection)
        found.append(value)
    return found


def as_the_orm_reads(rows, fields):
    """Raw rows of `fields`' columns with the values the ORM would give (SQLite stores decimals and
    booleans as numbers, datetimes as text); PostgreSQL's driver gives those already, so its rows pass
    as they are."""
    converters = field_converters(tuple(fields), connection.vendor)
    if not any(functions for functions, _column in converters):
        return rows
    return [converted(row, converters) for row in rows]


@functools.cache
def row_reader(model, vendor, without=()):
    """(the model's columns to select, a function from their values to a model instance).

    The values pass through the converters the ORM applies (SQLite stores decimals and datetimes as
    text and numbers), so the instance is the one a queryset would have built. Fields named in
    `without` are not read: the instance has them deferred, as `.defer()` gives it.
    """
    fields = tuple(field for field in model._meta.concrete_fields if field.name not in without)
    attnames = [field.attname for field in fields]
    converters = field_converters(fields, vendor)

    def read(values):
        return model.from_db(connection.alias, attnames, converted(values, converters))

    return [connection.ops.quote_name(field.column) for field in fields], read


def update_rows(model, changed, fields):
    """Write {pk: (values of `fields`)}: each row its own values, one UPDATE … FROM (VALUES …) per batch.

    bulk_update builds a CASE WHEN expression per row and field, which cost more CPU than the grading
    of a submitted attempt; a VALUES list is one parameter per value. PostgreSQL and SQLite (3.33+)
    both name a VALUES list's columns column1, column2, …
    """
    if not changed:
        return
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    table = connection.ops.quote_name(meta.db_table)
    assignments = ", ".join(
        f"{connection.ops.quote_name(field.column)} = v.column{n}" for n, field in enumerate(columns, start=2)
    )
    row = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
    items = sorted(changed.items())  # the same lock order in every transaction
    size = min(1000, connection.ops.bulk_batch_size(["pk", *fields], items))
    with connection.cursor() as cursor:
        for batch in batched(items, size):
            params = []
            for pk, values in batch:
                params.append(pk)
                params.extend(
                    field.get_db_prep_value(value, connection)
                    for field, value in zip(columns, values, strict=True)
                )
            # Only quoted names from the model's meta are formatted in; every value is a parameter.
            sql = (
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([row] * len(batch))}) AS v"  # noqa: S608
                f" WHERE {table}.{connection.ops.quote_name(meta.pk.column)} = v.column1"
            )
            cursor.execute(sql, params)
