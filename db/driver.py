"""The hot paths' statements run through the driver's own cursor.

``issue_ticket`` and ``call_next`` hold SQLite's write lock from ``BEGIN IMMEDIATE`` to
``COMMIT``; everything done in between keeps every other kiosk and counter waiting.
SQLAlchemy's execution of a prebuilt, cached statement costs about 50 µs of Python per
statement (execution context, parameter and result processing, events); the driver's
cursor runs the same SQL in about 7 µs (``bench/queue_ops.py``, ``statement_profile``).

:class:`DriverConnection` wraps a SQLAlchemy :class:`~sqlalchemy.engine.Connection`.
Its :meth:`~DriverConnection.execute` takes the same statements (``db.statements``, the
one definition of each) and parameters. The first time a statement is met on a dialect
it is compiled by SQLAlchemy, once, into what the driver needs: the SQL text, the order
of its parameters, and SQLAlchemy's own bind and result converters of its columns'
types. Afterwards only those run, so values go in and come out exactly as SQLAlchemy
would convert them (an aware UTC datetime in, the same out; a ``date``; a ``bool``).

A statement that needs more than that (a Python-side column default, an expanding
``IN``, a literal rendered at execution) goes through SQLAlchemy unchanged. Driver errors
become SQLAlchemy's exceptions, and a lost connection is invalidated, as SQLAlchemy would
do it, so the core's error translation (``Database._database_errors``) sees no difference.
Listeners of ``before_cursor_execute``/``after_cursor_execute`` (the benchmark's
statement tap, tests counting statements) are called as SQLAlchemy calls them.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

from sqlalchemy import exc
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.sql.elements import ClauseElement

_Processor = Callable[[Any], Any] | None


class _Bind(NamedTuple):
    """One parameter of the compiled SQL: where its value comes from and its converter."""

    name: str  # the compiled name (positional order, or the key of a named parameter)
    key: str  # the caller's parameter key
    default: Any  # a value bound in the statement itself (``last_seq + 1``), or _MISSING
    convert: _Processor


class _Form(NamedTuple):
    """A statement as the driver runs it on one dialect."""

    sql: str
    positional: bool
    binds: tuple[_Bind, ...]
    results: tuple[_Processor, ...] | None  # per column; None when no column needs converting


_MISSING = object()


class Rows:
    """A statement's result, read at once: the few ways the hot paths read one."""

    __slots__ = ("_rows",)

    def __init__(self, rows: list[Any]) -> None:
        self._rows = rows

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def all(self) -> list[Any]:
        """Every row."""
        return self._rows

    def first(self) -> Any:
        """The first row, or ``None``."""
        return self._rows[0] if self._rows else None

    def one(self) -> Any:
        """The only row; an error if there is none or several."""
        if len(self._rows) != 1:
            raise exc.NoResultFound("no row") if not self._rows else exc.MultipleResultsFound("several rows")
        return self._rows[0]

    def scalar(self) -> Any:
        """The first column of the first row, or ``None``."""
        return self._rows[0][0] if self._rows else None

    def scalar_one(self) -> Any:
        """The first column of the only row."""
        return self.one()[0]

    def scalars(self) -> list[Any]:
        """The first column of every row."""
        return [r[0] for r in self._rows]


# Compiled forms per (statement, dialect, parameter keys); None: SQLAlchemy runs it.
_forms: dict[tuple[ClauseElement, str, frozenset[str]], _Form | None] = {}
# Row classes per SQL text run: a statement's columns never change, and a string's hash is
# kept, where the names would be listed from the cursor again on every run.
_row_types: dict[str, Any] = {}


def _compile(statement: ClauseElement, dialect: Dialect, keys: frozenset[str]) -> _Form | None:
    """The driver's form of ``statement`` on ``dialect``, or ``None`` if SQLAlchemy must run it."""
    compiled: Any = statement.compile(dialect=dialect, column_keys=sorted(keys))  # an SQLCompiler
    if getattr(compiled, "insert_prefetch", None) or getattr(compiled, "update_prefetch", None):
        return None  # a Python-side default to compute: SQLAlchemy's job
    if compiled.literal_execute_params or compiled.post_compile_params:
        return None
    names = list(compiled.positiontup) if dialect.positional and compiled.positiontup is not None \
        else list(compiled.binds)
    binds = []
    for name in names:
        bind = compiled.binds[name]
        if bind.expanding or bind.callable is not None:
            return None
        if bind.key in keys:
            default = _MISSING
        elif bind.value is not None or not bind.required:
            default = bind.value
        else:
            return None  # a required parameter the caller did not give: let SQLAlchemy say so
        binds.append(_Bind(name, bind.key, default, bind.type.dialect_impl(dialect).bind_processor(dialect)))
    columns = list(getattr(statement, "exported_columns", ()))
    results = tuple(c.type.dialect_impl(dialect).result_processor(dialect, None) for c in columns)
    return _Form(
        sql=str(compiled),
        positional=dialect.positional,
        binds=tuple(binds),
        results=results if any(p is not None for p in results) else None,
    )


class DriverConnection:
    """A SQLAlchemy connection whose :meth:`execute` runs prebuilt statements on the driver's cursor."""

    __slots__ = ("connection", "dialect", "_cursor", "_listened")

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect
        self._cursor: Any = None
        # Whether a before/after_cursor_execute listener must be called: asked once, since
        # SQLAlchemy's answer costs a few µs per statement and a transaction's listeners
        # are in place before it begins.
        dispatch = connection.dispatch
        self._listened = bool(dispatch.before_cursor_execute or dispatch.after_cursor_execute)

    def execute(self, statement: Any, params: Mapping[str, Any] | None = None) -> Any:
        """Run ``statement`` with ``params``: a :class:`Rows` (driver) or SQLAlchemy's result."""
        params = params or {}
        keys = frozenset(params)
        cache_key = (statement, self.dialect.name, keys)
        try:
            form = _forms[cache_key]
        except KeyError:
            form = _compile(statement, self.dialect, keys) if isinstance(statement, ClauseElement) else None
            _forms[cache_key] = form
        except TypeError:  # an unhashable statement: not one of the prebuilt ones
            form = None
        if form is None:
            return self.connection.execute(statement, params)
        return self._run(form, params)

    def _run(self, form: _Form, params: Mapping[str, Any]) -> Rows:
        values = tuple([(params[key] if default is _MISSING else default) if convert is None
                        else convert(params[key] if default is _MISSING else default)
                        for _, key, default, convert in form.binds])  # a tuple, as SQLAlchemy gives listeners
        parameters: Any = values if form.positional else {b.name: v for b, v in zip(form.binds, values, strict=True)}
        conn = self.connection
        cursor = self._cursor
        if cursor is None:
            cursor = self._cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        if self._listened:
            for fn in conn.dispatch.before_cursor_execute:
                fn(conn, cursor, form.sql, parameters, None, False)
        try:
            cursor.execute(form.sql, parameters)
            raw = cursor.fetchall() if cursor.description is not None else []
        except self.dialect.loaded_dbapi.Error as e:
            raise self._wrapped(e, form.sql, parameters, cursor) from e
        if self._listened:
            for fn in conn.dispatch.after_cursor_execute:
                fn(conn, cursor, form.sql, parameters, None, False)
        if not raw:
            return Rows([])
        row: Any = _row_types.get(form.sql)
        if row is None:
            # rows read ``row.code`` as SQLAlchemy's do
            row = _row_types[form.sql] = namedtuple("DriverRow", [d[0] for d in cursor.description], rename=True)
        make = row._make
        results = form.results
        if results is None:
            return Rows([make(r) for r in raw])
        return Rows([make([v if p is None else p(v) for p, v in zip(results, r, strict=True)]) for r in raw])

    def _wrapped(self, error: Exception, statement: str, parameters: Any, cursor: Any) -> exc.DBAPIError:
        """``error`` as SQLAlchemy raises it; a lost connection is invalidated first, as SQLAlchemy does."""
        self._cursor = None
        lost = self.dialect.is_disconnect(error, self.connection.connection.dbapi_connection,  # type: ignore[arg-type]
                                          cursor)
        if lost:
            self.connection.invalidate(error)
        wrapped = exc.DBAPIError.instance(statement, parameters, error, self.dialect.loaded_dbapi.Error,
                                          connection_invalidated=lost, dialect=self.dialect)
        assert isinstance(wrapped, exc.DBAPIError)  # a driver error always becomes one
        return wrapped

    def close(self) -> None:
        """Close the cursor (the connection stays the caller's)."""
        if self._cursor is not None:
            try:
                self._cursor.close()
            finally:
                self._cursor = None
