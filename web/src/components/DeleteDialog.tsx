'use client';

import { useEffect, useId, useState, type FormEvent } from 'react';
import { Alert } from './Alert';
import { Dialog } from './Dialog';
import { t } from '@/i18n';
import { ApiError, deleteHost } from '@/lib/api';
import { errorMessage, type Message } from '@/lib/site';
import { Highlight } from './Highlight';

export function DeleteDialog({
  open,
  site,
  onClose,
  onDeleted,
}: {
  open: boolean;
  site: string;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const d = t.dashboard.delete;
  const id = useId();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Message | null>(null);

  useEffect(() => {
    if (open) {
      setTyped('');
      setError(null);
      setBusy(false);
    }
  }, [open]);

  const matches = typed.trim() === site && site !== '';

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!matches || busy) return;
    setBusy(true);
    setError(null);
    try {
      await deleteHost();
      onDeleted();
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.status === 401) return;
      setError(errorMessage(err));
    }
  }

  return (
    <Dialog
      open={open}
      labelledBy={`${id}-title`}
      describedBy={`${id}-body`}
      onCancel={() => {
        if (!busy) onClose();
      }}
    >
      <form className="dialog-body" onSubmit={onSubmit} data-testid="delete-dialog">
        <h2 id={`${id}-title`} className="dialog-title">
          {d.title}
        </h2>
        <p id={`${id}-body`} className="muted">
          {d.body}
        </p>
        {error ? (
          <Alert>
            <Highlight {...error} />
          </Alert>
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-input`} className="label">
            {d.typeToConfirm(site)
              .split(site)
              .flatMap((part, i, arr) =>
                i < arr.length - 1
                  ? [
                      part,
                      <code key={i} className="inline-code" data-testid="delete-site-name">
                        {site}
                      </code>,
                    ]
                  : [part],
              )}
          </label>
          <input
            id={`${id}-input`}
            className="input mono"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            aria-describedby={`${id}-status`}
            data-testid="delete-confirm-input"
            autoFocus
          />
          <p id={`${id}-status`} className="field-hint">
            {typed && !matches ? d.mismatch : '\u00a0'}
          </p>
        </div>
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={onClose} disabled={busy}>
            {t.common.cancel}
          </button>
          <button type="submit" className="btn btn-danger" disabled={!matches || busy} data-testid="delete-confirm">
            {busy ? <span className="spinner" aria-hidden="true" /> : null}
            {busy ? d.deleting : d.confirm}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
