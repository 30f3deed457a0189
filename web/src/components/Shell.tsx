'use client';

import Link from 'next/link';
import { useEffect, useRef, type ReactNode } from 'react';
import { t } from '@/i18n';
import { Logo } from './Logo';

// The first page of a visit starts at the top (skip link first); later client-side
// navigations move focus to the new page's content, like a full page load would for a reader.
let initialLoad = true;

export function Shell({
  children,
  nav,
  narrow = false,
}: {
  children: ReactNode;
  nav?: ReactNode;
  narrow?: boolean;
}) {
  const mainRef = useRef<HTMLElement>(null);
  // After a client-side navigation, start screen readers and keyboard users at the content.
  useEffect(() => {
    if (initialLoad) {
      initialLoad = false;
      return;
    }
    const a = document.activeElement;
    if (!a || a === document.body) mainRef.current?.focus({ preventScroll: true });
  }, []);
  return (
    <>
      <header className="site-header">
        <div className="container header-inner">
          <Link href="/" className="brand">
            <Logo />
            <span>{t.common.brand}</span>
          </Link>
          {nav ? <nav className="header-nav" aria-label={t.common.accountNav}>{nav}</nav> : null}
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} className={narrow ? 'container narrow main' : 'container main'}>
        {children}
      </main>
      <footer className="site-footer">
        <div className="container">{t.common.footer}</div>
      </footer>
    </>
  );
}
