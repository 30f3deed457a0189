'use client';

import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type RefObject } from 'react';
import { Alert } from './Alert';
import { ErrorIcon } from './Field';
import { t } from '@/i18n';
import { ApiError, createHost, getPlans, type CreatedHosting } from '@/lib/api';
import { initialPlan } from '@/lib/plans';
import { errorMessage, type Message } from '@/lib/site';
import { Highlight } from './Highlight';
import { PlanChooser, type PlansState } from './PlanChooser';
import { validatePublicKey } from '@/lib/validation';

export function CreateSite({
  onCreated,
  onExists,
  headingRef,
}: {
  onCreated: (c: CreatedHosting) => void;
  onExists: () => void;
  headingRef: RefObject<HTMLHeadingElement>;
}) {
  const d = t.dashboard.empty;
  const id = useId();
  const [key, setKey] = useState('');
  const [keyError, setKeyError] = useState<string | null>(null);
  const [formError, setFormError] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);
  const keyRef = useRef<HTMLTextAreaElement>(null);
  const [plans, setPlans] = useState<PlansState>({ kind: 'loading' });
  const [plan, setPlan] = useState<string | null>(null);
  const [planError, setPlanError] = useState<string | null>(null);
  const planRef = useRef<HTMLFieldSetElement>(null);

  // GET /plans; the default (or, when it cannot be made now, the first plan that can) is preselected and a choice
  // the user made stays as long as it can be made. Without the list the form still works: no plan is sent.
  const loadPlans = useCallback(async (signal?: AbortSignal) => {
    try {
      const list = await getPlans(signal);
      setPlans({ kind: 'ready', plans: list.plans, defaultPlan: list.default });
      setPlan((chosen) =>
        chosen && list.plans.some((p) => p.name === chosen && p.available) ? chosen : initialPlan(list),
      );
    } catch (e) {
      if ((e as Error)?.name === 'AbortError') return;
      setPlans((was) => (was.kind === 'ready' ? was : { kind: 'failed' }));
    }
  }, []);
  useEffect(() => {
    const ctrl = new AbortController();
    void loadPlans(ctrl.signal);
    return () => ctrl.abort();
  }, [loadPlans]);

  function focusPlan() {
    const field = planRef.current;
    const target = field?.querySelector<HTMLInputElement>('input:checked:not(:disabled)')
      ?? field?.querySelector<HTMLInputElement>('input:not(:disabled)');
    target?.focus();
  }

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setFormError(null);
    setPlanError(null);
    const trimmed = key.trim().replace(/\s+/g, ' ');
    const err = validatePublicKey(trimmed);
    setKeyError(err);
    if (err) {
      setOpen(true);
      keyRef.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const chosen = plans.kind === 'ready' && plan ? plan : undefined;
      const created = await createHost(trimmed || undefined, chosen);
      onCreated(created);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError && e.code === 'HOSTING_EXISTS') {
        onExists();
        return;
      }
      if (e instanceof ApiError && e.status === 401) return;
      const m = errorMessage(e);
      const aboutPlan =
        e instanceof ApiError && (e.field === 'plan' || e.code === 'PLAN_UNAVAILABLE') && plans.kind === 'ready';
      if (aboutPlan) {
        setPlanError(m.text);
        // The list may have changed (a plan removed or no longer available here): show it as it is now.
        void loadPlans();
        setTimeout(focusPlan, 0);
      } else if (e instanceof ApiError && e.code === 'INVALID_INPUT' && trimmed) {
        setKeyError(m.text);
        setOpen(true);
        keyRef.current?.focus();
      } else {
        setFormError(m);
      }
    }
  }

  return (
    <section className="card create-card" aria-labelledby={`${id}-title`} data-testid="state-empty">
      <div className="create-illustration" aria-hidden="true">
        <svg width="56" height="56" viewBox="0 0 56 56" focusable="false">
          <rect x="4" y="10" width="48" height="36" rx="8" fill="var(--primary-soft)" />
          <rect x="11" y="18" width="34" height="6" rx="3" fill="var(--primary-bg)" opacity=".85" />
          <rect x="11" y="30" width="22" height="4" rx="2" fill="var(--primary-bg)" opacity=".4" />
          <circle cx="42" cy="32" r="3" fill="var(--success)" />
        </svg>
      </div>
      <h2 id={`${id}-title`} className="card-title lg" tabIndex={-1} ref={headingRef}>
        {d.heading}
      </h2>
      <p className="muted create-lead">{d.lead}</p>
      <div className="form-alert-slot">{formError ? (
          <Alert>
            <Highlight {...formError} />
          </Alert>
        ) : null}</div>
      <form onSubmit={onSubmit} noValidate aria-busy={busy}>
        <PlanChooser
          id={id}
          state={plans}
          value={plan}
          onChange={(p) => {
            setPlan(p);
            setPlanError(null);
          }}
          error={planError}
          fieldsetRef={planRef}
        />
        <details className="disclosure" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
          <summary>{d.keyToggle}</summary>
          <div className={keyError ? 'field has-error' : 'field'}>
            <label htmlFor={`${id}-key`} className="label">
              {d.keyLabel}
            </label>
            <textarea
              id={`${id}-key`}
              ref={keyRef}
              className="input textarea mono"
              rows={3}
              spellCheck={false}
              autoCapitalize="none"
              autoCorrect="off"
              placeholder={d.keyPlaceholder}
              value={key}
              aria-invalid={keyError ? true : undefined}
              aria-describedby={`${id}-key-err ${id}-key-hint`}
              data-testid="ssh-key-input"
              onChange={(e) => {
                setKey(e.target.value);
                setKeyError(null);
              }}
            />
            <p id={`${id}-key-err`} className="field-error" role={keyError ? 'alert' : undefined}>
              {keyError ? (
                <>
                  <ErrorIcon />
                  <span>{keyError}</span>
                </>
              ) : null}
            </p>
            <p id={`${id}-key-hint`} className="field-hint">
              {d.keyHint}
            </p>
          </div>
        </details>
        <button type="submit" className="btn btn-primary btn-lg create-btn" disabled={busy} data-testid="create-site">
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {busy ? d.creating : d.action}
        </button>
      </form>
    </section>
  );
}
