import { t } from '@/i18n';
import type { ProvisioningStep } from '@/lib/api';

export const STEPS = [
  'queued',
  'create_disk',
  'start_vm',
  'wait_ssh',
  'configure_guest',
  'wait_http',
  'publish_routes',
] as const;

export function stepIndex(step: ProvisioningStep | null | undefined): number {
  if (!step) return 0;
  if (step === 'done') return STEPS.length;
  const i = (STEPS as readonly string[]).indexOf(step);
  return i < 0 ? 0 : i;
}

export function stepLabel(step: ProvisioningStep | null | undefined): string {
  const i = stepIndex(step);
  return i >= STEPS.length ? '' : t.dashboard.progress.steps[STEPS[i]];
}

export function StepList({ step, failed = false }: { step: ProvisioningStep | null | undefined; failed?: boolean }) {
  const current = stepIndex(step);
  return (
    <ol className="steps" aria-label={t.dashboard.progress.stepListLabel} data-testid="step-list">
      {STEPS.map((s, i) => {
        const state = i < current ? 'done' : i === current ? (failed ? 'failed' : 'current') : 'upcoming';
        const stateText =
          state === 'done'
            ? t.dashboard.progress.stepDone
            : state === 'current'
              ? t.dashboard.progress.stepCurrent
              : state === 'failed'
                ? t.dashboard.progress.stepFailed
                : t.dashboard.progress.stepUpcoming;
        return (
          <li key={s} className={`step step-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
            <span className="step-marker" aria-hidden="true">
              {state === 'done' ? (
                <svg width="14" height="14" viewBox="0 0 14 14" focusable="false">
                  <path d="M3 7.4 5.8 10 11 4.2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
                </svg>
              ) : state === 'failed' ? (
                '!'
              ) : (
                <span className="step-num">{i + 1}</span>
              )}
            </span>
            <span className="step-label">{t.dashboard.progress.steps[s]}</span>
            <span className="visually-hidden">, {stateText}</span>
          </li>
        );
      })}
    </ol>
  );
}
