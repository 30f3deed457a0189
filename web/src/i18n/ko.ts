import type { DeepPartial, Dictionary } from './en';

/**
 * Korean (한국어) — stub.
 *
 * Same structure as en.ts. Fill in keys as they are translated; any key
 * left out falls back to English. Activate with NEXT_PUBLIC_LOCALE=ko.
 */
export const ko: DeepPartial<Dictionary> = {
  meta: {},
  common: {
    // brand: 'Nestbox',
    // signIn: '로그인',
    // signOut: '로그아웃',
  },
  landing: {},
  auth: {},
  validation: {},
  errors: {},
  notFound: {},
  dashboard: {
    empty: {},
    plans: {},
    key: {},
    status: {},
    progress: { steps: {} },
    running: {},
    failed: {},
    deleting: {},
    details: {},
    delete: {},
  },
};
