import type { RefObject } from 'react';
import { FieldError } from './Field';
import { t } from '@/i18n';
import type { Plan } from '@/lib/api';
import { describeSize } from '@/lib/plans';

export type PlansState =
  | { kind: 'loading' }
  /** GET /plans failed: the form goes on without a chooser and sends no plan (the server's default applies). */
  | { kind: 'failed' }
  | { kind: 'ready'; plans: Plan[]; defaultPlan: string };

/**
 * The plans of GET /plans as radio cards in a fieldset: name, description, memory, vCPUs and disk; a plan this
 * server cannot make now is shown disabled with the reason. An error about the field "plan" shows under them.
 */
export function PlanChooser({
  id,
  state,
  value,
  onChange,
  error,
  fieldsetRef,
}: {
  /** A prefix for the element ids (useId of the form). */
  id: string;
  state: PlansState;
  value: string | null;
  onChange: (plan: string) => void;
  error: string | null;
  fieldsetRef?: RefObject<HTMLFieldSetElement>;
}) {
  const p = t.dashboard.plans;
  if (state.kind === 'loading') {
    return (
      <p className="muted small plan-status" data-testid="plans-loading">
        {p.loading}
      </p>
    );
  }
  if (state.kind === 'failed') {
    return (
      <p className="muted small plan-status" data-testid="plans-failed">
        {p.loadFailed}
      </p>
    );
  }
  if (!state.plans.length) return null;
  const errId = `${id}-plan-err`;
  const hintId = `${id}-plan-hint`;
  return (
    <fieldset
      className={error ? 'field plan-field has-error' : 'field plan-field'}
      aria-describedby={`${hintId} ${errId}`}
      data-testid="plan-chooser"
      ref={fieldsetRef}
    >
      <legend className="label">{p.legend}</legend>
      <p id={hintId} className="field-hint plan-hint">
        {p.hint}
      </p>
      <div className="plan-options">
        {state.plans.map((plan) => {
          const base = `${id}-plan-${plan.name}`;
          const checked = value === plan.name;
          const described = plan.description ? [`${base}-desc`, `${base}-size`] : [`${base}-size`];
          if (!plan.available) described.push(`${base}-reason`);
          const classes = ['plan-option'];
          if (checked) classes.push('is-checked');
          if (!plan.available) classes.push('is-disabled');
          return (
            <label key={plan.name} className={classes.join(' ')} data-testid={`plan-${plan.name}`}>
              <input
                type="radio"
                name={`${id}-plan`}
                value={plan.name}
                checked={checked}
                disabled={!plan.available}
                aria-labelledby={`${base}-name`}
                aria-describedby={described.join(' ')}
                aria-invalid={error && checked ? true : undefined}
                onChange={() => onChange(plan.name)}
              />
              <span className="plan-body">
                <span className="plan-title">
                  <span id={`${base}-name`} className="plan-name mono">
                    {plan.name}
                  </span>
                  {plan.name === state.defaultPlan ? <span className="plan-tag">{p.recommended}</span> : null}
                </span>
                {plan.description ? (
                  <span id={`${base}-desc`} className="plan-desc">
                    {plan.description}
                  </span>
                ) : null}
                <span id={`${base}-size`} className="plan-size" data-testid="plan-size">
                  {describeSize(plan)}
                </span>
                {plan.available ? null : (
                  <span id={`${base}-reason`} className="plan-reason" data-testid="plan-unavailable">
                    {p.unavailable}
                  </span>
                )}
              </span>
            </label>
          );
        })}
      </div>
      <FieldError id={errId} error={error} testId="plan-error" />
    </fieldset>
  );
}
