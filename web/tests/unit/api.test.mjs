import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { ApiError, getHost, login } from '@/lib/api';

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

/** fetch answering the given responses in turn, counting the calls. */
function answers(...responses) {
  const calls = [];
  globalThis.fetch = async (url, init) => {
    calls.push({ url, method: init.method });
    const next = responses[calls.length - 1];
    if (!next) throw new Error(`unexpected call ${calls.length} to ${url}`);
    return new Response(JSON.stringify(next.body), { status: next.status, headers: next.headers ?? {} });
  };
  return calls;
}

const busy = {
  status: 503,
  headers: { 'Retry-After': '0' },
  body: { success: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'too many passwords at once' } },
};

test('a sign-in the server is too busy to hash is tried once more after Retry-After', async () => {
  const calls = answers(busy, { status: 200, body: { success: true, token: 'T' } });

  assert.equal(await login('a@example.org', 'secret-password'), 'T');
  assert.equal(calls.length, 2);
});

test('a sign-in still refused after its retry shows the error', async () => {
  const calls = answers(busy, busy);

  await assert.rejects(login('a@example.org', 'secret-password'), (e) => e instanceof ApiError && e.status === 503);
  assert.equal(calls.length, 2);
});

test('a 503 without Retry-After, or on another call, is not retried', async () => {
  const down = { status: 503, body: { success: false, error: { code: 'SERVICE_UNAVAILABLE', message: 'down' } } };
  let calls = answers(down);
  await assert.rejects(login('a@example.org', 'secret-password'), (e) => e.status === 503);
  assert.equal(calls.length, 1);

  calls = answers(busy);
  await assert.rejects(getHost(), (e) => e.status === 503);
  assert.equal(calls.length, 1);
});
