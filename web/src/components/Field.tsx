'use client';

import { useId, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { t } from '@/i18n';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> & {
  label: string;
  hint?: ReactNode;
  error?: string | null;
  extra?: ReactNode;
  revealable?: boolean;
  inputRef?: React.Ref<HTMLInputElement>;
};

export function Field({ label, hint, error, extra, revealable, inputRef, type, ...rest }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const [shown, setShown] = useState(false);
  const describedBy = [error ? errId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const input = (
    <input
      id={id}
      ref={inputRef}
      type={revealable ? (shown ? 'text' : 'password') : type}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy}
      className="input"
      {...rest}
    />
  );
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {revealable ? (
        <div className="input-group">
          {input}
          <button
            type="button"
            className="input-addon"
            aria-controls={id}
            onClick={() => setShown((s) => !s)}
          >
            {shown ? t.common.hidePassword : t.common.showPassword}
            <span className="visually-hidden"> {t.common.passwordWord}</span>
          </button>
        </div>
      ) : (
        input
      )}
      <FieldError id={errId} error={error} />
      {hint ? (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      ) : null}
      {extra}
    </div>
  );
}

/** A field's error line: always rendered (aria-describedby points at it), announced when it holds an error. */
export function FieldError({ id, error, testId }: { id: string; error?: string | null; testId?: string }) {
  return (
    <p id={id} className="field-error" role={error ? 'alert' : undefined} data-testid={testId}>
      {error ? (
        <>
          <ErrorIcon />
          <span>{error}</span>
        </>
      ) : null}
    </p>
  );
}

export function ErrorIcon() {
  return (
    <svg className="icon" width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="7" fill="currentColor" />
      <path d="M8 4.2v4.6" stroke="var(--surface)" strokeWidth="1.8" strokeLinecap="round" />
      <circle cx="8" cy="11.3" r="1.05" fill="var(--surface)" />
    </svg>
  );
}
