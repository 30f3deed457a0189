import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { PlanChooser } from '@/components/PlanChooser';
import { ConnectionDetails } from '@/components/hosting/ConnectionDetails';
import { ApiError, createHost, getPlans } from '@/lib/api';
import { describeSize, formatMiB, hasApt, initialPlan } from '@/lib/plans';
import { t } from '@/i18n';

// GET /plans as the server answers it with config.yml's two plans.
const MICRO = {
  name: 'micro',
  description: 'The micro guest: nginx, SSH and SFTP on a small, fast machine',
  image: 'micro',
  memory_mib: 128,
  vcpus: 1,
  disk_mib: 1024,
  available: true,
};
const DEBIAN = {
  name: 'debian-12',
  description: 'A full Debian 12 machine: apt, sudo, systemd',
  image: 'debian-12',
  memory_mib: 512,
  vcpus: 2,
  disk_mib: 4096,
  available: true,
};
const LIST = { default: 'micro', plans: [MICRO, DEBIAN] };

function chooser(props) {
  return renderToStaticMarkup(
    createElement(PlanChooser, {
      id: 'f',
      state: { kind: 'ready', plans: LIST.plans, defaultPlan: 'micro' },
      value: 'micro',
      onChange: () => {},
      error: null,
      ...props,
    }),
  );
}

/** The <label> card of one plan. */
function card(html, name) {
  const m = new RegExp(`<label[^>]*data-testid="plan-${name}"[^>]*>([\\s\\S]*?)</label>`).exec(html);
  assert.ok(m, `no card for ${name}`);
  return m[0];
}

test('sizes read as people say them', () => {
  assert.equal(formatMiB(128), '128 MiB');
  assert.equal(formatMiB(1024), '1 GiB');
  assert.equal(formatMiB(1536), '1.5 GiB');
  assert.equal(describeSize(MICRO), '128 MiB memory · 1 vCPU · 1 GiB disk');
  assert.equal(describeSize(DEBIAN), '512 MiB memory · 2 vCPUs · 4 GiB disk');
  assert.equal(describeSize({ memory_mib: 256 }), '256 MiB memory');
});

test('the default plan is preselected; when it cannot be made, the first plan that can', () => {
  assert.equal(initialPlan(LIST), 'micro');
  assert.equal(initialPlan({ default: 'debian-12', plans: LIST.plans }), 'debian-12');
  assert.equal(initialPlan({ default: 'micro', plans: [{ ...MICRO, available: false }, DEBIAN] }), 'debian-12');
  assert.equal(initialPlan({ default: 'micro', plans: [{ ...MICRO, available: false }] }), 'micro');
});

test('every plan is a labelled radio with its name, description, memory, vCPUs and disk', () => {
  const html = chooser();
  assert.match(html, /<fieldset[^>]*data-testid="plan-chooser"/);
  assert.match(html, new RegExp(`<legend[^>]*>${t.dashboard.plans.legend}</legend>`));
  for (const plan of LIST.plans) {
    const c = card(html, plan.name);
    assert.match(c, new RegExp(`<input type="radio" name="f-plan"[^>]* value="${plan.name}"`));
    assert.match(c, new RegExp(`aria-labelledby="f-plan-${plan.name}-name"`));
    assert.match(c, new RegExp(`id="f-plan-${plan.name}-name"[^>]*>${plan.name}<`));
    assert.ok(c.includes(plan.description), `${plan.name} lacks its description`);
    assert.ok(c.includes(describeSize(plan)), `${plan.name} lacks its size`);
  }
  assert.match(card(html, 'micro'), /checked=""/);
  assert.doesNotMatch(card(html, 'debian-12'), /checked=""/);
  assert.ok(card(html, 'micro').includes(t.dashboard.plans.recommended), 'the default is not marked');
  assert.ok(!card(html, 'debian-12').includes(t.dashboard.plans.recommended), 'a non-default is marked default');
});

test('the chosen plan is the checked one', () => {
  const html = chooser({ value: 'debian-12' });
  assert.match(card(html, 'debian-12'), /checked=""/);
  assert.match(card(html, 'debian-12'), /class="plan-option is-checked"/);
  assert.doesNotMatch(card(html, 'micro'), /checked=""/);
});

test('a plan this server cannot make is disabled and says why', () => {
  const html = chooser({ state: { kind: 'ready', plans: [MICRO, { ...DEBIAN, available: false }], defaultPlan: 'micro' } });
  const c = card(html, 'debian-12');
  assert.match(c, /disabled=""/);
  assert.ok(c.includes(t.dashboard.plans.unavailable));
  assert.match(c, /aria-describedby="[^"]*f-plan-debian-12-reason"/);
  assert.doesNotMatch(card(html, 'micro'), /disabled=""/);
});

test('an error on the field plan shows under the chooser as an alert', () => {
  const html = chooser({ value: 'debian-12', error: 'Plan: there is no plan debian-12.' });
  assert.match(html, /<fieldset class="field plan-field has-error"/);
  assert.match(html, /<p id="f-plan-err" class="field-error" role="alert"[^>]*>.*Plan: there is no plan debian-12\./);
  assert.match(card(html, 'debian-12'), /aria-invalid="true"/);
  assert.doesNotMatch(chooser(), /role="alert"/);
});

test('while loading, and when GET /plans failed, the form says so and shows no radios', () => {
  const loading = chooser({ state: { kind: 'loading' }, value: null });
  assert.ok(loading.includes(t.dashboard.plans.loading));
  const failed = chooser({ state: { kind: 'failed' }, value: null });
  assert.ok(failed.includes(t.dashboard.plans.loadFailed));
  assert.doesNotMatch(loading + failed, /type="radio"/);
});

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

function recordFetch(status, body) {
  const calls = [];
  globalThis.fetch = async (url, init) => {
    calls.push({ url, method: init.method, headers: init.headers, body: init.body && JSON.parse(init.body) });
    return new Response(JSON.stringify(body), { status });
  };
  return calls;
}

test('GET /plans asks without a token and returns the list; a body without plans is an error', async () => {
  const calls = recordFetch(200, { success: true, data: LIST });
  assert.deepEqual(await getPlans(), LIST);
  assert.equal(calls[0].method, 'GET');
  assert.match(calls[0].url, /\/plans$/);
  assert.equal(calls[0].headers.Authorization, undefined);
  recordFetch(200, { success: true, data: {} });
  await assert.rejects(getPlans(), (e) => e instanceof ApiError);
});

test('POST /host carries the plan only when one was chosen', async () => {
  const created = { vm_id: 'alice', web_url: 'x', ssh_port: 1, status: 'pending', plan: 'debian-12' };
  let calls = recordFetch(201, { success: true, data: created });
  await createHost(undefined, 'debian-12');
  assert.deepEqual(calls[0].body, { plan: 'debian-12' });
  calls = recordFetch(201, { success: true, data: created });
  await createHost('ssh-ed25519 AAAA k', 'micro');
  assert.deepEqual(calls[0].body, { ssh_public_key: 'ssh-ed25519 AAAA k', plan: 'micro' });
  calls = recordFetch(201, { success: true, data: created });
  await createHost();
  assert.deepEqual(calls[0].body, {});
});

test('the server names the field of a bad plan', async () => {
  recordFetch(400, { success: false, error: { code: 'INVALID_INPUT', message: 'plan: no', field: 'plan' } });
  await assert.rejects(createHost(undefined, 'nope'), (e) => e instanceof ApiError && e.field === 'plan');
});

test('the connection details show the plan and its size; a Debian plan says apt-get works', () => {
  const hosting = {
    vm_id: 'alice',
    status: 'running',
    web_url: 'https://sites.example/alice/',
    ssh_port: 2201,
    plan: 'debian-12',
    memory_mib: 512,
    vcpus: 2,
    disk_mib: 4096,
  };
  const html = renderToStaticMarkup(createElement(ConnectionDetails, { hosting, site: 'alice' }));
  assert.match(html, /<dd class="mono" data-testid="plan">debian-12<\/dd>/);
  assert.match(html, /data-testid="plan-machine">512 MiB memory · 2 vCPUs · 4 GiB disk</);
  assert.match(html, /data-testid="plan-note"[^>]*>.*<code class="inline-code">sudo apt-get update &amp;&amp; sudo apt-get install<\/code>/);
  const micro = renderToStaticMarkup(
    createElement(ConnectionDetails, { hosting: { ...hosting, plan: 'micro', memory_mib: 128, vcpus: 1, disk_mib: 1024 }, site: 'alice' }),
  );
  assert.match(micro, /data-testid="plan">micro</);
  assert.doesNotMatch(micro, /plan-note/);
  // A server from before plans: nothing about them.
  const old = renderToStaticMarkup(
    createElement(ConnectionDetails, { hosting: { vm_id: 'a', status: 'running', web_url: 'x', ssh_port: 1 }, site: 'a' }),
  );
  assert.doesNotMatch(old, /data-testid="plan/);
  assert.ok(hasApt('debian-12') && !hasApt('micro') && !hasApt(undefined));
});
