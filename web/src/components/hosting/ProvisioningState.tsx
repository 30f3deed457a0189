import { StepList, stepIndex, stepLabel } from '@/components/StepList';
import { t } from '@/i18n';
import { formatDuration } from '@/lib/site';
import { ConnectionDetails } from './ConnectionDetails';
import { DangerZone } from './DangerZone';
import { secondsSinceCheck, type PollProps, type StateProps } from './props';

const DAY_MS = 86_400_000;

/** A pending or provisioning site: elapsed time, the step list and its progress bar. */
export function ProvisioningState({ hosting, site, headingRef, onDelete, ...poll }: StateProps & PollProps) {
  const d = t.dashboard;
  const { now, firstSeen, pollError } = poll;
  const pending = hosting.status === 'pending';
  const created = hosting.created_at ? Date.parse(hosting.created_at) : NaN;
  // Prefer the server's creation time; fall back to when we first saw it if clocks disagree.
  const start = !isNaN(created) && now - created >= 0 && now - created < DAY_MS ? created : firstSeen || now;
  const idx = pending ? 0 : stepIndex(hosting.provisioning_step);
  const pct = idx >= 7 ? 100 : Math.round(((idx + 0.5) / 7) * 100);
  const step = pending ? 'queued' : hosting.provisioning_step;
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
          aria-valuetext={stepLabel(step)}
        >
          <span style={{ width: `${pct}%` }} />
        </div>
        <StepList step={step} />
        <p className="muted small poll-line" data-testid="poll-line">
          <span className={pollError ? 'pulse-dot warn' : 'pulse-dot'} aria-hidden="true" />
          {pollError ? d.progress.checkFailed : d.progress.lastChecked(secondsSinceCheck(poll))}
        </p>
      </section>
      <ConnectionDetails hosting={hosting} site={site} />
      <DangerZone onDelete={onDelete} />
    </div>
  );
}
