"""SQLAlchemy helpers (1.4 and 2.0): costshare's set-returning calls as selectables with named, typed
columns, read from the catalog.

    engine = sqlalchemy.create_engine('postgresql+psycopg2://...')
    costshare.sa.setup(engine)      # registers the composites on every new connection, reads the shapes
    est = costshare.sa.estimate('M-NGUYEN-1', date(2026, 3, 2), '90837', billed=Decimal('250.00'))
    row = conn.execute(select(est)).one()          # row.patient_pays, row.acc_after.ded_individual_met

The function runs once, in FROM (``select(est.c.patient_pays, est.c.status)`` too), never once per
column as ``(costshare.estimate(...)).*`` would. Arguments may be Python values or column expressions;
with columns use ``.lateral()``:

    e = costshare.sa.estimate(appt.c.member_id, appt.c.service_date, appt.c.code).lateral()
    select(appt.c.id, e.c.patient_pays).select_from(appt.join(e, sqlalchemy.true()))

``estimate_many`` takes a list of appointments, or a table / subquery / select whose columns are named
like costshare.appointment's fields (or mapped with keyword arguments).
"""
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.types import UserDefinedType

from . import _core
from ._core import to_money, to_date, appointments_json


class CompositeType(UserDefinedType):
    """A costshare composite column (values arrive as costshare dataclasses when the DBAPI connection
    was registered, which setup() does)."""
    cache_ok = True

    def __init__(self, name):
        self.name = name

    def get_col_spec(self, **kw):
        return self.name

    def bind_processor(self, dialect):
        return None

    def result_processor(self, dialect, coltype):
        return None


_SIMPLE = {
    'numeric': lambda: sa.Numeric(asdecimal=True), 'text': sa.Text, 'date': sa.Date, 'boolean': sa.Boolean,
    'integer': sa.Integer, 'bigint': sa.BigInteger, 'smallint': sa.SmallInteger,
    'daterange': postgresql.DATERANGE, 'jsonb': postgresql.JSONB, 'character(5)': lambda: sa.String(5),
}


def sa_type(fmt, catalog):
    """The SQLAlchemy type for a column's format_type text."""
    if fmt.endswith('[]'):
        return postgresql.ARRAY(sa_type(fmt[:-2], catalog))
    f = _SIMPLE.get(fmt) or _SIMPLE.get(fmt.split('(')[0])
    if f is not None:
        return f()
    short = fmt.rsplit('.', 1)[-1].strip('"')
    shape = catalog.shape(short)
    if shape is not None:
        return CompositeType(shape.qualname)
    return sa.types.NullType()


def setup(engine):
    """Registers costshare's composites on every new DBAPI connection of the engine (psycopg2 or psycopg
    3) and reads the catalog once now; returns that Catalog, which the helpers use from now on unless
    given catalog= (with engines on databases of different costshare versions, pass it)."""
    from . import register

    @sa.event.listens_for(engine, 'connect')
    def _on_connect(dbapi_connection, connection_record):
        register(_core.unwrap(dbapi_connection))

    with engine.connect() as conn:
        raw = _core.unwrap(conn)
        cat = _core.known(raw) or register(raw)
    _core.set_default(cat)
    return cat


def _catalog(catalog):
    cat = catalog or _core.latest()
    if cat is None:
        raise RuntimeError('costshare.sa: no catalog yet: call costshare.sa.setup(engine) (or costshare.register '
                           'on a connection) first, or pass catalog=')
    return cat


def _fn(cat, name):
    return getattr(getattr(sa.func, cat.schema), name)


def _value(v, type_):
    if isinstance(v, sa.sql.ClauseElement):
        return v
    return sa.cast(sa.literal(v, type_), type_)


def columns(cat, shape_name):
    shape = cat.shape(shape_name)
    return [sa.column(n, sa_type(fmt, cat)) for n, _, fmt in shape.fields]


def _money(v, field):
    return v if isinstance(v, sa.sql.ClauseElement) else to_money(v, field)


def _date(v, field):
    return v if isinstance(v, sa.sql.ClauseElement) else to_date(v, field)


def estimate(member, service_date, service_code, provider=None, place_of_service='11', billed=None, *,
             catalog=None, name=None):
    """costshare.estimate(...) as a table-valued function: one row, the estimate_result's columns."""
    cat = _catalog(catalog)
    fn = _fn(cat, 'estimate')(_value(member, sa.Text), _value(_date(service_date, 'service_date'), sa.Date),
                              _value(service_code, sa.Text), _value(provider, sa.Text),
                              _value(place_of_service, sa.Text), _value(_money(billed, 'billed'), sa.Numeric))
    return fn.table_valued(*columns(cat, 'estimate_result'), name=name)


def eligibility(member, service_date, service_code, provider=None, place_of_service='11', *, catalog=None,
                name=None):
    """costshare.eligibility(...) as a table-valued function."""
    cat = _catalog(catalog)
    fn = _fn(cat, 'eligibility')(_value(member, sa.Text), _value(_date(service_date, 'service_date'), sa.Date),
                                 _value(service_code, sa.Text), _value(provider, sa.Text),
                                 _value(place_of_service, sa.Text))
    return fn.table_valued(*columns(cat, 'eligibility_result'), name=name)


def explain(member, service_date, service_code, provider=None, place_of_service='11', billed=None,
            locale='en-US', *, catalog=None):
    """costshare.explain(member, ...) as a text expression."""
    cat = _catalog(catalog)
    return _fn(cat, 'explain')(_value(member, sa.Text), _value(_date(service_date, 'service_date'), sa.Date),
                               _value(service_code, sa.Text), _value(provider, sa.Text),
                               _value(place_of_service, sa.Text), _value(_money(billed, 'billed'), sa.Numeric),
                               _value(locale, sa.Text), type_=sa.Text)


def appointments_array(source, *, catalog=None, **mapping):
    """An appointment[] expression: from a list of appointments (bound as one JSON parameter), or from a
    table / subquery / select whose columns are named like the appointment type's fields (keyword
    arguments map a field to another column or expression; fields missing from both are NULL)."""
    cat = _catalog(catalog)
    shape = cat.shape('appointment')
    appt_type = CompositeType(shape.qualname)
    if isinstance(source, (list, tuple)):
        doc, _ = appointments_json(cat, source)
        recs = sa.func.jsonb_populate_recordset(sa.cast(sa.null(), appt_type),
                                                sa.cast(sa.literal(doc, sa.Text), postgresql.JSONB)).alias('r')
        return sa.select(sa.func.array_agg(sa.literal_column('r', appt_type))).select_from(recs).scalar_subquery()
    if isinstance(source, sa.sql.Select):
        source = source.subquery()
    fields = []
    for n, _, fmt in shape.fields:
        if n in mapping:
            e = mapping.pop(n)
        elif n in source.c:
            e = source.c[n]
        else:
            e = sa.null()
        fields.append(sa.cast(e, sa_type(fmt, cat)))
    if mapping:
        raise TypeError('costshare.sa: appointment has no field(s) %s' % ', '.join(sorted(mapping)))
    row = sa.cast(sa.func.row(*fields), appt_type)
    return sa.select(sa.func.array_agg(row)).select_from(source).scalar_subquery()


def estimate_many(source, *, catalog=None, name=None, **mapping):
    """costshare.estimate_many over a list of appointments or a table / subquery of them (see
    appointments_array), as a table-valued function with the function's columns."""
    cat = _catalog(catalog)
    fn = _fn(cat, 'estimate_many')(appointments_array(source, catalog=cat, **mapping))
    return fn.table_valued(*columns(cat, '()estimate_many'), name=name)
