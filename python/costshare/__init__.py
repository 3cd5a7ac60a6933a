"""costshare: typed access to the costshare PostgreSQL extension.

    import psycopg, costshare
    with psycopg.connect() as conn:
        costshare.register(conn)            # optional: the typed calls register on first use
        r = costshare.estimate(conn, 'M-NGUYEN-1', date(2026, 3, 2), '90837', provider='1333333334')
        r.patient_pays                      # Decimal('...')
        r.acc_after.ded_individual_met      # nested accum, a dataclass too

Works with psycopg 3 (costshare.aio for AsyncConnection) and psycopg2; costshare.sa has SQLAlchemy
helpers; costshare.errors the exceptions. The typed calls never commit: the caller's transaction
decides (load_271 and post_835 write).
"""
from ._version import __version__
from . import errors
from ._catalog import (Composite, Terms, Accum, Breakdown, EstimateResult, EligibilityResult, Appointment,
                       EstimateManyRow, Load271Result, Post835Row, CATALOG_SQL, Catalog)
from ._core import to_money
from . import _core
from .errors import (CostshareError, BadInput, MoneyError, NotFound, Conflict, Retryable, IcuError,
                     DRIVER_ERRORS, translate)

__all__ = ['register', 'estimate', 'estimate_many', 'eligibility', 'explain', 'load_271', 'post_835',
           'catalog', 'to_money', 'to_json', 'errors', 'CostshareError', 'BadInput', 'MoneyError', 'NotFound',
           'Conflict', 'Retryable', 'IcuError', 'Composite', 'Terms', 'Accum', 'Breakdown', 'EstimateResult',
           'EligibilityResult', 'Appointment', 'EstimateManyRow', 'Load271Result', 'Post835Row',
           '__version__']


def _read_catalog(conn, driver):
    """Runs the catalog query without leaving a transaction open that was not open before."""
    if driver == 'psycopg':
        from psycopg.pq import TransactionStatus
        idle = conn.info.transaction_status == TransactionStatus.IDLE
    else:
        import psycopg2.extensions
        idle = conn.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_IDLE
    idle = idle and not conn.autocommit
    try:
        with conn.cursor() as cur:
            cur.execute(CATALOG_SQL)
            return cur.fetchall()
    except DRIVER_ERRORS as e:
        raise translate(e) or e
    finally:
        if idle:
            conn.rollback()


def register(conn):
    """Registers every costshare composite type of the connection's database (read from the catalog)
    on a psycopg 3 or psycopg2 connection (or the one under a SQLAlchemy connection), so they load as
    costshare dataclasses; returns the Catalog.
    Usable as a psycopg_pool ``configure`` callback. Leaves no transaction open that was not open."""
    raw = _core.unwrap(conn)
    driver = _core.driver_of(raw)
    cat = Catalog(_read_catalog(raw, driver))
    if driver == 'psycopg':
        _core.register_psycopg(raw, cat)
    else:
        _core.register_psycopg2(raw, cat)
    _core.remember(raw, cat)
    if raw is not conn:
        _core.remember(conn, cat)
    return cat


def catalog(conn):
    """The Catalog registered for the connection (registering it on first use)."""
    return _core.known(_core.unwrap(conn)) or register(conn)


def _run(conn, op):
    sql, params, how, clsname = op
    try:
        if type(conn).__module__.startswith('psycopg2'):
            with conn.cursor() as cur:
                cur.execute(sql, params)
                rows = cur.fetchall()
        else:
            pool = _core.cursors(conn)
            cur = pool.pop() if pool else conn.cursor()
            try:
                cur.execute(sql, params)
                rows = cur.fetchall()
            finally:
                if not cur.closed:
                    pool.append(cur)
    except DRIVER_ERRORS as e:
        err = translate(e)
        if err is None:
            raise
        raise err from e
    return rows, how, clsname


def _call(conn, make_op, *args):
    if type(conn).__module__.startswith('sqlalchemy'):
        conn = _core.unwrap(conn)
    cat = _core.known(conn) or register(conn)
    rows, how, clsname = _run(conn, make_op(cat, *args))
    return _core.make_result(cat, how, clsname, rows)


def estimate(conn, member, service_date, service_code, provider=None, place_of_service='11', billed=None, *,
             nsa_protected=False):
    """costshare.estimate as an EstimateResult (None fields where the line cannot be priced);
    nsa_protected=True prices a No Surprises Act protected line (in-network cost sharing, no balance bill)."""
    return _call(conn, _core.op_estimate, member, service_date, service_code, provider, place_of_service, billed,
                 nsa_protected)


def eligibility(conn, member, service_date, service_code, provider=None, place_of_service='11'):
    """costshare.eligibility as an EligibilityResult."""
    return _call(conn, _core.op_eligibility, member, service_date, service_code, provider, place_of_service)


def explain(conn, member, service_date, service_code, provider=None, place_of_service='11', billed=None,
            locale='en-US'):
    """costshare.explain(member, ...): the patient-facing text in the locale (e.g. 'es')."""
    return _call(conn, _core.op_explain, member, service_date, service_code, provider, place_of_service,
                 billed, locale)


def estimate_many(conn, appointments):
    """costshare.estimate_many over appointments (costshare Appointments, dicts or tuples in the
    appointment type's field order; appt_ids numbered 1.. when none is given), one result per row the
    function returns, in input order."""
    return _call(conn, _core.op_estimate_many, appointments)


def load_271(conn, doc, as_of=None):
    """costshare.load_271 (writes; the caller commits) as a Load271Result."""
    return _call(conn, _core.op_load_271, doc, as_of)


def post_835(conn, doc, mode='strict'):
    """costshare.post_835 (writes; the caller commits) as a list of Post835Row."""
    return _call(conn, _core.op_post_835, doc, mode)


def to_json(value):
    """A JSON-ready copy of a result (or list of results): money as strings (exact), dates ISO, ranges
    as {"lower", "upper", "bounds"}, nested composites as objects."""
    import datetime
    import decimal
    if value is None or isinstance(value, (str, int, float)):
        return value
    if isinstance(value, Composite):
        return {f: to_json(v) for f, v in zip(value.__dataclass_fields__, value)}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, 'lower') and hasattr(value, 'upper'):      # psycopg / psycopg2 ranges
        bounds = getattr(value, 'bounds', None) or getattr(value, '_bounds', None)
        return {'lower': to_json(value.lower), 'upper': to_json(value.upper), 'bounds': bounds}
    return value
