'use client';

import { useEffect, useId, useState } from 'react';
import { Alert } from './Alert';
import { CopyButton, selectContents } from './CopyField';
import { Dialog } from './Dialog';
import { Highlight } from './Highlight';
import { t } from '@/i18n';

export function KeyDialog({
  open,
  privateKey,
  fileName,
  onDone,
}: {
  open: boolean;
  privateKey: string;
  fileName: string;
  onDone: () => void;
}) {
  const k = t.dashboard.key;
  const id = useId();
  const [confirmed, setConfirmed] = useState(false);

  useEffect(() => {
    if (!open) {
      setConfirmed(false);
      return;
    }
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = k.leaveWarning;
      return k.leaveWarning;
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [open, k.leaveWarning]);

  function download() {
    const text = privateKey.endsWith('\n') ? privateKey : privateKey + '\n';
    const blob = new Blob([text], { type: 'application/octet-stream' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  return (
    <Dialog open={open} labelledBy={`${id}-title`} describedBy={`${id}-warn`} className="key-dialog" initialFocus="[data-testid=download-key]">
      <div className="dialog-body" data-testid="key-dialog">
        <h2 id={`${id}-title`} className="dialog-title">
          {k.title}
        </h2>
        <div id={`${id}-warn`}>
          <Alert kind="warning" live={false}>
            {k.warning}
          </Alert>
        </div>
        <label htmlFor={`${id}-key`} className="label">
          {k.label}
        </label>
        <textarea
          id={`${id}-key`}
          className="input textarea mono key-text"
          readOnly
          rows={8}
          value={privateKey}
          spellCheck={false}
          data-testid="private-key"
          onFocus={(e) => e.currentTarget.select()}
        />
        <div className="actions actions-left">
          <button type="button" className="btn btn-primary" onClick={download} data-testid="download-key">
            <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
              <path d="M8 2v8m0 0L4.5 6.5M8 10l3.5-3.5M3 13h10" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
            {k.download}
          </button>
          <CopyButton
            text={privateKey}
            label={k.copy}
            className="btn btn-secondary"
            onFail={() => selectContents(document.getElementById(`${id}-key`))}
          >
            {k.copy}
          </CopyButton>
        </div>
        <p className="muted small">
          <Highlight text={k.howTo(fileName)} code={fileName} />
        </p>
        <pre className="cmd-line">chmod 600 ~/.ssh/{fileName}</pre>
        <label className="check">
          <input
            type="checkbox"
            checked={confirmed}
            onChange={(e) => setConfirmed(e.target.checked)}
            data-testid="key-confirm"
          />
          <span>{k.confirm}</span>
        </label>
        <div className="actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={!confirmed}
            onClick={onDone}
            data-testid="key-dismiss"
          >
            {k.dismiss}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
