import { Alert } from '@/components/Alert';
import { Highlight } from '@/components/Highlight';
import { t } from '@/i18n';
import type { Message } from '@/lib/site';

/** The first GET /host failed: why, and a way to try again. */
export function LoadFailed({ error, onRetry }: { error: Message | null; onRetry: () => void }) {
  return (
    <div className="card">
      <Alert>
        <strong>{t.dashboard.loadFailed}</strong> {error ? <Highlight {...error} /> : null}
      </Alert>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={onRetry}>
          {t.common.tryAgain}
        </button>
      </div>
    </div>
  );
}
