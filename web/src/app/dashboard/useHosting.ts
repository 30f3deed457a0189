'use client';

import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { useRouter } from 'next/navigation';
import { t } from '@/i18n';
import { ApiError, getHost, setUnauthorizedHandler, type CreatedHosting, type Hosting } from '@/lib/api';
import { clearToken, getToken, setNotice } from '@/lib/session';
import { errorMessage, siteNameFromUrl, type Message } from '@/lib/site';
import { useStatusAnnouncement } from './useStatusAnnouncement';

const POLL_MS = 2000;
const POLLING = new Set(['pending', 'provisioning', 'deleting']);

export type Phase = 'auth' | 'loading' | 'error' | 'ready';

export interface HostingState {
  phase: Phase;
  /** The user's hosting once loaded; null when there is none. */
  hosting: Hosting | null;
  /** vm_id is the site name (the path segment of web_url and the machine's name); '' without a hosting. */
  site: string;
  loadError: Message | null;
  /** The last poll failed; polling goes on. */
  pollError: boolean;
  /** When GET /host last answered, and when this hosting was first seen (ms since the epoch). */
  lastChecked: number;
  firstSeen: number;
  /** A clock that ticks every second while polling. */
  now: number;
  /** A one-off message shown when there is no hosting (the site was deleted). */
  flash: string | null;
  /** Text for the polite live region. */
  announce: string;
  reload: () => void;
  signOut: (expired: boolean) => void;
  /** POST /host answered: show the new hosting without waiting for a poll. */
  created: (c: CreatedHosting) => void;
  /** DELETE /host answered: show the hosting as deleting until GET /host answers 404. */
  deleted: () => void;
}

/**
 * The signed-in user's hosting: the auth guard, the first load, a poll of GET /host every 2 s while
 * something is in progress, and screen-reader announcements of status changes. When a poll replaces the
 * view while focus sits nowhere, focus moves to the element of headingRef.
 */
export function useHosting(headingRef: RefObject<HTMLHeadingElement>): HostingState {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>('auth');
  const [hosting, setHosting] = useState<Hosting | null>(null);
  const [loadError, setLoadError] = useState<Message | null>(null);
  const [pollError, setPollError] = useState(false);
  const [pollTick, setPollTick] = useState(0);
  const [lastChecked, setLastChecked] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  const [flash, setFlash] = useState<string | null>(null);
  const firstSeen = useRef<number>(0);
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

  const signOut = useCallback(
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
    setUnauthorizedHandler(() => signOut(true));
    setPhase('loading');
    return () => setUnauthorizedHandler(null);
  }, [router, signOut]);

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

  const announce = useStatusAnnouncement(hosting);

  function created(c: CreatedHosting) {
    setFlash(null);
    deleteRequested.current = false;
    apply({
      vm_id: c.vm_id,
      status: c.status || 'pending',
      web_url: c.web_url,
      ssh_port: c.ssh_port,
      ssh_command: c.ssh_command,
      sftp_command: c.sftp_command,
      created_at: new Date().toISOString(),
      provisioning_step: 'queued',
      plan: c.plan,
    });
  }

  // DELETE answered success. The flash shows once the hosting is gone: a poll may already have seen
  // the 404 before DELETE answered (the row goes before the response), so it is set here too.
  function deleted() {
    deleteRequested.current = true;
    setFlash(t.dashboard.delete.deleted);
    setHosting((h) => (h ? { ...h, status: 'deleting' } : h));
  }

  return {
    phase,
    hosting,
    site: hosting ? hosting.vm_id || siteNameFromUrl(hosting.web_url) : '',
    loadError,
    pollError,
    lastChecked,
    firstSeen: firstSeen.current,
    now,
    flash,
    announce,
    reload: () => setPhase('loading'),
    signOut,
    created,
    deleted,
  };
}
