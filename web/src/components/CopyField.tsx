'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { t } from '@/i18n';
import { copyText } from '@/lib/clipboard';

export function CopyButton({
  text,
  label,
  className = 'btn btn-secondary btn-sm',
  children,
  onFail,
}: {
  text: string;
  label: string;
  className?: string;
  children?: React.ReactNode;
  /** Called when copying failed, e.g. to select the text for a manual copy. */
  onFail?: () => void;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<ReturnType<typeof setTimeout>>();
  useEffect(() => () => clearTimeout(timer.current), []);
  return (
    <>
      <button
        type="button"
        className={className + (state === 'copied' ? ' is-copied' : '')}
        aria-label={label}
        onClick={async () => {
          const ok = await copyText(text);
          setState(ok ? 'copied' : 'failed');
          if (!ok) onFail?.();
          clearTimeout(timer.current);
          timer.current = setTimeout(() => setState('idle'), ok ? 2000 : 6000);
        }}
      >
        <span className="copy-btn-text" aria-hidden="true">
          <span className={state === 'idle' ? 'copy-state' : 'copy-state hidden'}>{children ?? t.common.copy}</span>
          <span className={state === 'copied' ? 'copy-state' : 'copy-state hidden'}>✓ {t.common.copied}</span>
          <span className={state === 'failed' ? 'copy-state' : 'copy-state hidden'}>{t.common.copyFailedShort}</span>
        </span>
      </button>
      <span className="visually-hidden" role="status" aria-live="polite">
        {state === 'copied' ? t.common.copied : state === 'failed' ? t.common.copyFailed : ''}
      </span>
    </>
  );
}

export function selectContents(el: HTMLElement | null) {
  if (!el) return;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLInputElement) {
    el.focus();
    el.select();
    return;
  }
  const sel = window.getSelection();
  const range = document.createRange();
  range.selectNodeContents(el);
  sel?.removeAllRanges();
  sel?.addRange(range);
}

export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const id = useId();
  const codeRef = useRef<HTMLElement>(null);
  return (
    <div className="copy-field">
      <div className="copy-label" id={id}>
        {label}
      </div>
      <div className="copy-row">
        <code className="copy-value" data-testid={testId} ref={codeRef}>
          {value}
        </code>
        <CopyButton text={value} label={t.common.copyLabel(label)} onFail={() => selectContents(codeRef.current)} />
      </div>
    </div>
  );
}
