'use client';

import { useRef, useState } from 'react';
import { Alert } from '@/components/Alert';
import { CreateSite } from '@/components/CreateSite';
import { DeleteDialog } from '@/components/DeleteDialog';
import { KeyDialog } from '@/components/KeyDialog';
import { Shell } from '@/components/Shell';
import { StatusBadge } from '@/components/StatusBadge';
import { DashboardLoading } from '@/components/hosting/DashboardLoading';
import { HostingView } from '@/components/hosting/HostingView';
import { LoadFailed } from '@/components/hosting/LoadFailed';
import { t } from '@/i18n';
import type { CreatedHosting } from '@/lib/api';
import { keyFileName, siteNameFromUrl } from '@/lib/site';
import { useHosting } from './useHosting';

export default function DashboardPage() {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const h = useHosting(headingRef);
  const { phase, hosting, site } = h;
  const [generated, setGenerated] = useState<{ key: string; site: string } | null>(null);
  const [deleteOpen, setDeleteOpen] = useState(false);

  const focusHeading = () => setTimeout(() => headingRef.current?.focus(), 0);

  function onCreated(c: CreatedHosting) {
    h.created(c);
    if (c.ssh_private_key) setGenerated({ key: c.ssh_private_key, site: c.vm_id || siteNameFromUrl(c.web_url) });
    else focusHeading();
  }

  function onDeleted() {
    h.deleted();
    setDeleteOpen(false);
    focusHeading();
  }

  return (
    <Shell
      nav={
        <button type="button" className="btn btn-ghost btn-sm" onClick={() => h.signOut(false)} data-testid="sign-out">
          {t.common.signOut}
        </button>
      }
    >
      <div className="visually-hidden" role="status" aria-live="polite" data-testid="live-region">
        {h.announce}
      </div>
      <div className="dash-head">
        <div>
          <p className="eyebrow">{t.dashboard.greeting}</p>
          <h1 className="dash-title">{t.dashboard.title}</h1>
        </div>
        {hosting && phase === 'ready' ? <StatusBadge status={hosting.status} /> : null}
      </div>

      {h.flash && !hosting ? (
        <div className="stack-gap">
          <Alert kind="success">{h.flash}</Alert>
        </div>
      ) : null}

      {phase === 'auth' || phase === 'loading' ? (
        <DashboardLoading />
      ) : phase === 'error' ? (
        <LoadFailed error={h.loadError} onRetry={h.reload} />
      ) : !hosting ? (
        <CreateSite onCreated={onCreated} onExists={h.reload} headingRef={headingRef} />
      ) : (
        <HostingView
          hosting={hosting}
          site={site}
          now={h.now}
          firstSeen={h.firstSeen}
          lastChecked={h.lastChecked}
          pollError={h.pollError}
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
          focusHeading();
        }}
      />
      <DeleteDialog open={deleteOpen} site={site} onClose={() => setDeleteOpen(false)} onDeleted={onDeleted} />
    </Shell>
  );
}
