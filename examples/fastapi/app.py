"""examples/fastapi/app.py — a small estimate service over costshare (FastAPI, psycopg 3 async pool).

    GET  /estimate?member=...&date=2026-03-02&code=90837[&provider=...&pos=11&billed=250.00]
    POST /estimates            a batch: [{"member_id": ..., "service_date": ..., "service_code": ...}, ...]
    GET  /eligibility?member=...&date=...&code=...[&provider=...&pos=...]
    GET  /explain?member=...&date=...&code=...[&lang=es]   (or the Accept-Language header)

Money is returned as JSON strings ("165.00"): exact, never a float. Errors are problem+json
(costshare.web). Connection settings come from libpq's environment (PGHOST, PGPORT, ...) or
COSTSHARE_DSN. Member ids are part of the URL of a GET, so run it with the access log off:

    python3 -m uvicorn --app-dir examples/fastapi app:app --no-access-log
"""
import datetime
import decimal
import os
from typing import List, Optional

import psycopg_pool
from fastapi import FastAPI, Header
from fastapi.responses import JSONResponse
from pydantic import BaseModel

import costshare
import costshare.aio
import costshare.web


class AppointmentIn(BaseModel):
    appt_id: Optional[int] = None
    member_id: str
    service_date: datetime.date
    service_code: str
    provider_id: Optional[str] = None
    place_of_service: Optional[str] = None
    billed: Optional[decimal.Decimal] = None


def create_app(conninfo=None, min_size=1, max_size=4):
    app = FastAPI(title='costshare estimates', version=costshare.__version__)
    pool = psycopg_pool.AsyncConnectionPool(conninfo if conninfo is not None else os.environ.get('COSTSHARE_DSN', ''),
                                            min_size=min_size, max_size=max_size,
                                            configure=costshare.aio.register, open=False)
    app.state.pool = pool
    costshare.web.install(app)

    @app.on_event('startup')
    async def _open():
        await pool.open(wait=True)

    @app.on_event('shutdown')
    async def _close():
        await pool.close()

    @app.get('/estimate')
    async def estimate(member: str, date: datetime.date, code: str, provider: Optional[str] = None,
                       pos: str = '11', billed: Optional[decimal.Decimal] = None):
        async with pool.connection() as conn:
            r = await costshare.aio.estimate(conn, member, date, code, provider, pos, billed)
        return JSONResponse(costshare.to_json(r))

    @app.post('/estimates')
    async def estimates(appointments: List[AppointmentIn]):
        async with pool.connection() as conn:
            rows = await costshare.aio.estimate_many(conn, [a.dict() for a in appointments])
        return JSONResponse(costshare.to_json(rows))

    @app.get('/eligibility')
    async def eligibility(member: str, date: datetime.date, code: str, provider: Optional[str] = None,
                          pos: str = '11'):
        async with pool.connection() as conn:
            r = await costshare.aio.eligibility(conn, member, date, code, provider, pos)
        return JSONResponse(costshare.to_json(r))

    @app.get('/explain')
    async def explain(member: str, date: datetime.date, code: str, provider: Optional[str] = None,
                      pos: str = '11', billed: Optional[decimal.Decimal] = None, lang: Optional[str] = None,
                      accept_language: Optional[str] = Header(None)):
        locale = lang or (accept_language or 'en-US').split(',')[0].split(';')[0].strip() or 'en-US'
        async with pool.connection() as conn:
            text = await costshare.aio.explain(conn, member, date, code, provider, pos, billed, locale)
        return JSONResponse({'locale': locale, 'text': text}, headers={'Content-Language': locale})

    return app


app = create_app(max_size=int(os.environ.get('COSTSHARE_POOL_MAX', '4')))
