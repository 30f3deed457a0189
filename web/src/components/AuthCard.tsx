import Link from 'next/link';
import type { ReactNode } from 'react';
import { Alert } from '@/components/Alert';
import { Highlight } from '@/components/Highlight';
import { Shell } from '@/components/Shell';
import type { Message } from '@/lib/site';

/**
 * The frame of the sign-in and sign-up pages: the header link to the other page, the card with its title and lead,
 * the alert slot (an error, else a notice, else empty, keeping its height) and the line that switches pages.
 */
export function AuthCard(props: {
  title: string;
  lead: string;
  navHref: string;
  navLabel: string;
  formError: Message | null;
  notice?: string | null;
  switchText: string;
  switchLabel: string;
  children: ReactNode;
}) {
  return (
    <Shell
      narrow
      nav={
        <Link className="btn btn-ghost btn-sm" href={props.navHref}>
          {props.navLabel}
        </Link>
      }
    >
      <div className="auth-card card">
        <h1 className="auth-title">{props.title}</h1>
        <p className="muted auth-lead">{props.lead}</p>
        <div className="form-alert-slot">
          {props.formError ? (
            <Alert>
              <Highlight {...props.formError} />
            </Alert>
          ) : props.notice ? (
            <Alert kind="info">{props.notice}</Alert>
          ) : null}
        </div>
        {props.children}
        <p className="auth-switch">
          {props.switchText} <Link href={props.navHref}>{props.switchLabel}</Link>
        </p>
      </div>
    </Shell>
  );
}
