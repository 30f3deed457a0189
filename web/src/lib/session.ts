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

/** A notice lives for this long, so a page mounted twice in a row (two redirects racing) still shows it. */
const NOTICE_TTL_MS = 30_000;

export function setNotice(n: Notice): void {
  storage()?.setItem(NOTICE_KEY, `${n}|${Date.now()}`);
}

/** The pending notice, if any and recent; it stays until {@link clearNotice} or until it is stale. */
export function peekNotice(): Notice | null {
  const s = storage();
  const [n, at] = (s?.getItem(NOTICE_KEY) ?? '').split('|');
  if (!n) return null;
  if (!(Date.now() - Number(at) < NOTICE_TTL_MS)) {
    s?.removeItem(NOTICE_KEY);
    return null;
  }
  return n as Notice;
}

export function clearNotice(): void {
  storage()?.removeItem(NOTICE_KEY);
}
