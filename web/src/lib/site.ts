import { ApiError } from './api';
import { t } from '@/i18n';

/** The site name is the last path segment of web_url (<sites URL>/<site>/). */
export function siteNameFromUrl(webUrl: string | undefined | null): string {
  if (!webUrl) return '';
  try {
    const u = new URL(webUrl, typeof window !== 'undefined' ? window.location.href : 'http://localhost');
    const parts = u.pathname.split('/').filter(Boolean);
    if (parts.length) return decodeURIComponent(parts[parts.length - 1]);
    return u.hostname.split('.')[0] || '';
  } catch {
    const parts = webUrl.split('/').filter(Boolean);
    return parts[parts.length - 1] || '';
  }
}

export function keyFileName(site: string): string {
  return `nestbox_${site || 'site'}_ed25519`;
}

export interface Message {
  text: string;
  /** A token inside text to show as code (e.g. the error reference). */
  code?: string;
}

/** Plain-words message for an error from the API client. */
export function describeError(e: unknown): string {
  return errorMessage(e).text;
}

/** Like describeError, keeping the error reference apart so it can be shown as code. */
export function errorMessage(e: unknown): Message {
  if (e instanceof ApiError) {
    const known = (t.errors as Record<string, unknown>)[e.code];
    let msg = typeof known === 'string' ? known : '';
    if (e.code === 'INVALID_INPUT' && e.message && e.message !== 'INVALID_INPUT') {
      // The server's message names the field: show it as given.
      const m = e.message.charAt(0).toUpperCase() + e.message.slice(1);
      msg = /[.!?]$/.test(m) ? m : `${m}.`;
    }
    if (!msg) msg = e.status >= 500 ? t.errors.INTERNAL_ERROR : t.errors.UNKNOWN;
    // Every error carries the request's id; only the server's own failures are worth quoting to support.
    if (e.errorId && e.status >= 500) return { text: msg + ' ' + t.errors.errorReference(e.errorId), code: e.errorId };
    return { text: msg };
  }
  return { text: t.errors.UNKNOWN };
}

export function formatLocal(iso: string | undefined | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  const r = s % 60;
  if (m >= 60) {
    const h = Math.floor(m / 60);
    return `${h}:${String(m % 60).padStart(2, '0')}:${String(r).padStart(2, '0')}`;
  }
  return `${m}:${String(r).padStart(2, '0')}`;
}
