import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { locale, t } from '@/i18n';
import './globals.css';

export const metadata: Metadata = {
  title: { default: t.meta.title, template: `%s · ${t.meta.title}` },
  description: t.meta.description,
  icons: { icon: '/favicon.svg' },
  robots: { index: false, follow: false },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f6f7f9' },
    { media: '(prefers-color-scheme: dark)', color: '#0f1115' },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang={locale}>
      <body>
        <a className="skip-link" href="#main">
          {t.common.skipToContent}
        </a>
        {children}
      </body>
    </html>
  );
}
