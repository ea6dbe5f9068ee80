import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes } from '@vtiger-temporal/common';
import { validateSyncInput } from '@vtiger-temporal/workflows';

function failure(input: unknown): ApplicationFailure {
  try {
    validateSyncInput(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ApplicationFailure);
    const f = error as ApplicationFailure;
    expect(f.type).toBe(FailureTypes.Input);
    expect(f.nonRetryable).toBe(true);
    return f;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`);
}

test('defaults: once, default connection and sink, query strategy, one lane per module up to 4', () => {
  const o = validateSyncInput({ modules: ['Contacts', 'Accounts'] });
  expect(o).toMatchObject({
    connection: 'default',
    sink: 'default',
    mode: 'once',
    strategy: 'query',
    lanes: 2,
    pageSize: 100,
    pagesPerBatch: 20,
    pollIntervalMs: 60_000,
    reconcileIntervalMs: 3_600_000,
    watermarkOverlapMs: 60_000,
    searchAttributes: true,
  });
  expect(validateSyncInput({ modules: ['A', 'B', 'C', 'D', 'E'] }).lanes).toBe(4);
  expect(validateSyncInput({ modules: ['Contacts'], pollInterval: '5s', reconcileInterval: false })).toMatchObject({
    pollIntervalMs: 5000,
    reconcileIntervalMs: false,
  });
});

test.each([
  [null, /input must be a JSON object/],
  [['Contacts'], /input must be a JSON object/],
  [{}, /modules must be a non-empty array/],
  [{ modules: 'Contacts' }, /modules must be a non-empty array/],
  [{ modules: ['Contacts', 'Contacts'] }, /modules lists "Contacts" twice/],
  [{ modules: ['Contacts; DROP'] }, /modules must hold Vtiger module names/],
  [{ modules: ['Contacts'], mode: 'sometimes' }, /mode must be one of "once", "follow"; got "sometimes"/],
  [{ modules: ['Contacts'], strategy: 'sync' }, /strategy must be one of "query", "sync-op"/],
  [{ modules: ['Contacts'], pageSize: 500 }, /pageSize must be a whole number from 1 to 100; got 500/],
  [{ modules: ['Contacts'], lanes: 0 }, /lanes must be a whole number from 1 to 16/],
  [{ modules: ['Contacts'], pollInterval: 'soon' }, /pollInterval must be a duration like "10 minutes"/],
  [{ modules: ['Contacts'], pollInterval: '10ms' }, /pollInterval must be between 1 s/],
  [{ modules: ['Contacts'], connection: '' }, /connection must name a profile/],
  [
    { modules: ['Contacts'], module: 'Contacts' },
    /module is not a field of the input; the fields are connection, modules/,
  ],
  [{ modules: ['Contacts'], searchAttributes: 'yes' }, /searchAttributes must be true or false/],
  [{ modules: ['Contacts'], keepAliveInterval: '15 minutes' }, /keepAliveInterval must be at most half of idleTimeout/],
  [
    { modules: ['Contacts'], idleTimeout: '10 minutes' },
    /keepAliveInterval must be at most half of idleTimeout .*"10 minutes"/,
  ],
])('%j is refused naming the field', (input, message) => {
  expect(failure(input).message).toMatch(message);
});
