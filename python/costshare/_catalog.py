"""What the database says costshare's types and functions look like, read from the catalog once per
connection at register() time, and the Python classes built from it.

Nothing here hard-codes an attribute list: a composite type gains, loses or renames a field and the
classes follow on the next register(). The classes are dataclasses (attribute access, equality, repr),
cached by shape, so two connections to databases with the same shape share them, and
``isinstance(r, costshare.EstimateResult)`` works through a base class per known type name.
"""
import dataclasses
import datetime
import decimal
import keyword
import typing

CATALOG_SQL = """
SELECT n.nspname, t.typname, t.oid::int8, t.typarray::int8,
       array_agg(a.attname::text ORDER BY a.attnum),
       array_agg(a.atttypid::int8 ORDER BY a.attnum),
       array_agg(pg_catalog.format_type(a.atttypid, a.atttypmod) ORDER BY a.attnum),
       array_agg(pg_catalog.col_description(c.oid, a.attnum::int4) ORDER BY a.attnum)
  FROM pg_catalog.pg_extension e
  JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
                             AND d.refobjid = e.oid AND d.deptype = 'e'
                             AND d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass
  JOIN pg_catalog.pg_type t ON t.oid = d.objid
  JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
  JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
 WHERE e.extname = 'costshare'
 GROUP BY 1, 2, 3, 4
UNION ALL
SELECT n.nspname, '()' || p.proname, p.oid::int8, 0,
       ARRAY(SELECT x.name FROM ROWS FROM (pg_catalog.unnest(p.proargnames), pg_catalog.unnest(p.proargmodes::text[])) x(name, mode)
              WHERE x.mode IN ('o', 't', 'b')),
       ARRAY(SELECT x.typ::int8 FROM ROWS FROM (pg_catalog.unnest(p.proallargtypes), pg_catalog.unnest(p.proargmodes::text[])) x(typ, mode)
              WHERE x.mode IN ('o', 't', 'b')),
       ARRAY(SELECT pg_catalog.format_type(x.typ, NULL)
               FROM ROWS FROM (pg_catalog.unnest(p.proallargtypes), pg_catalog.unnest(p.proargmodes::text[])) x(typ, mode)
              WHERE x.mode IN ('o', 't', 'b')),
       NULL::text[]
  FROM pg_catalog.pg_extension e
  JOIN pg_catalog.pg_depend d ON d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
                             AND d.refobjid = e.oid AND d.deptype = 'e'
                             AND d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass
  JOIN pg_catalog.pg_proc p ON p.oid = d.objid
  JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE e.extname = 'costshare' AND p.proargmodes IS NOT NULL
   AND ('o' = ANY (p.proargmodes::text[]) OR 't' = ANY (p.proargmodes::text[]))
"""
# (the second part: functions with OUT / TABLE columns, e.g. estimate_many, post_835, load_271; named
# '()name' so they never collide with a type name)


class Composite:
    """Base of every class built from a costshare composite type or function result."""
    __slots__ = ()
    _pg_name = None          # schema-qualified type name, or function name for function results
    _pg_fields = ()          # ((name, type oid, format_type), ...) as the catalog says

    def __iter__(self):
        for f in self.__dataclass_fields__:
            yield getattr(self, f)

    def __len__(self):
        return len(self.__dataclass_fields__)

    def __getitem__(self, i):
        return getattr(self, tuple(self.__dataclass_fields__)[i])

    def to_dict(self):
        """A plain dict of the fields (nested composites as dicts too; values unchanged)."""
        return {f: (v.to_dict() if isinstance(v, Composite) else v) for f, v in zip(self.__dataclass_fields__, self)}


# One base class per type name costshare documents, so that isinstance() and type hints have a stable
# name to use; the fields come from the catalog.
class Terms(Composite):
    """costshare.terms: the cost-sharing terms of a benefit."""
    __slots__ = ()


class Accum(Composite):
    """costshare.accum: accumulators (deductible / OOP met, visits used, ...)."""
    __slots__ = ()


class Breakdown(Composite):
    """costshare.breakdown: one adjudicated line."""
    __slots__ = ()

    # 1.2 renamed the attribute reasons (835 adjustment reason codes) to adjustment_codes; whichever
    # the database has is the dataclass field, and the other name reads it (the old one with a warning)
    @property
    def reasons(self):
        import warnings
        warnings.warn('Breakdown.reasons is deprecated: use adjustment_codes (the 835 adjustment reason '
                      'codes)', DeprecationWarning, stacklevel=2)
        return self.adjustment_codes

    @property
    def adjustment_codes(self):
        return object.__getattribute__(self, 'reasons')


class EstimateResult(Composite):
    """costshare.estimate_result: the result of costshare.estimate."""
    __slots__ = ()


class EligibilityResult(Composite):
    """costshare.eligibility_result: the result of costshare.eligibility."""
    __slots__ = ()


class Appointment(Composite):
    """costshare.appointment: one appointment to estimate with estimate_many."""
    __slots__ = ()


class EstimateManyRow(Composite):
    """One row of costshare.estimate_many. Since 1.2 every appointment gets a row, with a sqlstate
    ('00000' priced, '02000' not priced: status and reasons say why, else the error of that appointment
    alone) and a message; on a 1.1 database rows without a line were not priced."""
    __slots__ = ()

    @property
    def ok(self):
        """True when the appointment was priced (line is not NULL)."""
        state = getattr(self, 'sqlstate', None)
        return state == '00000' if state is not None else self.line is not None

    def error(self):
        """The costshare exception this row stands for (None when it is not an error row)."""
        from .errors import class_for
        state = getattr(self, 'sqlstate', None)
        if state is None or state in ('00000', '02000'):
            return None
        return class_for(state)(getattr(self, 'message', None) or 'appointment refused', state)


class Load271Result(Composite):
    """The result of costshare.load_271."""
    __slots__ = ()


class Post835Row(Composite):
    """One row of costshare.post_835."""
    __slots__ = ()


BASES = {
    'terms': Terms, 'accum': Accum, 'breakdown': Breakdown, 'estimate_result': EstimateResult,
    'eligibility_result': EligibilityResult, 'appointment': Appointment,
    '()estimate_many': EstimateManyRow, '()load_271': Load271Result, '()post_835': Post835Row,
}

_SCALARS = {
    'numeric': decimal.Decimal, 'text': str, 'date': datetime.date, 'boolean': bool, 'integer': int,
    'bigint': int, 'smallint': int, 'jsonb': typing.Any, 'daterange': typing.Any,
}


def _hint(fmt, names):
    """A type hint for a column from its format_type text (documentation only)."""
    if fmt.endswith('[]'):
        return typing.List[_hint(fmt[:-2], names)]
    base = fmt.split('(')[0]
    if base in _SCALARS:
        return typing.Optional[_SCALARS[base]]
    short = base.rsplit('.', 1)[-1]
    return typing.Optional[names.get(short, typing.Any)]


def _identifier(name):
    return name + '_' if keyword.iskeyword(name) else name


def _camel(name):
    return ''.join(p.capitalize() for p in name.strip('()').split('_'))


_CLASS_CACHE = {}


class Shape:
    """One composite type or function result as the catalog describes it."""
    __slots__ = ('schema', 'name', 'oid', 'array_oid', 'fields', 'docs', 'cls')

    def __init__(self, schema, name, oid, array_oid, names, oids, formats, docs=()):
        self.schema = schema
        self.name = name
        self.oid = oid
        self.array_oid = array_oid
        self.fields = tuple(zip(names, oids, formats))
        self.docs = dict(zip(names, docs))     # COMMENT ON COLUMN of each attribute (1.2), or None
        self.cls = None

    @property
    def field_names(self):
        return tuple(f[0] for f in self.fields)

    @property
    def qualname(self):
        return '%s.%s' % (self.schema, self.name.strip('()'))


class Catalog:
    """All costshare composite types and OUT/TABLE function results of one database."""

    def __init__(self, rows):
        self.shapes = {}
        self.by_oid = {}
        self.schema = 'costshare'
        for schema, name, oid, array_oid, names, oids, formats, docs in rows:
            s = Shape(schema, name, int(oid), int(array_oid or 0), list(names), [int(o) for o in oids],
                      list(formats), list(docs or ()))
            if not s.name.startswith('()'):
                self.by_oid[s.oid] = s
                self.schema = schema
            self.shapes[s.name] = s
        if not self.by_oid:
            from .errors import CostshareError
            raise CostshareError('the costshare extension is not installed in this database',
                                 hint='Run CREATE EXTENSION costshare CASCADE.')
        names = {}
        for s in self.shapes.values():
            s.cls = _make_class(s, names)
            if not s.name.startswith('()'):
                names[s.name] = s.cls
        self.classes = {s.name: s.cls for s in self.shapes.values()}

    def shape(self, name):
        return self.shapes.get(name)

    def cls(self, name):
        return self.classes[name]


def _make_class(shape, names):
    key = (shape.schema, shape.name, shape.fields, tuple(sorted(shape.docs.items(), key=lambda kv: kv[0])))
    cls = _CLASS_CACHE.get(key)
    if cls is not None:
        return cls
    base = BASES.get(shape.name, Composite)
    fields = [(_identifier(n), _hint(fmt, names),
               dataclasses.field(default=None, metadata={'pg_type': fmt, 'doc': shape.docs.get(n)}))
              for n, _, fmt in shape.fields]
    cls = dataclasses.make_dataclass(base.__name__ if base is not Composite else _camel(shape.name), fields, bases=(base,), slots=True,
                                     namespace={'_pg_name': shape.qualname, '_pg_fields': shape.fields})
    cls.__module__ = 'costshare.types'
    cls.__doc__ = base.__doc__ or ('%s (%s)' % (shape.qualname, ', '.join(shape.field_names)))
    _CLASS_CACHE[key] = cls
    return cls
