/** The auth token lives in sessionStorage on the panel origin only. */
export const TOKEN_KEY = 'nestbox.token';
/** One-shot notice shown on the sign-in page (e.g. after a 401). */
const NOTICE_KEY = 'nestbox.notice';

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.sessionStorage;
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return storage()?.getItem(TOKEN_KEY) || null;
}

export function setToken(token: string): void {
  storage()?.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  storage()?.removeItem(TOKEN_KEY);
}

export type Notice = 'expired' | 'signedOut' | 'registered';

export function setNotice(n: Notice): void {
  storage()?.setItem(NOTICE_KEY, n);
}

export function takeNotice(): Notice | null {
  const s = storage();
  const n = s?.getItem(NOTICE_KEY) as Notice | null;
  if (n) s?.removeItem(NOTICE_KEY);
  return n ?? null;
}
