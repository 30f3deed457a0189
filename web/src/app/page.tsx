'use client';

import Link from 'next/link';
import { useEffect } from 'react';
import { useRouter } from 'next/navigation';
import { Shell } from '@/components/Shell';
import { t } from '@/i18n';
import { getToken, TOKEN_KEY } from '@/lib/session';

// Runs before React hydrates so a signed-in visitor never sees the landing page flash.
const redirectScript = `try{if(sessionStorage.getItem(${JSON.stringify(TOKEN_KEY)}))location.replace('dashboard/')}catch(e){}`;

export default function LandingPage() {
  const router = useRouter();
  useEffect(() => {
    if (getToken()) router.replace('/dashboard/');
  }, [router]);

  return (
    <Shell
      nav={
        <>
          <Link className="btn btn-ghost btn-sm" href="/signin/">
            {t.common.signIn}
          </Link>
          <Link className="btn btn-primary btn-sm hide-sm" href="/signup/">
            {t.common.signUp}
          </Link>
        </>
      }
    >
      <script dangerouslySetInnerHTML={{ __html: redirectScript }} />
      <section className="hero" aria-labelledby="hero-title">
        <p className="eyebrow">{t.landing.eyebrow}</p>
        <h1 id="hero-title" className="hero-title">
          {t.landing.heading}
        </h1>
        <p className="hero-lead">{t.landing.lead}</p>
        <div className="hero-actions">
          <Link className="btn btn-primary btn-lg" href="/signup/">
            {t.landing.ctaPrimary}
          </Link>
          <Link className="btn btn-secondary btn-lg" href="/signin/">
            {t.landing.ctaSecondary}
          </Link>
        </div>
        <div className="hero-visual" aria-hidden="true">
          <div className="term">
            <div className="term-bar">
              <span />
              <span />
              <span />
            </div>
            <pre className="term-body">
              <span className="term-prompt">$</span> {t.landing.terminal.command}
              {'\n'}
              <span className="term-dim">{t.landing.terminal.connected}</span>
              {'\n'}
              <span className="term-prompt">sftp&gt;</span> {t.landing.terminal.put}
              {'\n'}
              <span className="term-dim">{t.landing.terminal.uploading}</span>
              {'\n'}
              <span className="term-ok">{t.landing.terminal.live}</span>
            </pre>
          </div>
        </div>
      </section>
      <section className="features" aria-label={t.landing.featuresLabel}>
        {t.landing.features.map((f) => (
          <div className="feature" key={f.title}>
            <h2 className="feature-title">{f.title}</h2>
            <p>{f.body}</p>
          </div>
        ))}
      </section>
    </Shell>
  );
}
