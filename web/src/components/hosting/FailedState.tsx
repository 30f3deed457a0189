import { StepList, stepLabel } from '@/components/StepList';
import { t } from '@/i18n';
import type { StateProps } from './props';

export function FailedState({ hosting, headingRef, onDelete }: StateProps) {
  const d = t.dashboard;
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
