"""asyncio: a psycopg pool whose connections are registered as they are made (costshare.aio)."""
import asyncio
from datetime import date

import psycopg_pool

import costshare
import costshare.aio


async def main():
    async with psycopg_pool.AsyncConnectionPool('', min_size=1, max_size=4,
                                                configure=costshare.aio.register) as pool:
        async def one(member):
            async with pool.connection() as conn:
                return await costshare.aio.eligibility(conn, member, date(2026, 3, 2), '90837')
        for member, e in zip(('M-NGUYEN-1', 'M-ALVAREZ-1'),
                             await asyncio.gather(one('M-NGUYEN-1'), one('M-ALVAREZ-1'))):
            print(member, e.status, e.plan_id, 'deductible left:', e.ded_remaining)

asyncio.run(main())
