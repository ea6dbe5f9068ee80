import { startVtigerSim, type VtigerSim } from '@vtiger-temporal/vtiger-sim';
import { type Answer, errorOf, login, resultOf, wsGet, wsPost } from '../support/http';

let sim: VtigerSim;
let session: string;
let account: Record<string, string>;
let contact: Record<string, string>;
let potential: Record<string, string>;

beforeAll(async () => {
  sim = await startVtigerSim({ records: 0 });
  session = await login(sim);
  account = sim.createRecord('Accounts', { accountname: 'Analytical Engines Ltd' });
  contact = sim.createRecord('Contacts', { lastname: 'Lovelace', firstname: 'Ada', account_id: account.id as string });
  sim.createRecord('Contacts', { lastname: 'Babbage', account_id: account.id as string });
  sim.createRecord('Contacts', { lastname: 'Unrelated' });
  potential = sim.createRecord('Potentials', {
    potentialname: 'Difference Engine',
    closingdate: '2026-12-31',
    sales_stage: 'Prospecting',
    contact_id: contact.id as string,
  });
});
afterAll(() => sim.close());

/** GET `retrieve_related` with this file's session; the relation label defaults to the related module's name. */
function retrieveRelated(id: string, relatedType: string, relatedLabel = relatedType): Promise<Answer> {
  return wsGet(sim, { operation: 'retrieve_related', sessionName: session, id, relatedType, relatedLabel });
}

test('relatedtypes for Contacts is the captured answer (labels as keys, isEntity "1")', async () => {
  const a = await wsGet(sim, { operation: 'relatedtypes', sessionName: session, elementType: 'Contacts' });
  const result = resultOf<{
    types: string[];
    information: Record<string, { name: string; label: string; isEntity: string }>;
  }>(a);
  expect(result.types).toHaveLength(19);
  expect(result.information['Activity History']).toEqual({
    name: 'Calendar',
    label: 'Activity History',
    isEntity: '1',
  });
  expect(result.information.Potentials).toEqual({ name: 'Potentials', label: 'Potentials', isEntity: '1' });
});

test('retrieve_related finds records pointing at the source through a reference field', async () => {
  const rows = resultOf<Array<Record<string, string>>>(await retrieveRelated(account.id as string, 'Contacts'));
  expect(rows.map((r) => r.lastname).sort()).toEqual(['Babbage', 'Lovelace']);
  const pots = resultOf<Array<Record<string, string>>>(await retrieveRelated(contact.id as string, 'Potentials'));
  expect(pots.map((r) => r.id)).toEqual([potential.id]);
});

test('query_related rewrites the query with the related ids (no trailing semicolon expected)', async () => {
  const rows = resultOf<Array<Record<string, string>>>(
    await wsGet(sim, {
      operation: 'query_related',
      sessionName: session,
      id: account.id as string,
      relatedLabel: 'Contacts',
      query: "SELECT lastname FROM Contacts WHERE lastname LIKE 'B%'",
    }),
  );
  expect(rows).toEqual([{ lastname: 'Babbage' }]);
});

test('a wrong relation label is UNKOWN_ENTITY "Relation specified is incorrect"', async () => {
  const a = await retrieveRelated(account.id as string, 'Contacts', 'Friends');
  expect(errorOf(a)).toEqual(['UNKOWN_ENTITY', 'Relation specified is incorrect']);
  const b = await wsPost(sim, {
    operation: 'add_related',
    sessionName: session,
    sourceRecordId: contact.id as string,
    relatedRecordId: potential.id as string,
    relationIdLabel: 'Friends',
  });
  expect(errorOf(b)).toEqual(['UNKOWN_ENTITY', 'Relation specified is incorrect']);
});

test('add_related links records both ways ("successfull")', async () => {
  const other = sim.createRecord('Potentials', {
    potentialname: 'Analytical Engine',
    closingdate: '2027-01-31',
    sales_stage: 'Qualification',
  });
  const a = await wsPost(sim, {
    operation: 'add_related',
    sessionName: session,
    sourceRecordId: contact.id as string,
    relatedRecordId: other.id as string,
    relationIdLabel: 'Potentials',
  });
  expect(a.text).toBe('{"success":true,"result":{"message":"successfull"}}');
  const pots = resultOf<Array<Record<string, string>>>(await retrieveRelated(contact.id as string, 'Potentials'));
  expect(pots.map((r) => r.id).sort()).toEqual([potential.id, other.id].sort());
  const back = resultOf<Array<Record<string, string>>>(await retrieveRelated(other.id as string, 'Contacts'));
  expect(back.map((r) => r.id)).toEqual([contact.id]);
});

test('no related records ⇒ [] ; a missing source record ⇒ ACCESS_DENIED for name', async () => {
  const lonely = sim.createRecord('Contacts', { lastname: 'Alone' });
  const a = await retrieveRelated(lonely.id as string, 'Potentials');
  expect(a.text).toBe('{"success":true,"result":[]}');
  const b = await retrieveRelated('12x999999', 'Potentials');
  expect(errorOf(b)).toEqual(['ACCESS_DENIED', 'Permission to perform the operation is denied for name : ']);
});
