"""The FastAPI example against a throwaway cluster with the sample practice."""
from decimal import Decimal

Q = {'member': 'M-NGUYEN-1', 'date': '2026-03-02', 'code': '90837'}


def test_get_estimate(client):
    r = client.get('/estimate', params=dict(Q, provider='1333333334', billed='250.00'))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body['status'] == 'eligible' and body['network'] == 'in'
    assert isinstance(body['patient_pays'], str)             # money as exact strings
    assert Decimal(body['patient_pays']) + Decimal(body['plan_pays']) == Decimal(body['allowed'])
    assert body['acc_after']['visits_used'] == 1


def test_post_batch(client):
    appts = [{'appt_id': 2, 'member_id': 'M-NGUYEN-1', 'service_date': '2026-03-09', 'service_code': '90837'},
             {'appt_id': 1, 'member_id': 'M-NGUYEN-1', 'service_date': '2026-03-02', 'service_code': '90837',
              'billed': '200.00'},
             {'appt_id': 3, 'member_id': 'M-NOBODY', 'service_date': '2026-03-02', 'service_code': '90837'}]
    r = client.post('/estimates', json=appts)
    assert r.status_code == 200, r.text
    rows = r.json()
    assert [x['appt_id'] for x in rows] == [2, 1, 3]
    assert rows[2]['status'] == 'unknown' and rows[2]['line'] is None
    assert Decimal(rows[0]['line']['acc_after']['ded_individual_met']) == \
        Decimal(rows[0]['line']['patient_pays']) + Decimal(rows[1]['line']['patient_pays'])


def test_batch_duplicate_ids_is_a_problem(client):
    appts = [{'appt_id': 1, 'member_id': 'M-NGUYEN-1', 'service_date': '2026-03-02', 'service_code': '90837'}] * 2
    r = client.post('/estimates', json=appts)
    assert r.status_code == 400
    assert r.headers['content-type'].startswith('application/problem+json')
    assert r.json()['sqlstate'] == '22023' and 'M-NGUYEN-1' not in r.text


def test_eligibility(client):
    r = client.get('/eligibility', params=Q)
    assert r.status_code == 200 and r.json()['status'] == 'eligible'
    assert r.json()['benefit_period']['lower'] == '2026-01-01'


def test_explain_in_the_patients_language(client):
    r = client.get('/explain', params=Q, headers={'Accept-Language': 'es-MX,es;q=0.9,en;q=0.5'})
    assert r.status_code == 200 and r.json()['text'].startswith('Usted paga')
    assert r.headers['content-language'] == 'es-MX'
    r = client.get('/explain', params=dict(Q, lang='en-US'))
    assert r.json()['text'].startswith('You pay $')


def test_bad_input_is_problem_json(client):
    r = client.get('/estimate', params=dict(Q, billed='-5'))
    assert r.status_code == 400
    assert r.headers['content-type'].startswith('application/problem+json')
    body = r.json()
    assert body['status'] == 400 and body['sqlstate'] == '22003' and body['hint']
    assert 'M-NGUYEN-1' not in r.text
    r = client.get('/estimate', params=dict(Q, billed='1.001'))
    assert r.status_code == 400 and r.json()['sqlstate'] == '22023'
