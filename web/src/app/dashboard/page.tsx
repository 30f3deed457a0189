'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { Alert } from '@/components/Alert';
import { CopyField } from '@/components/CopyField';
import { CreateSite } from '@/components/CreateSite';
import { DeleteDialog } from '@/components/DeleteDialog';
import { KeyDialog } from '@/components/KeyDialog';
import { Shell } from '@/components/Shell';
import { StatusBadge, statusText } from '@/components/StatusBadge';
import { StepList, stepIndex, stepLabel } from '@/components/StepList';
import { t } from '@/i18n';
import { ApiError, getHost, setUnauthorizedHandler, type CreatedHosting, type Hosting } from '@/lib/api';
import { clearToken, getToken, setNotice } from '@/lib/session';
import { Highlight } from '@/components/Highlight';
import { errorMessage, type Message, formatDuration, formatLocal, keyFileName, siteNameFromUrl } from '@/lib/site';

const POLL_MS = 2000;
const POLLING = new Set(['pending', 'provisioning', 'deleting']);

type Phase = 'auth' | 'loading' | 'error' | 'ready';

export default function DashboardPage() {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>('auth');
  const [hosting, setHosting] = useState<Hosting | null>(null);
  const [loadError, setLoadError] = useState<Message | null>(null);
  const [pollError, setPollError] = useState(false);
  const [pollTick, setPollTick] = useState(0);
  const [lastChecked, setLastChecked] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [generated, setGenerated] = useState<{ key: string; site: string } | null>(null);
  const [deleteOpen, setDeleteOpen] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const [announce, setAnnounce] = useState('');
  const firstSeen = useRef<number>(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const prev = useRef<{ status?: string; step?: string }>({});
  // Set after a successful DELETE: until GET /host answers 404, the site is shown as deleting
  // even if a poll still reports the old status.
  const deleteRequested = useRef(false);
  // When a poll replaces the view, focus would fall back to <body>: move it to the new heading.
  const refocus = useRef(false);
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    const a = document.activeElement;
    if (!a || a === document.body) headingRef.current?.focus();
  });

  const goSignIn = useCallback(
    (expired: boolean) => {
      clearToken();
      setNotice(expired ? 'expired' : 'signedOut');
      router.replace('/signin/');
    },
    [router],
  );

  // Auth guard + 401 handling.
  useEffect(() => {
    if (!getToken()) {
      router.replace('/signin/');
      return;
    }
    setUnauthorizedHandler(() => goSignIn(true));
    setPhase('loading');
    return () => setUnauthorizedHandler(null);
  }, [router, goSignIn]);

  const apply = useCallback((h: Hosting | null) => {
    if (!h) deleteRequested.current = false;
    else if (deleteRequested.current && h.status !== 'deleting') h = { ...h, status: 'deleting' };
    setHosting((old) => {
      if (h && (!old || old.vm_id !== h.vm_id)) firstSeen.current = Date.now();
      return h;
    });
    setLastChecked(Date.now());
    setPollError(false);
  }, []);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const h = await getHost();
      apply(h);
      setPhase('ready');
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return; // on its way to sign-in
      setLoadError(errorMessage(e));
      setPhase('error');
    }
  }, [apply]);

  useEffect(() => {
    if (phase === 'loading') void load();
  }, [phase, load]);

  // Live status: poll GET /host every 2 s while something is in progress.
  const polling = phase === 'ready' && !!hosting && POLLING.has(hosting.status);
  useEffect(() => {
    if (!polling) return;
    let cancelled = false;
    const ctrl = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const h = await getHost(ctrl.signal);
        if (cancelled) return;
        const gone = !h && hosting?.status === 'deleting';
        if (gone) setFlash(t.dashboard.delete.deleted);
        apply(h);
        if (gone || (h && h.status !== hosting?.status)) refocus.current = true;
      } catch {
        if (cancelled) return;
        setPollError(true);
        setPollTick((n) => n + 1);
      }
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [polling, hosting, pollTick, apply]);

  // A clock for the elapsed time and "checked n s ago".
  useEffect(() => {
    if (!polling) return;
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [polling]);

  // Announce status and step changes to screen readers.
  useEffect(() => {
    const status = hosting?.status;
    const step = hosting?.provisioning_step ?? undefined;
    const p = prev.current;
    if (status && status !== p.status) setAnnounce(t.dashboard.status.announce(statusText(status)));
    else if (status === 'provisioning' && step && step !== p.step && stepLabel(step))
      setAnnounce(t.dashboard.status.announceStep(stepLabel(step)));
    prev.current = { status, step };
  }, [hosting?.status, hosting?.provisioning_step]);

  function onCreated(c: CreatedHosting) {
    setFlash(null);
    const site = c.vm_id || siteNameFromUrl(c.web_url);
    apply({
      vm_id: c.vm_id,
      status: c.status || 'pending',
      web_url: c.web_url,
      ssh_port: c.ssh_port,
      ssh_command: c.ssh_command,
      sftp_command: c.sftp_command,
      created_at: new Date().toISOString(),
      provisioning_step: 'queued',
    });
    if (c.ssh_private_key) setGenerated({ key: c.ssh_private_key, site });
    else setTimeout(() => headingRef.current?.focus(), 0);
  }

  function onDeleted() {
    deleteRequested.current = true;
    setDeleteOpen(false);
    setHosting((h) => (h ? { ...h, status: 'deleting' } : h));
    setTimeout(() => headingRef.current?.focus(), 0);
  }

  // vm_id is the site name (the path segment of web_url and the machine's name).
  const site = hosting ? hosting.vm_id || siteNameFromUrl(hosting.web_url) : '';

  return (
    <Shell
      nav={
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => goSignIn(false)} data-testid="sign-out">
          {t.common.signOut}
        </button>
      }
    >
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="live-region">
        {announce}
      </div>
      <div className="dash-head">
        <div>
          <p className="eyebrow">{t.dashboard.greeting}</p>
          <h1 className="dash-title">{t.dashboard.title}</h1>
        </div>
        {hosting && phase === 'ready' ? <StatusBadge status={hosting.status} /> : null}
      </div>

      {flash && !hosting ? (
        <div className="stack-gap">
          <Alert kind="success">{flash}</Alert>
        </div>
      ) : null}

      {phase === 'auth' || phase === 'loading' ? (
        <div className="card skeleton-card" aria-busy="true">
          <span className="visually-hidden">{t.dashboard.loadingSite}</span>
          <div className="skeleton skeleton-title" />
          <div className="skeleton skeleton-line" />
          <div className="skeleton skeleton-line short" />
          <div className="skeleton skeleton-button" />
        </div>
      ) : phase === 'error' ? (
        <div className="card">
          <Alert>
            <strong>{t.dashboard.loadFailed}</strong> {loadError ? <Highlight {...loadError} /> : null}
          </Alert>
          <div className="actions">
            <button type="button" className="btn btn-primary" onClick={() => setPhase('loading')}>
              {t.common.tryAgain}
            </button>
          </div>
        </div>
      ) : !hosting ? (
        <CreateSite onCreated={onCreated} onExists={() => setPhase('loading')} headingRef={headingRef} />
      ) : (
        <HostingView
          hosting={hosting}
          site={site}
          now={now}
          firstSeen={firstSeen.current}
          lastChecked={lastChecked}
          pollError={pollError}
          headingRef={headingRef}
          onDelete={() => setDeleteOpen(true)}
        />
      )}

      <KeyDialog
        open={!!generated}
        privateKey={generated?.key ?? ''}
        fileName={keyFileName(generated?.site ?? site)}
        onDone={() => {
          setGenerated(null);
          setTimeout(() => headingRef.current?.focus(), 0);
        }}
      />
      <DeleteDialog open={deleteOpen} site={site} onClose={() => setDeleteOpen(false)} onDeleted={onDeleted} />
    </Shell>
  );
}

function HostingView({
  hosting,
  site,
  now,
  firstSeen,
  lastChecked,
  pollError,
  headingRef,
  onDelete,
}: {
  hosting: Hosting;
  site: string;
  now: number;
  firstSeen: number;
  lastChecked: number;
  pollError: boolean;
  headingRef: React.RefObject<HTMLHeadingElement>;
  onDelete: () => void;
}) {
  const d = t.dashboard;
  const status = hosting.status;
  const created = hosting.created_at ? Date.parse(hosting.created_at) : NaN;
  // Prefer the server's creation time; fall back to when we first saw it if clocks disagree.
  const start = !isNaN(created) && now - created >= 0 && now - created < 86_400_000 ? created : firstSeen || now;
  const sinceCheck = Math.max(0, Math.round((now - lastChecked) / 1000));

  const commands = (
    <section className="card" aria-labelledby="conn-title">
      <h2 id="conn-title" className="card-title">
        {d.details.heading}
      </h2>
      {status !== 'running' ? <p className="muted small">{d.progress.commandsSoon}</p> : null}
      <div className="copy-list">
        {hosting.ssh_command ? (
          <CopyField label={d.details.sshCommand} value={hosting.ssh_command} testId="ssh-command" />
        ) : null}
        {hosting.sftp_command ? (
          <CopyField label={d.details.sftpCommand} value={hosting.sftp_command} testId="sftp-command" />
        ) : null}
      </div>
      <dl className="facts">
        <div>
          <dt>{d.details.siteName}</dt>
          <dd data-testid="site-name">{site}</dd>
        </div>
        <div>
          <dt>{d.details.port}</dt>
          <dd data-testid="ssh-port">{hosting.ssh_port ?? '—'}</dd>
        </div>
        <div>
          <dt>{d.details.created}</dt>
          <dd data-testid="created-at">{formatLocal(hosting.created_at)}</dd>
        </div>
        <div>
          <dt>{d.details.status}</dt>
          <dd>{statusText(status)}</dd>
        </div>
        {hosting.ready_at ? (
          <div>
            <dt>{d.details.ready}</dt>
            <dd>{formatLocal(hosting.ready_at)}</dd>
          </div>
        ) : null}
      </dl>
      <p className="muted small key-note">
        {d.details.keyNote} <code className="inline-code">-i ~/.ssh/{keyFileName(site)}</code>
      </p>
    </section>
  );

  const danger = (
    <section className="card danger-zone" aria-labelledby="danger-title">
      <div>
        <h2 id="danger-title" className="card-title">
          {d.delete.dangerHeading}
        </h2>
        <p className="muted small">{d.delete.dangerLead}</p>
      </div>
      <button type="button" className="btn btn-danger-outline" onClick={onDelete} data-testid="delete-open">
        {d.delete.open}
      </button>
    </section>
  );

  if (status === 'running') {
    return (
      <div className="stack" data-testid="state-running">
        <section className="card hero-card" aria-labelledby="state-title">
          <h2 id="state-title" className="card-title lg" tabIndex={-1} ref={headingRef}>
            {d.running.heading}
          </h2>
          <p className="muted">{d.running.lead}</p>
          <div className="site-url-box">
            <span className="copy-label">{d.running.siteUrl}</span>
            <div className="site-url-row">
              <a
                className="site-url"
                href={hosting.web_url}
                target="_blank"
                rel="noopener noreferrer"
                data-testid="site-url"
              >
                {hosting.web_url}
                <span className="visually-hidden"> {t.common.opensInNewTab}</span>
                <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
                  <path d="M5 2h7v7M12 2 5.5 8.5M10 9.5V12H2V4h2.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
                </svg>
              </a>
            </div>
          </div>
        </section>
        {commands}
        {danger}
      </div>
    );
  }

  if (status === 'failed') {
    const failedAt = stepLabel(hosting.provisioning_step);
    return (
      <div className="stack" data-testid="state-failed">
        <section className="card" aria-labelledby="state-title">
          <h2 id="state-title" className="card-title lg" tabIndex={-1} ref={headingRef}>
            {d.failed.heading}
          </h2>
          <p className="muted">{d.failed.lead}</p>
          <dl className="facts facts-1">
            <div>
              <dt>{d.failed.reason}</dt>
              <dd data-testid="failure-reason">{hosting.failure_reason || d.failed.noReason}</dd>
            </div>
            {failedAt ? (
              <div>
                <dt>{d.failed.failedAt}</dt>
                <dd>{failedAt}</dd>
              </div>
            ) : null}
          </dl>
          <StepList step={hosting.provisioning_step} failed />
          <div className="actions">
            <button type="button" className="btn btn-danger" onClick={onDelete} data-testid="delete-open">
              {d.failed.action}
            </button>
          </div>
        </section>
      </div>
    );
  }

  if (status === 'deleting') {
    return (
      <div className="stack" data-testid="state-deleting">
        <section className="card" aria-labelledby="state-title">
          <h2 id="state-title" className="card-title lg" tabIndex={-1} ref={headingRef}>
            {d.deleting.heading}
          </h2>
          <p className="muted">{d.deleting.lead}</p>
          <div className="progress indeterminate" aria-hidden="true">
            <span />
          </div>
          <p className="muted small poll-line">
            {pollError ? d.progress.checkFailed : d.progress.lastChecked(sinceCheck)}
          </p>
        </section>
      </div>
    );
  }

  // pending / provisioning
  const idx = status === 'pending' ? 0 : stepIndex(hosting.provisioning_step);
  const pct = idx >= 7 ? 100 : Math.round(((idx + 0.5) / 7) * 100);
  return (
    <div className="stack" data-testid="state-provisioning">
      <section className="card" aria-labelledby="state-title">
        <div className="progress-head">
          <div>
            <h2 id="state-title" className="card-title lg" tabIndex={-1} ref={headingRef}>
              {d.progress.heading}
            </h2>
            <p className="muted">{d.progress.lead}</p>
          </div>
          <div className="elapsed" data-testid="elapsed">
            <span className="elapsed-label">{d.progress.elapsed}</span>
            <span className="elapsed-value" role="timer" aria-live="off">
              {formatDuration(now - start)}
            </span>
          </div>
        </div>
        <div
          className="progress"
          role="progressbar"
          aria-label={d.progress.heading}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={pct}
          aria-valuetext={stepLabel(status === 'pending' ? 'queued' : hosting.provisioning_step)}
        >
          <span style={{ width: `${pct}%` }} />
        </div>
        <StepList step={status === 'pending' ? 'queued' : hosting.provisioning_step} />
        <p className="muted small poll-line" data-testid="poll-line">
          <span className={pollError ? 'pulse-dot warn' : 'pulse-dot'} aria-hidden="true" />
          {pollError ? d.progress.checkFailed : d.progress.lastChecked(sinceCheck)}
        </p>
      </section>
      {commands}
      {danger}
    </div>
  );
}
