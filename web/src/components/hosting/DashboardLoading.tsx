import { t } from '@/i18n';

/** A skeleton of the site card while the sign-in check and the first GET /host run. */
export function DashboardLoading() {
  return (
    <div className="card skeleton-card" aria-busy="true">
      <span className="visually-hidden">{t.dashboard.loadingSite}</span>
      <div className="skeleton skeleton-title" />
      <div className="skeleton skeleton-line" />
      <div className="skeleton skeleton-line short" />
      <div className="skeleton skeleton-button" />
    </div>
  );
}
