"""costshare.aio on psycopg 3 AsyncConnection and AsyncConnectionPool (run with asyncio.run, so no
pytest plugin is needed)."""
import asyncio
import datetime
from decimal import Decimal

import pytest

import costshare
import costshare.aio

D = datetime.date
NGUYEN = ('M-NGUYEN-1', D(2026, 3, 2), '90837')


def test_async_calls(dsn):
    import psycopg

    async def main():
        async with await psycopg.AsyncConnection.connect(dsn) as a:
            cat = await costshare.aio.register(a)
            assert a.info.transaction_status.name == 'IDLE'
            r = await costshare.aio.estimate(a, *NGUYEN, provider='1333333334', billed=200)
            assert isinstance(r, costshare.EstimateResult) and isinstance(r.acc_after, costshare.Accum)
            e = await costshare.aio.eligibility(a, *NGUYEN)
            assert e.status == 'eligible'
            t = await costshare.aio.explain(a, *NGUYEN, locale='es')
            assert t.startswith('Usted paga')
            rows = await costshare.aio.estimate_many(a, [(None, *NGUYEN, '1333333334', None, Decimal(200))])
            assert rows[0].line.patient_pays == r.patient_pays
            cur = await a.execute("SELECT costshare.accum(2)")
            assert (await cur.fetchone())[0].ded_individual_met == Decimal('2')
            with pytest.raises(costshare.MoneyError):
                await costshare.aio.estimate(a, *NGUYEN, billed=0.1 + 0.2)
            with pytest.raises(costshare.BadInput):
                await costshare.aio.estimate(a, *NGUYEN, billed=Decimal('0.001'))
            await a.rollback()
            return cat
    assert asyncio.run(main()) is not None


def test_async_pool(dsn):
    psycopg_pool = pytest.importorskip('psycopg_pool')

    async def main():
        async with psycopg_pool.AsyncConnectionPool(dsn, min_size=1, max_size=3,
                                                    configure=costshare.aio.register) as pool:
            async def one(day):
                async with pool.connection() as a:
                    return await costshare.aio.estimate(a, 'M-NGUYEN-1', D(2026, 3, day), '90837')
            results = await asyncio.gather(*(one(d) for d in range(2, 8)))
            assert all(isinstance(r, costshare.EstimateResult) for r in results)
    asyncio.run(main())
