import assert from 'node:assert/strict';
import { createElement, createRef } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { test } from 'node:test';
import { HostingView } from '@/components/hosting/HostingView';
import { t } from '@/i18n';

// The test ids and texts below are the ones tests/browser.mjs finds the dashboard's states by.
const NOW = Date.parse('2026-12-03T07:03:10Z');
const HOSTING = {
  vm_id: 'alice',
  web_url: 'https://sites.example/alice/',
  ssh_port: 2201,
  created_at: '2026-12-03T07:00:00Z',
  ssh_command: 'ssh -p 2201 web@example',
  sftp_command: 'sftp -P 2201 web@example',
  provisioning_step: 'start_vm',
};

function render(hosting, poll = {}) {
  return renderToStaticMarkup(
    createElement(HostingView, {
      hosting: { ...HOSTING, ...hosting },
      site: 'alice',
      now: NOW,
      firstSeen: NOW - 5_000,
      lastChecked: NOW - 3_000,
      pollError: false,
      headingRef: createRef(),
      onDelete: () => {},
      ...poll,
    }),
  );
}

test('each status has its own view', () => {
  const views = {
    pending: 'state-provisioning',
    provisioning: 'state-provisioning',
    running: 'state-running',
    failed: 'state-failed',
    deleting: 'state-deleting',
  };
  for (const [status, view] of Object.entries(views)) {
    const html = render({ status });
    for (const other of new Set(Object.values(views))) {
      assert.equal(html.includes(`data-testid="${other}"`), other === view, `${status} shows ${other}`);
    }
  }
});

test('a status this build does not know is shown as in progress', () => {
  assert.match(render({ status: 'resizing' }), /data-testid="state-provisioning"/);
});

test('a running site links its address and offers the commands and deletion', () => {
  const html = render({ status: 'running' });
  assert.match(html, /<a [^>]*href="https:\/\/sites.example\/alice\/"[^>]*data-testid="site-url"/);
  assert.match(html, /data-testid="ssh-command"/);
  assert.match(html, /data-testid="delete-open"/);
  assert.match(html, /<dd data-testid="site-name">alice<\/dd>/);
});

test('a failed site says why, or that the server gave no reason', () => {
  assert.match(render({ status: 'failed', failure_reason: 'disk full' }), /data-testid="failure-reason">disk full</);
  assert.ok(render({ status: 'failed', failure_reason: null }).includes(t.dashboard.failed.noReason));
});

test('while provisioning, the time since creation and since the last answer are shown', () => {
  const html = render({ status: 'provisioning' });
  assert.match(html, /role="timer"[^>]*>3:10</);
  assert.ok(html.includes(t.dashboard.progress.lastChecked(3)));
  assert.ok(render({ status: 'provisioning' }, { pollError: true }).includes(t.dashboard.progress.checkFailed));
});

test('a creation time a day or more away counts from when the site was first seen', () => {
  assert.match(render({ status: 'pending', created_at: '2026-12-01T07:00:00Z' }), /role="timer"[^>]*>0:05</);
});
