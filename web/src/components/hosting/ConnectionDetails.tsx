import { CopyField } from '@/components/CopyField';
import { statusText } from '@/components/StatusBadge';
import { t } from '@/i18n';
import type { Hosting } from '@/lib/api';
import { describeSize, hasApt } from '@/lib/plans';
import { formatLocal, keyFileName } from '@/lib/site';

/** The SSH and SFTP commands and the facts of a hosting, in every state that has a machine. */
export function ConnectionDetails({ hosting, site }: { hosting: Hosting; site: string }) {
  const d = t.dashboard;
  const size = describeSize(hosting);
  return (
    <section className="card" aria-labelledby="conn-title">
      <h2 id="conn-title" className="card-title">
        {d.details.heading}
      </h2>
      {hosting.status !== 'running' ? <p className="muted small">{d.progress.commandsSoon}</p> : null}
      <div className="copy-list">
        {hosting.ssh_command ? (
          <CopyField label={d.details.sshCommand} value={hosting.ssh_command} testId="ssh-command" />
        ) : null}
        {hosting.sftp_command ? (
          <CopyField label={d.details.sftpCommand} value={hosting.sftp_command} testId="sftp-command" />
        ) : null}
      </div>
      <dl className="facts">
        <div>
          <dt>{d.details.siteName}</dt>
          <dd data-testid="site-name">{site}</dd>
        </div>
        <div>
          <dt>{d.details.port}</dt>
          <dd data-testid="ssh-port">{hosting.ssh_port ?? '—'}</dd>
        </div>
        <div>
          <dt>{d.details.created}</dt>
          <dd data-testid="created-at">{formatLocal(hosting.created_at)}</dd>
        </div>
        <div>
          <dt>{d.details.status}</dt>
          <dd>{statusText(hosting.status)}</dd>
        </div>
        {hosting.plan ? (
          <div>
            <dt>{d.details.plan}</dt>
            <dd className="mono" data-testid="plan">
              {hosting.plan}
            </dd>
          </div>
        ) : null}
        {size ? (
          <div className="fact-wide">
            <dt>{d.details.machine}</dt>
            <dd data-testid="plan-machine">{size}</dd>
          </div>
        ) : null}
        {hosting.ready_at ? (
          <div>
            <dt>{d.details.ready}</dt>
            <dd>{formatLocal(hosting.ready_at)}</dd>
          </div>
        ) : null}
      </dl>
      {hasApt(hosting.plan) ? (
        <p className="muted small plan-note" data-testid="plan-note">
          {d.details.aptNote} <code className="inline-code">sudo apt-get update && sudo apt-get install</code>.
        </p>
      ) : null}
      <p className="muted small key-note">
        {d.details.keyNote} <code className="inline-code">-i ~/.ssh/{keyFileName(site)}</code>
      </p>
    </section>
  );
}
