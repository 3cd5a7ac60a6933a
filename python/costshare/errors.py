"""Errors: one exception class per family of SQLSTATEs costshare documents, each carrying the server's
sqlstate, message, detail and hint, and the HTTP problem+json they map to.

  BadInput        22xxx (null, out of range, invalid parameter, bad X12/CMS file, encoding), 42P20   400
  MoneyError      a Python money argument that is not exact cents (a BadInput and a ValueError)    400
  NotFound        23503 (a person no member matches), P0002, 02000, 42704                          404
  Conflict        23505, 23P01 (overlapping enrollment, participation, fee rows)                   409
  Retryable       40001, 40P01 (serialization failure, deadlock), 55P03 (lock not available)       503
  IcuError        58000 (an ICU call failed)                                                       500
  CostshareError  anything else from the server                                                    500

Messages are the server's (which never contain member ids, names or birth dates) or this package's
own (which never contain argument values either).
"""
import contextlib


class CostshareError(Exception):
    """An error from costshare or the database, with the server's diagnostics."""
    http_status = 500
    title = 'Database error'

    def __init__(self, message, sqlstate=None, detail=None, hint=None):
        super().__init__(message)
        self.message = message
        self.sqlstate = sqlstate
        self.detail = detail
        self.hint = hint

    def __str__(self):
        s = self.message
        if self.sqlstate:
            s = '%s (SQLSTATE %s)' % (s, self.sqlstate)
        return s


class BadInput(CostshareError, ValueError):
    """The input was refused: a NULL where a value is required, an amount or count out of range,
    fractions of a cent, an unknown word, a malformed document (SQLSTATE class 22, or 42P20)."""
    http_status = 400
    title = 'Invalid input'


class MoneyError(BadInput):
    """A money argument that is not an exact amount of cents (a float with more than two decimals,
    NaN, infinity, a bool, or a value of another type)."""


class NotFound(CostshareError, LookupError):
    """Something the request names does not exist (e.g. a 271 or 835 person no member matches)."""
    http_status = 404
    title = 'Not found'


class Conflict(CostshareError):
    """The change conflicts with rows already there (unique or exclusion constraint)."""
    http_status = 409
    title = 'Conflict'


class Retryable(CostshareError):
    """A serialization failure, deadlock or lock timeout: retry the whole transaction."""
    http_status = 503
    title = 'Try again'


class IcuError(CostshareError):
    """An ICU call failed in the server (explanations, member matching)."""
    http_status = 500
    title = 'ICU error'


_BY_STATE = {
    '23503': NotFound, 'P0002': NotFound, '02000': NotFound, '42704': NotFound,
    '23505': Conflict, '23P01': Conflict,
    '40001': Retryable, '40P01': Retryable, '55P03': Retryable,
    '58000': IcuError,
    '42P20': BadInput,
}


def class_for(sqlstate):
    """The exception class for a SQLSTATE."""
    if not sqlstate:
        return CostshareError
    cls = _BY_STATE.get(sqlstate)
    if cls is not None:
        return cls
    if sqlstate.startswith('22'):
        return BadInput
    return CostshareError


def _diag(exc):
    """(sqlstate, message, detail, hint) of a psycopg 3 or psycopg2 error, or None."""
    diag = getattr(exc, 'diag', None)
    sqlstate = getattr(exc, 'sqlstate', None) or getattr(exc, 'pgcode', None)
    if diag is None and sqlstate is None:
        return None
    message = detail = hint = None
    if diag is not None:
        sqlstate = sqlstate or getattr(diag, 'sqlstate', None)
        message = getattr(diag, 'message_primary', None)
        detail = getattr(diag, 'message_detail', None)
        hint = getattr(diag, 'message_hint', None)
    if not message:
        message = str(exc).strip().split('\n')[0] or type(exc).__name__
    return sqlstate, message, detail, hint


def translate(exc):
    """The costshare exception for a driver exception (psycopg 3, psycopg2, or SQLAlchemy's wrapper
    of either); a CostshareError is returned as it is, anything else as None."""
    if isinstance(exc, CostshareError):
        return exc
    orig = getattr(exc, 'orig', None)      # sqlalchemy.exc.DBAPIError
    if orig is not None and orig is not exc:
        exc = orig
    d = _diag(exc)
    if d is None:
        return None
    sqlstate, message, detail, hint = d
    err = class_for(sqlstate)(message, sqlstate, detail, hint)
    err.__cause__ = exc
    return err


def _driver_errors():
    errs = []
    try:
        import psycopg
        errs.append(psycopg.Error)
    except ImportError:
        pass
    try:
        import psycopg2
        errs.append(psycopg2.Error)
    except ImportError:
        pass
    try:
        import sqlalchemy.exc
        errs.append(sqlalchemy.exc.DBAPIError)
    except ImportError:
        pass
    return tuple(errs) or (Exception,)


DRIVER_ERRORS = _driver_errors()


@contextlib.contextmanager
def translating():
    """Re-raise driver errors inside the block as costshare exceptions (with the original as cause)."""
    try:
        yield
    except DRIVER_ERRORS as e:
        err = translate(e)
        if err is None:
            raise
        raise err from e


def problem(exc, instance=None):
    """(status, body): an RFC 9457 problem+json body for a costshare exception (or a driver error)."""
    err = translate(exc) or CostshareError('internal error')
    body = {
        'type': 'about:blank',
        'title': err.title,
        'status': err.http_status,
        'detail': err.message,
    }
    if err.sqlstate:
        body['sqlstate'] = err.sqlstate
    if err.detail:
        body['reason'] = err.detail
    if err.hint:
        body['hint'] = err.hint
    if instance:
        body['instance'] = instance
    return err.http_status, body
