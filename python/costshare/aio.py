"""costshare for asyncio (psycopg 3 AsyncConnection): the same calls as the costshare module, awaited.

    async with await psycopg.AsyncConnection.connect() as aconn:
        r = await costshare.aio.estimate(aconn, 'M-NGUYEN-1', date(2026, 3, 2), '90837')

psycopg_pool.AsyncConnectionPool(configure=costshare.aio.register) registers every new connection.
"""
from . import _core
from ._catalog import CATALOG_SQL, Catalog
from .errors import DRIVER_ERRORS, translate

__all__ = ['register', 'estimate', 'estimate_many', 'eligibility', 'explain', 'load_271', 'post_835', 'catalog']


async def register(aconn):
    """Registers the costshare composites on an AsyncConnection; returns the Catalog. Leaves no
    transaction open that was not open."""
    from psycopg.pq import TransactionStatus
    idle = aconn.info.transaction_status == TransactionStatus.IDLE and not aconn.autocommit
    try:
        cur = await aconn.execute(CATALOG_SQL)
        rows = await cur.fetchall()
    except DRIVER_ERRORS as e:
        raise translate(e) or e
    finally:
        if idle:
            await aconn.rollback()
    cat = Catalog(rows)
    _core.register_psycopg(aconn, cat)
    return _core.remember(aconn, cat)


async def catalog(aconn):
    return _core.known(aconn) or await register(aconn)


async def _call(aconn, make_op, *args):
    cat = _core.known(aconn) or await register(aconn)
    sql, params, how, clsname = make_op(cat, *args)
    pool = _core.cursors(aconn)
    cur = pool.pop() if pool else aconn.cursor()
    try:
        await cur.execute(sql, params)
        rows = await cur.fetchall()
    except DRIVER_ERRORS as e:
        err = translate(e)
        if err is None:
            raise
        raise err from e
    finally:
        if not cur.closed:
            pool.append(cur)
    return _core.make_result(cat, how, clsname, rows)


async def estimate(aconn, member, service_date, service_code, provider=None, place_of_service='11', billed=None, *,
                   nsa_protected=False):
    return await _call(aconn, _core.op_estimate, member, service_date, service_code, provider, place_of_service,
                       billed, nsa_protected)


async def eligibility(aconn, member, service_date, service_code, provider=None, place_of_service='11'):
    return await _call(aconn, _core.op_eligibility, member, service_date, service_code, provider, place_of_service)


async def explain(aconn, member, service_date, service_code, provider=None, place_of_service='11', billed=None,
                  locale='en-US'):
    return await _call(aconn, _core.op_explain, member, service_date, service_code, provider, place_of_service,
                       billed, locale)


async def estimate_many(aconn, appointments):
    return await _call(aconn, _core.op_estimate_many, appointments)


async def load_271(aconn, doc, as_of=None):
    return await _call(aconn, _core.op_load_271, doc, as_of)


async def post_835(aconn, doc, mode='strict'):
    return await _call(aconn, _core.op_post_835, doc, mode)
