import type { ReactNode } from 'react';
import { ErrorIcon } from './Field';

export function Alert({
  kind = 'error',
  children,
  id,
  live = true,
}: {
  kind?: 'error' | 'info' | 'success' | 'warning';
  children: ReactNode;
  id?: string;
  live?: boolean;
}) {
  const role = live ? (kind === 'error' ? 'alert' : 'status') : undefined;
  return (
    <div id={id} className={`alert alert-${kind}`} role={role} tabIndex={-1}>
      {kind === 'error' || kind === 'warning' ? <ErrorIcon /> : <InfoIcon />}
      <div>{children}</div>
    </div>
  );
}

function InfoIcon() {
  return (
    <svg className="icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <path d="M8 7.2v4.4" stroke="var(--surface)" strokeWidth="1.8" strokeLinecap="round" />
      <circle cx="8" cy="4.7" r="1.05" fill="var(--surface)" />
    </svg>
  );
}
