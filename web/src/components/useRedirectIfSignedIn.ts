'use client';

import { useEffect } from 'react';
import { useRouter } from 'next/navigation';
import { getToken } from '@/lib/session';

export function useRedirectIfSignedIn() {
  const router = useRouter();
  useEffect(() => {
    if (getToken()) router.replace('/dashboard/');
  }, [router]);
}
