import type { RefObject } from 'react';
import { t } from '@/i18n';
import { secondsSinceCheck, type PollProps } from './props';

export function DeletingState({ headingRef, ...poll }: { headingRef: RefObject<HTMLHeadingElement> } & PollProps) {
  const d = t.dashboard;
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
          {poll.pollError ? d.progress.checkFailed : d.progress.lastChecked(secondsSinceCheck(poll))}
        </p>
      </section>
    </div>
  );
}
