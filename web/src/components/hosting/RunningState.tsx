import { t } from '@/i18n';
import { ConnectionDetails } from './ConnectionDetails';
import { DangerZone } from './DangerZone';
import type { StateProps } from './props';

export function RunningState({ hosting, site, headingRef, onDelete }: StateProps) {
  const d = t.dashboard;
  return (
    <div className="stack" data-testid="state-running">
      <section className="card hero-card" aria-labelledby="state-title">
        <h2 id="state-title" className="card-title lg" tabIndex={-1} ref={headingRef}>
          {d.running.heading}
        </h2>
        <p className="muted">{d.running.lead}</p>
        <div className="site-url-box">
          <span className="copy-label">{d.running.siteUrl}</span>
          <div className="site-url-row">
            <a
              className="site-url"
              href={hosting.web_url}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="site-url"
            >
              {hosting.web_url}
              <span className="visually-hidden"> {t.common.opensInNewTab}</span>
              <svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true" focusable="false">
                <path d="M5 2h7v7M12 2 5.5 8.5M10 9.5V12H2V4h2.5" fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" strokeLinejoin="round" />
              </svg>
            </a>
          </div>
        </div>
      </section>
      <ConnectionDetails hosting={hosting} site={site} />
      <DangerZone onDelete={onDelete} />
    </div>
  );
}
