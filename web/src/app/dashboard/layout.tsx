import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { t } from '@/i18n';

export const metadata: Metadata = { title: t.dashboard.greeting };

export default function Layout({ children }: { children: ReactNode }) {
  return children;
}
