'use client';

import { useEffect, useRef, useState } from 'react';
import { statusText } from '@/components/StatusBadge';
import { stepLabel } from '@/components/StepList';
import { t } from '@/i18n';
import type { Hosting } from '@/lib/api';

/** The text for a polite live region: a hosting's new status, or its new provisioning step. */
export function useStatusAnnouncement(hosting: Hosting | null): string {
  const [announce, setAnnounce] = useState('');
  const prev = useRef<{ status?: string; step?: string }>({});

  useEffect(() => {
    const status = hosting?.status;
    const step = hosting?.provisioning_step ?? undefined;
    const p = prev.current;
    if (status && status !== p.status) setAnnounce(t.dashboard.status.announce(statusText(status)));
    else if (status === 'provisioning' && step && step !== p.step && stepLabel(step))
      setAnnounce(t.dashboard.status.announceStep(stepLabel(step)));
    prev.current = { status, step };
  }, [hosting?.status, hosting?.provisioning_step]);

  return announce;
}
