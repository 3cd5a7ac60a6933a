"""Driver-independent parts: money arguments, the catalog per connection, the SQL of each typed call
and how its rows become objects. The sync (costshare) and async (costshare.aio) front ends only run
the statements."""
import datetime
import decimal
import json
import weakref

from . import _catalog
from .errors import MoneyError, BadInput

_CENT = decimal.Decimal('0.01')


def to_money(value, field='amount'):
    """A money argument as an exact Decimal: Decimal and int as they are; a float only when its
    shortest decimal form has at most two decimals (180.1 is 180.10; 0.1 + 0.2 is refused); None stays
    None. Anything else raises MoneyError (a ValueError) naming the field, never the value."""
    if value is None:
        return None
    t = type(value)
    if t is decimal.Decimal:
        if not value.is_finite():
            raise MoneyError('%s must be a finite amount' % field, '22003', 'The %s is NaN or infinite.' % field,
                             'Pass an amount in dollars with at most two decimals.')
        return value
    if t is int:
        return decimal.Decimal(value)
    if t is float:
        if value != value or value in (float('inf'), float('-inf')):
            raise MoneyError('%s must be a finite amount' % field, '22003', 'The %s is NaN or infinite.' % field,
                             'Pass an amount in dollars with at most two decimals.')
        d = decimal.Decimal(repr(value))
        if d != d.quantize(_CENT):
            raise MoneyError('%s must be a whole number of cents' % field, '22023',
                             'The %s is a float with more than two decimals; floats cannot hold cents exactly.'
                             % field, 'Pass a decimal.Decimal (e.g. Decimal("180.00")) or round to cents first.')
        return d
    if isinstance(value, decimal.Decimal):
        return to_money(decimal.Decimal(value), field)
    if isinstance(value, int) and not isinstance(value, bool):
        return decimal.Decimal(int(value))
    raise MoneyError('%s must be a Decimal, int or float amount' % field, '22023',
                     'The %s has type %s.' % (field, t.__name__),
                     'Pass a decimal.Decimal, an int or a float of whole cents.')


def to_date(value, field):
    if value is None or type(value) is datetime.date:
        return value
    if isinstance(value, datetime.datetime):
        raise BadInput('%s must be a date, not a datetime' % field, '22023',
                       'The %s has a time of day.' % field, 'Pass a datetime.date or an ISO date string.')
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            raise BadInput('%s must be an ISO date' % field, '22007', 'The %s is not YYYY-MM-DD.' % field,
                           'Pass a datetime.date or a string like 2026-03-02.') from None
    raise BadInput('%s must be a date' % field, '22023', 'The %s has type %s.' % (field, type(value).__name__),
                   'Pass a datetime.date or an ISO date string.')


# ------------------------------------------------------------------------------------------------------
# catalog per connection
# ------------------------------------------------------------------------------------------------------

_catalogs = weakref.WeakKeyDictionary()
_cursors = weakref.WeakKeyDictionary()
_latest = [None]        # the catalog SQLAlchemy expressions use when given none: costshare.sa.setup's,
                        # else the first one registered


def cursors(conn):
    """Idle psycopg 3 cursors kept per connection for the typed calls. A psycopg cursor that runs the
    same query object again keeps its loaders (for a composite: a transformer and a loader per field),
    which a new cursor per call would build again every time; callers pop one (or make one) and push it
    back, so threads or tasks sharing a connection never share a cursor."""
    try:
        pool = _cursors.get(conn)
        if pool is None:
            pool = _cursors[conn] = []
        return pool
    except TypeError:
        return []


def remember(conn, catalog):
    try:
        _catalogs[conn] = catalog
    except TypeError:        # an object that takes no weak reference: keep nothing per connection
        pass
    if _latest[0] is None:
        _latest[0] = catalog
    return catalog


def set_default(catalog):
    _latest[0] = catalog


def known(conn):
    try:
        return _catalogs.get(conn)
    except TypeError:
        return None


def latest():
    return _latest[0]


def unwrap(conn):
    """The DBAPI connection under a SQLAlchemy Connection / pooled connection (1.4 and 2.0); any
    other object as it is."""
    for _ in range(4):
        if not type(conn).__module__.startswith('sqlalchemy'):
            return conn
        inner = (getattr(conn, 'driver_connection', None) or getattr(conn, 'dbapi_connection', None)
                 or getattr(conn, 'connection', None))
        if inner is None or inner is conn:
            break
        conn = inner
    return conn


def driver_of(conn):
    mod = type(conn).__module__
    if mod.startswith('psycopg2'):
        return 'psycopg2'
    if mod.startswith('psycopg'):
        return 'psycopg'
    # SQLAlchemy's adapted connections
    inner = getattr(conn, 'driver_connection', None) or getattr(conn, 'dbapi_connection', None)
    if inner is not None and inner is not conn:
        return driver_of(inner)
    raise TypeError('costshare: unsupported connection type %s.%s (use psycopg 3 or psycopg2)'
                    % (mod, type(conn).__name__))


# ------------------------------------------------------------------------------------------------------
# registration (psycopg 3 and psycopg2)
# ------------------------------------------------------------------------------------------------------

_fast_loader = []


def _numeric(b):
    return decimal.Decimal(b.decode())


def _text(b):
    return b.decode()


def _bool(b):
    return b == b't'


# text-format converters for the field types a quote-free record has (numbers, booleans, plain text)
_CONVERTERS = {1700: _numeric, 20: int, 21: int, 23: int, 25: _text, 16: _bool}


def _fast_composite_loader():
    """psycopg's text composite loader with a shortcut for the common case: a record with no quoted
    field (e.g. costshare.accum: numbers only) is split on commas instead of tokenized by a regular
    expression (an unquoted empty field is NULL; an empty string would be quoted), and when every field
    is a number, boolean or text its values are converted directly rather than through a loader object
    per field. Any record with a quote, or with other field types, goes psycopg's general way."""
    if not _fast_loader:
        from psycopg.types.composite import CompositeLoader

        class FastCompositeLoader(CompositeLoader):
            _convs = None

            def load(self, data):
                if not self._types_set:
                    self._config_types(data)
                    self._types_set = True
                    convs = [_CONVERTERS.get(oid) for oid in self.fields_types]
                    self._convs = None if None in convs else tuple(convs)
                inner = bytes(data[1:-1])
                if not inner:
                    return type(self).factory()
                if b'"' in inner:
                    return type(self).factory(*self._tx.load_sequence(tuple(self._parse_record(inner))))
                toks = inner.split(b',')
                convs = self._convs
                if convs is not None and len(toks) == len(convs):
                    return type(self).factory(*[c(t) if t else None for c, t in zip(convs, toks)])
                return type(self).factory(*self._tx.load_sequence(tuple(t or None for t in toks)))
        _fast_loader.append(FastCompositeLoader)
    return _fast_loader[0]


def register_psycopg(conn, catalog):
    from psycopg.types.composite import CompositeInfo, register_composite
    fast = _fast_composite_loader()
    for shape in catalog.by_oid.values():
        info = CompositeInfo(shape.qualname, shape.oid, shape.array_oid, regtype=shape.qualname,
                             field_names=list(shape.field_names), field_types=[f[1] for f in shape.fields])
        register_composite(info, conn, shape.cls)
        loader = type('%sLoader' % shape.cls.__name__, (fast,),
                      {'factory': shape.cls, 'fields_types': info.field_types})
        conn.adapters.register_loader(info.oid, loader)


def register_psycopg2(conn, catalog):
    import psycopg2.extensions
    import psycopg2.extras
    for shape in catalog.by_oid.values():
        cls = shape.cls

        class Caster(psycopg2.extras.CompositeCaster):
            def make(self, values, _cls=cls):
                return _cls(*values)

        c = Caster(shape.name, shape.oid, [(f[0], f[1]) for f in shape.fields], shape.array_oid or None,
                   shape.schema)
        psycopg2.extensions.register_type(c.typecaster, conn)
        if c.array_typecaster is not None:
            psycopg2.extensions.register_type(c.array_typecaster, conn)
        psycopg2.extensions.register_adapter(cls, _Psycopg2Composite)


class _Psycopg2Composite:
    """psycopg2 adapter: a costshare object as a ROW(...)::type literal."""

    def __init__(self, obj):
        self.obj = obj
        self.conn = None

    def prepare(self, conn):
        self.conn = conn

    def getquoted(self):
        import psycopg2.extensions
        parts = []
        for v in self.obj:
            a = psycopg2.extensions.adapt(v)
            if hasattr(a, 'prepare') and self.conn is not None:
                a.prepare(self.conn)
            q = a.getquoted()
            parts.append(q.decode() if isinstance(q, bytes) else q)
        return ('ROW(%s)::%s' % (', '.join(parts), self.obj._pg_name)).encode()


# ------------------------------------------------------------------------------------------------------
# the typed calls: (sql, params, how to make the result)
# ------------------------------------------------------------------------------------------------------

_sql_cache = {}


def _sql(catalog, key, template):
    k = (catalog.schema, key)
    s = _sql_cache.get(k)
    if s is None:
        s = _sql_cache[k] = template.replace('{s}', '"%s"' % catalog.schema.replace('"', '""'))
    return s


def op_estimate(catalog, member, service_date, service_code, provider, place_of_service, billed,
                nsa_protected=False):
    if not isinstance(nsa_protected, bool):
        raise TypeError('nsa_protected must be True or False')
    if nsa_protected:
        # named: a 7th positional argument could also be the as-of estimate's as_of
        return (_sql(catalog, 'estimate_nsa_protected',
                     'SELECT * FROM {s}.estimate(%s::text, %s::date, %s::text, %s::text, %s::text, %s::numeric, '
                     'nsa_protected => %s::boolean)'),
                (member, to_date(service_date, 'service_date'), service_code, provider, place_of_service,
                 to_money(billed, 'billed'), True),
                'one', 'estimate_result')
    return (_sql(catalog, 'estimate',
                 'SELECT * FROM {s}.estimate(%s::text, %s::date, %s::text, %s::text, %s::text, %s::numeric)'),
            (member, to_date(service_date, 'service_date'), service_code, provider, place_of_service,
             to_money(billed, 'billed')),
            'one', 'estimate_result')


def op_eligibility(catalog, member, service_date, service_code, provider, place_of_service):
    return (_sql(catalog, 'eligibility',
                 'SELECT * FROM {s}.eligibility(%s::text, %s::date, %s::text, %s::text, %s::text)'),
            (member, to_date(service_date, 'service_date'), service_code, provider, place_of_service),
            'one', 'eligibility_result')


def op_explain(catalog, member, service_date, service_code, provider, place_of_service, billed, locale):
    return (_sql(catalog, 'explain',
                 'SELECT {s}.explain(%s::text, %s::date, %s::text, %s::text, %s::text, %s::numeric, %s::text)'),
            (member, to_date(service_date, 'service_date'), service_code, provider, place_of_service,
             to_money(billed, 'billed'), locale),
            'scalar', None)


def op_load_271(catalog, doc, as_of):
    return (_sql(catalog, 'load_271', 'SELECT * FROM {s}.load_271(%s::text, %s::date)'),
            (doc, to_date(as_of, 'as_of')), 'one', '()load_271')


def op_post_835(catalog, doc, mode):
    return (_sql(catalog, 'post_835', 'SELECT * FROM {s}.post_835(%s::text, %s::text)'),
            (doc, mode), 'all', '()post_835')


class _Encoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, (datetime.date, decimal.Decimal)):
            return str(o)
        return super().default(o)


def appointments_json(catalog, appointments):
    """The appointments as a JSON array of objects keyed by the appointment type's field names.
    Each appointment may be a costshare Appointment, a dict, or a tuple in the type's field order;
    money fields are checked as money. Without appt_ids (all None) they are numbered 1, 2, ...;
    returns (json text, the appt_ids in input order)."""
    shape = catalog.shape('appointment')
    names = shape.field_names
    money = {n for n, _, fmt in shape.fields if fmt == 'numeric'}
    dates = {n for n, _, fmt in shape.fields if fmt == 'date'}
    out = []
    for a in appointments:
        if isinstance(a, dict):
            unknown = set(a) - set(names)
            if unknown:
                raise BadInput('appointment has unknown field(s): %s' % ', '.join(sorted(unknown)), '22023',
                               'costshare.appointment has: %s.' % ', '.join(names), 'Rename or drop the field.')
            d = dict(a)
        elif isinstance(a, _catalog.Composite):
            d = {n: getattr(a, n, None) for n in names}
        else:
            a = tuple(a)
            if len(a) > len(names):
                raise BadInput('appointment has too many values', '22023',
                               'costshare.appointment has %d fields: %s.' % (len(names), ', '.join(names)),
                               'Pass a dict or a costshare Appointment instead of a tuple.')
            d = dict(zip(names, a))
        for n in money:
            if d.get(n) is not None:
                d[n] = to_money(d[n], n)
        for n in dates:
            if d.get(n) is not None:
                d[n] = to_date(d[n], n)
        out.append(d)
    if out and 'appt_id' in names and all(d.get('appt_id') is None for d in out):
        for i, d in enumerate(out, 1):
            d['appt_id'] = i
    ids = [d.get('appt_id') for d in out]
    if 'appt_id' in names:
        # refused up front, as costshare 1.2 does (1.1 accepted duplicates silently)
        if any(i is None for i in ids):
            raise BadInput('appt_id must not be null', '22004', 'An appointment has no appt_id.',
                           'Give every appointment an appt_id, or none (they are then numbered 1, 2, ...).')
        seen = {}
        for i in ids:
            seen[i] = seen.get(i, 0) + 1
        dup = sorted(i for i, n in seen.items() if n > 1)
        if dup:
            raise BadInput('duplicate appt_id in the appointments', '22023',
                           'appt_id %s appears %d times.' % (dup[0], seen[dup[0]]), 'Make the appt_ids unique.')
    return json.dumps(out, cls=_Encoder, separators=(',', ':')), ids


def op_estimate_many(catalog, appointments):
    doc, ids = appointments_json(catalog, appointments)
    return (_sql(catalog, 'estimate_many',
                 'SELECT * FROM {s}.estimate_many(ARRAY(SELECT r FROM pg_catalog.jsonb_populate_recordset('
                 'NULL::{s}.appointment, %s::jsonb) r))'),
            (doc,), ('many', ids), '()estimate_many')


def make_result(catalog, how, clsname, rows):
    if how == 'scalar':
        return rows[0][0] if rows else None
    cls = catalog.cls(clsname)
    if how == 'one':
        return cls(*rows[0]) if rows else None
    objs = [cls(*r) for r in rows]
    if isinstance(how, tuple):          # estimate_many: input order
        order = {i: n for n, i in enumerate(how[1])}
        objs.sort(key=lambda o: order.get(getattr(o, 'appt_id', None), len(order)))
    return objs
