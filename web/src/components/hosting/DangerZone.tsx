import { t } from '@/i18n';

/** The card that opens the delete dialog, under a provisioning or running site. */
export function DangerZone({ onDelete }: { onDelete: () => void }) {
  const d = t.dashboard.delete;
  return (
    <section className="card danger-zone" aria-labelledby="danger-title">
      <div>
        <h2 id="danger-title" className="card-title">
          {d.dangerHeading}
        </h2>
        <p className="muted small">{d.dangerLead}</p>
      </div>
      <button type="button" className="btn btn-danger-outline" onClick={onDelete} data-testid="delete-open">
        {d.open}
      </button>
    </section>
  );
}
