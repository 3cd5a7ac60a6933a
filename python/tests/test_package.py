"""The package against a throwaway cluster with the sample practice: registration, typed results,
money arguments, estimate_many, psycopg 3 and psycopg2, pools."""
import dataclasses
import datetime
import json
import os
import subprocess
import sys
import warnings
from decimal import Decimal

import pytest

import costshare

D = datetime.date
NGUYEN = ('M-NGUYEN-1', D(2026, 3, 2), '90837')     # ACME-HDHP, deductible not met
LCSW = '1333333334'                                   # in network for Acme


def test_version_is_meta_json(root):
    with open(os.path.join(root, 'META.json')) as f:
        assert costshare.__version__ == json.load(f)['version']


def test_register_reads_every_composite_from_the_catalog(conn):
    cat = costshare.register(conn)
    assert conn.info.transaction_status.name == 'IDLE'      # register leaves no transaction open
    names = set(cat.shapes)
    for t in ('terms', 'accum', 'breakdown', 'estimate_result', 'eligibility_result', 'appointment',
              '()estimate_many', '()load_271', '()post_835'):
        assert t in names
    # the classes follow the catalog, attribute for attribute
    rows = conn.execute("""SELECT a.attname FROM pg_attribute a
                            WHERE a.attrelid = (SELECT typrelid FROM pg_type
                                                 WHERE oid = 'costshare.estimate_result'::regtype)
                              AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""").fetchall()
    assert [f.name for f in dataclasses.fields(cat.cls('estimate_result'))] == [r[0] for r in rows]
    assert issubclass(cat.cls('estimate_result'), costshare.EstimateResult)


def test_estimate_is_typed(conn):
    r = costshare.estimate(conn, *NGUYEN, provider=LCSW)
    assert isinstance(r, costshare.EstimateResult)
    assert r.status == 'eligible' and r.network == 'in'
    assert isinstance(r.patient_pays, Decimal) and isinstance(r.allowed, Decimal)
    assert r.patient_pays + r.plan_pays == r.allowed
    assert isinstance(r.acc_after, costshare.Accum)
    assert r.acc_after.ded_individual_met == r.acc_before.ded_individual_met + r.deductible
    assert isinstance(r.adjustment_codes, list)
    assert r.to_dict()['acc_after']['visits_used'] == r.acc_after.visits_used
    # the same numbers as SQL
    sql = conn.execute("SELECT patient_pays, (acc_after).oop_individual_met FROM costshare.estimate(%s, %s, %s, %s)",
                       (*NGUYEN, LCSW)).fetchone()
    assert sql == (r.patient_pays, r.acc_after.oop_individual_met)


def test_estimate_nsa_protected(conn):
    # Riley Chen is out of network for Acme: unprotected, the out-of-network terms and a balance bill;
    # protected (No Surprises Act), in-network cost sharing and no balance bill, as SQL gives it
    args = ('M-ALVAREZ-1', D(2026, 10, 5), '90837')
    plain = costshare.estimate(conn, *args, provider='1555555556', billed=Decimal('250.00'))
    safe = costshare.estimate(conn, *args, provider='1555555556', billed=Decimal('250.00'), nsa_protected=True)
    assert plain.network == 'out' and plain.balance_bill > 0
    assert safe.network == 'out' and 'nsa_protected' in safe.reasons and safe.balance_bill == 0
    sql = conn.execute("SELECT patient_pays FROM costshare.estimate(%s, %s, %s, %s, '11', 250.00, nsa_protected => true)",
                       (*args, '1555555556')).fetchone()[0]
    assert safe.patient_pays == sql
    with pytest.raises(TypeError):
        costshare.estimate(conn, *args, nsa_protected='yes')


def test_any_query_returns_dataclasses_after_register(conn):
    costshare.register(conn)
    b, arr = conn.execute("""SELECT costshare.adjudicate(180.00, costshare.terms(ded_individual => 1500, coinsurance => 0.2),
                                                        costshare.accum(ded_individual_met => 1380)),
                                    ARRAY[costshare.accum(1, 2), NULL]""").fetchone()
    assert isinstance(b, costshare.Breakdown)
    assert (b.deductible, b.coinsurance, b.patient_pays) == (Decimal('120.00'), Decimal('12.00'), Decimal('132.00'))
    assert b.adjustment_codes == ['1', '2']
    assert arr[0].ded_individual_met == Decimal('1') and arr[1] is None


def test_breakdown_reasons_old_name_still_reads(conn):
    costshare.register(conn)
    b = conn.execute("SELECT costshare.adjudicate(100, costshare.terms(copay => 20))").fetchone()[0]
    fields = [f.name for f in dataclasses.fields(b)]
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        assert b.reasons == b.adjustment_codes == ['3']
    if 'adjustment_codes' in fields:        # the 1.2 name (h6's rename merged): the old one warns
        assert any(issubclass(x.category, DeprecationWarning) for x in w)


def test_eligibility_and_explain(conn):
    e = costshare.eligibility(conn, *NGUYEN)
    assert isinstance(e, costshare.EligibilityResult) and e.status == 'eligible'
    assert e.ded_remaining == Decimal('1700.00')
    assert e.benefit_period.lower == D(2026, 1, 1)
    en = costshare.explain(conn, *NGUYEN, provider=LCSW)
    es = costshare.explain(conn, *NGUYEN, provider=LCSW, locale='es')
    assert en.startswith('You pay $') and es.startswith('Usted paga')


def test_unknown_member_is_a_status_not_an_error(conn):
    r = costshare.estimate(conn, 'M-NOBODY', D(2026, 3, 2), '90837')
    assert r.status == 'unknown' and 'unknown_member' in r.reasons and r.patient_pays is None


@pytest.mark.parametrize('billed', [Decimal('250.00'), 250, 250.0, 250.5, 180.1])
def test_money_accepted(conn, billed):
    r = costshare.estimate(conn, 'M-ALVAREZ-1', D(2026, 3, 2), '90837', provider='1555555556', billed=billed)
    assert r.status == 'eligible' and r.network == 'out'
    assert r.balance_bill == Decimal(repr(billed) if isinstance(billed, float) else billed) - r.allowed


@pytest.mark.parametrize('billed', [0.1 + 0.2, 180.001, float('nan'), float('inf'), True, '250.00', [1]])
def test_money_refused_before_the_database(conn, billed):
    with pytest.raises(costshare.MoneyError) as ei:
        costshare.estimate(conn, *NGUYEN, billed=billed)
    assert isinstance(ei.value, ValueError) and isinstance(ei.value, costshare.BadInput)
    assert 'billed' in str(ei.value) and ei.value.hint
    assert repr(billed) not in ei.value.message
    assert costshare.to_money(250.5) == Decimal('250.5')


def test_float_for_billed_in_plain_sql_still_needs_the_package(conn):
    # the reason for to_money: psycopg sends a float as float8, which no costshare function takes
    import psycopg
    with pytest.raises(psycopg.errors.UndefinedFunction):
        conn.execute("SELECT * FROM costshare.estimate(%s, %s, %s, NULL, '11', %s)", (*NGUYEN, 250.0))


def test_estimate_many_input_order_and_shapes(conn):
    cat = costshare.register(conn)
    Appointment = cat.cls('appointment')
    appts = [
        dict(appt_id=30, member_id='M-NGUYEN-1', service_date=D(2026, 3, 16), service_code='90837', provider_id=LCSW),
        Appointment(appt_id=10, member_id='M-NGUYEN-1', service_date=D(2026, 3, 2), service_code='90837',
                    provider_id=LCSW, billed=Decimal('200.00')),
        (20, 'M-NOBODY', D(2026, 3, 9), '90837'),
    ]
    rows = costshare.estimate_many(conn, appts)
    assert [r.appt_id for r in rows] == [30, 10, 20]
    assert all(isinstance(r, costshare.EstimateManyRow) for r in rows)
    first, second, nobody = rows[1], rows[0], rows[2]
    assert first.ok and second.ok and not nobody.ok
    assert nobody.status == 'unknown' and nobody.line is None and nobody.error() is None
    # the later appointment sees the earlier one's deductible
    assert second.line.acc_after.ded_individual_met == first.line.patient_pays + second.line.deductible
    # one call, same numbers as estimate() for the first
    single = costshare.estimate(conn, 'M-NGUYEN-1', D(2026, 3, 2), '90837', LCSW, billed=Decimal('200.00'))
    assert first.line.patient_pays == single.patient_pays


def test_estimate_many_numbers_appointments_without_ids(conn):
    rows = costshare.estimate_many(conn, [(None, *NGUYEN), (None, 'M-NGUYEN-1', D(2026, 3, 9), '90837')])
    assert [r.appt_id for r in rows] == [1, 2]


def test_estimate_many_refuses_duplicate_appt_ids(conn):
    with pytest.raises(costshare.BadInput) as ei:
        costshare.estimate_many(conn, [dict(appt_id=7, member_id='a'), dict(appt_id=7, member_id='b'),
                                       dict(appt_id=8, member_id='c')])
    assert ei.value.sqlstate == '22023' and ei.value.detail == 'appt_id 7 appears 2 times.'
    assert 'a' not in ei.value.detail.split()


def test_estimate_many_bad_row(conn):
    """A bad place of service: on the 1.2 API (h6's estimate_many with sqlstate/message) one row says
    so and the others are priced; on the 1.1 shape the whole call fails with a bad-input error."""
    cat = costshare.register(conn)
    appts = [dict(appt_id=1, member_id='M-NGUYEN-1', service_date=D(2026, 3, 2), service_code='90837'),
             dict(appt_id=2, member_id='M-NGUYEN-1', service_date=D(2026, 3, 9), service_code='90837',
                  place_of_service='zz')]
    if 'sqlstate' in cat.shape('()estimate_many').field_names:
        rows = costshare.estimate_many(conn, appts)
        assert rows[0].ok and rows[0].sqlstate == '00000'
        assert rows[1].status == 'error' and rows[1].sqlstate == '22023' and rows[1].line is None
        assert isinstance(rows[1].error(), costshare.BadInput)
    else:
        with pytest.raises(costshare.BadInput):
            costshare.estimate_many(conn, appts)


def test_psycopg2(conn2):
    cat = costshare.register(conn2)
    assert conn2.get_transaction_status() == 0          # idle: register left no transaction open
    r = costshare.estimate(conn2, *NGUYEN, provider=LCSW, billed=250.0)
    assert isinstance(r, costshare.EstimateResult) and isinstance(r.acc_after, costshare.Accum)
    assert r.patient_pays + r.plan_pays == r.allowed
    with conn2.cursor() as cur:
        cur.execute("SELECT costshare.accum(ded_individual_met => 5), ARRAY[costshare.accum(1)]")
        a, arr = cur.fetchone()
    assert a.ded_individual_met == Decimal('5') and arr[0].ded_individual_met == Decimal('1')
    # a costshare object as a query parameter
    with conn2.cursor() as cur:
        cur.execute("SELECT (%s).ded_individual_met", (cat.cls('accum')(ded_individual_met=Decimal('7.50')),))
        assert cur.fetchone()[0] == Decimal('7.50')
    rows = costshare.estimate_many(conn2, [(None, *NGUYEN)])
    assert rows[0].line.patient_pays == costshare.estimate(conn2, *NGUYEN).patient_pays
    with pytest.raises(costshare.BadInput):
        costshare.estimate(conn2, *NGUYEN, billed=Decimal('-1'))


def test_psycopg3_composite_as_parameter(conn):
    cat = costshare.register(conn)
    acc = cat.cls('accum')(ded_individual_met=Decimal('7.50'))
    assert conn.execute("SELECT (%s::costshare.accum).ded_individual_met", (acc,)).fetchone()[0] == Decimal('7.50')


def test_pool_configure(dsn):
    psycopg_pool = pytest.importorskip('psycopg_pool')
    with psycopg_pool.ConnectionPool(dsn, min_size=1, max_size=2, configure=costshare.register) as pool:
        with pool.connection() as c:
            assert c.info.transaction_status.name == 'IDLE'
            r = costshare.estimate(c, *NGUYEN)
            assert isinstance(r, costshare.EstimateResult)
            b = c.execute("SELECT costshare.adjudicate(100, costshare.terms(copay => 20))").fetchone()[0]
            assert isinstance(b, costshare.Breakdown)


def test_register_on_a_database_without_costshare(cluster):
    import psycopg
    with psycopg.connect(cluster.conninfo('postgres')) as c:
        with pytest.raises(costshare.CostshareError) as ei:
            costshare.register(c)
        assert 'not installed' in str(ei.value)


def test_installs_with_pip(root, tmp_path):
    """pip install ./python (into a throwaway venv that sees Debian's packages) gives the same version."""
    venv = tmp_path / 'venv'
    subprocess.run([sys.executable, '-m', 'venv', '--system-site-packages', str(venv)], check=True)
    py = str(venv / 'bin' / 'python')
    r = subprocess.run([py, '-m', 'pip', 'install', '--no-build-isolation', '--no-deps', '--no-index', '-q',
                        os.path.join(root, 'python')], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    out = subprocess.run([py, '-c', 'import costshare, os; print(costshare.__version__, os.path.dirname(costshare.__file__))'],
                         capture_output=True, text=True, cwd=str(tmp_path), check=True).stdout.split()
    assert out[0] == costshare.__version__ and str(venv) in out[1]


def test_threads_sharing_a_connection(conn):
    """The typed calls keep idle cursors per connection; threads sharing the connection never share
    one (each call pops its own), so every answer is its own request's."""
    import threading
    costshare.register(conn)
    conn.autocommit = True
    members = ['M-ALVAREZ-1', 'M-NGUYEN-1', 'M-OKAFOR-1', 'M-BROWN-1', 'M-DAVIS-1', 'M-NOBODY']
    want = {m: costshare.estimate(conn, m, D(2026, 3, 2), '90837', LCSW) for m in members}
    assert len({(w.plan_id, w.patient_pays) for w in want.values()}) > 3     # answers that differ
    errors = []

    def run(m):
        try:
            for _ in range(20):
                if costshare.estimate(conn, m, D(2026, 3, 2), '90837', LCSW) != want[m]:
                    errors.append(m)
        except Exception as e:      # noqa: BLE001 -- reported below
            errors.append(repr(e))
    threads = [threading.Thread(target=run, args=(m,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_adapts_to_an_older_install(cluster):
    """The classes follow the connected database: on a costshare 1.0 install (terms, accum, breakdown
    only; the breakdown's codes still named reasons) register works and both names read the codes."""
    import psycopg
    cluster.psql('-c', 'CREATE DATABASE old10')
    cluster.psql('-c', 'SET client_min_messages = warning',
                 '-c', "CREATE EXTENSION costshare VERSION '1.0' CASCADE", dbname='old10')
    with psycopg.connect(cluster.conninfo('old10')) as c:
        cat = costshare.register(c)
        assert 'breakdown' in cat.shapes and 'estimate_result' not in cat.shapes
        b = c.execute("SELECT costshare.adjudicate(100, costshare.terms(copay => 20))").fetchone()[0]
        assert isinstance(b, costshare.Breakdown) and 'reasons' in [f.name for f in dataclasses.fields(b)]
        assert b.adjustment_codes == b.reasons == ['3'] and b.patient_pays == Decimal('20.00')
