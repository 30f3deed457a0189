import Link from 'next/link';
import { Shell } from '@/components/Shell';
import { t } from '@/i18n';

export default function NotFound() {
  return (
    <Shell narrow>
      <div className="card not-found">
        <p className="eyebrow">404</p>
        <h1 className="auth-title">{t.notFound.title}</h1>
        <p className="muted auth-lead">{t.notFound.body}</p>
        <Link className="btn btn-primary" href="/">
          {t.notFound.home}
        </Link>
      </div>
    </Shell>
  );
}
