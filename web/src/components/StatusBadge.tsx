import { t } from '@/i18n';
import type { HostStatus } from '@/lib/api';

export function statusText(s: HostStatus | string): string {
  const m = t.dashboard.status as Record<string, unknown>;
  const v = m[s];
  return typeof v === 'string' ? v : t.dashboard.status.unknown;
}

export function StatusBadge({ status }: { status: HostStatus }) {
  return (
    <span className={`badge badge-${status}`} data-testid="status-badge" data-status={status}>
      <span className="badge-dot" aria-hidden="true" />
      {statusText(status)}
    </span>
  );
}
