"""HTTP problem+json (RFC 9457) for costshare errors in FastAPI / Starlette:

    app = FastAPI()
    costshare.web.install(app)

maps every costshare exception (and any psycopg / psycopg2 error that reaches the app) to a response
with the family's status (400 bad input, 404 not found, 409 conflict, 503 retryable with Retry-After,
500 otherwise) and a body carrying title, status, detail (the server's message), sqlstate, reason
(the server's detail) and hint. Nothing in it comes from the request, so no member data is echoed.
"""
from .errors import CostshareError, DRIVER_ERRORS, problem

MEDIA_TYPE = 'application/problem+json'


def response(exc, instance=None):
    """The problem+json JSONResponse for an exception."""
    from starlette.responses import JSONResponse
    status, body = problem(exc, instance)
    headers = {'Retry-After': '1'} if status == 503 else None
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def install(app):
    """Adds the exception handlers to a FastAPI / Starlette app."""
    async def handler(request, exc):
        return response(exc, request.url.path)

    app.add_exception_handler(CostshareError, handler)
    for cls in DRIVER_ERRORS:
        if cls is not Exception:
            app.add_exception_handler(cls, handler)
    return app
