import {
  backoffDelay,
  errorForCode,
  shouldClientRetry,
  VtigerAbortError,
  VtigerConnectionError,
  VtigerHttpError,
  VtigerProtocolError,
  VtigerTimeoutError,
} from '@vtiger-temporal/vtiger-client';

test('reads retry connection errors, timeouts and 5xx; never aborts, protocol or API errors', () => {
  expect(shouldClientRetry(new VtigerConnectionError('reset'), true)).toBe(true);
  expect(shouldClientRetry(new VtigerTimeoutError('slow'), true)).toBe(true);
  expect(shouldClientRetry(new VtigerHttpError('500', { status: 500 }), true)).toBe(true);
  expect(shouldClientRetry(new VtigerHttpError('404', { status: 404 }), true)).toBe(false);
  expect(shouldClientRetry(new VtigerAbortError('abort'), true)).toBe(false);
  expect(shouldClientRetry(new VtigerProtocolError('x', { status: 200, excerpt: '' }), true)).toBe(false);
  expect(shouldClientRetry(errorForCode('DATABASE_QUERY_ERROR', 'db'), true)).toBe(false);
  expect(shouldClientRetry(errorForCode('INVALID_SESSIONID', 'x'), true)).toBe(false);
});

test('writes never retry, whatever the error', () => {
  expect(shouldClientRetry(new VtigerConnectionError('reset'), false)).toBe(false);
  expect(shouldClientRetry(new VtigerTimeoutError('slow'), false)).toBe(false);
  expect(shouldClientRetry(new VtigerHttpError('500', { status: 500 }), false)).toBe(false);
});

test('back-off doubles per retry, is capped, and jitters within [50%, 100%)', () => {
  expect(backoffDelay(1, 200, 2000, () => 0)).toBe(100);
  expect(backoffDelay(1, 200, 2000, () => 0.999999)).toBe(200);
  expect(backoffDelay(2, 200, 2000, () => 0.999999)).toBe(400);
  expect(backoffDelay(3, 200, 2000, () => 0)).toBe(400);
  expect(backoffDelay(10, 200, 2000, () => 0.999999)).toBe(2000);
  for (let i = 0; i < 100; i++) {
    const d = backoffDelay(2, 200, 2000);
    expect(d).toBeGreaterThanOrEqual(200);
    expect(d).toBeLessThanOrEqual(400);
  }
});
