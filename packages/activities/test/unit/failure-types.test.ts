import { ApplicationFailure } from '@temporalio/common';
import { FailureTypes, NON_RETRYABLE_FAILURE_TYPES } from '@vtiger-temporal/common';
import { toActivityFailure } from '@vtiger-temporal/activities';
import * as client from '@vtiger-temporal/vtiger-client';

const clientTypes = Object.entries(FailureTypes).filter(([, name]) => name in client);

test('the failure types cover every error class of the client, by its exact name (the retry contract)', () => {
  expect(clientTypes.map(([, name]) => name).sort()).toEqual(
    Object.keys(client)
      .filter((k) => /^Vtiger\w*Error$/.test(k))
      .sort(),
  );
});

test('client errors become failures typed by class, retryable exactly when the error is', () => {
  const session = client.errorForCode('INVALID_SESSIONID', 'Session Identifier provided is Invalid', {
    operation: 'query',
  });
  const f = toActivityFailure(session) as ApplicationFailure;
  expect(f).toBeInstanceOf(ApplicationFailure);
  expect(f.type).toBe(FailureTypes.Session);
  expect(f.nonRetryable).toBe(true);
  expect(NON_RETRYABLE_FAILURE_TYPES).toContain(f.type);
  const http = new client.VtigerHttpError('HTTP 502', { status: 502, excerpt: '', operation: 'query' });
  const g = toActivityFailure(http) as ApplicationFailure;
  expect(g.type).toBe(FailureTypes.Http);
  expect(g.nonRetryable).toBe(false);
  expect(g.details?.[0]).toMatchObject({ status: 502, operation: 'query' });
  expect(NON_RETRYABLE_FAILURE_TYPES).not.toContain(g.type);
});
