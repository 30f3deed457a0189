import { t } from '@/i18n';

export const EMAIL_MAX = 255;
export const USERNAME_MAX = 100;
export const PASSWORD_MIN_BYTES = 8;
export const PASSWORD_MAX_BYTES = 72;

const encoder = typeof TextEncoder !== 'undefined' ? new TextEncoder() : null;

export function utf8Bytes(s: string): number {
  if (encoder) return encoder.encode(s).length;
  return unescape(encodeURIComponent(s)).length;
}

// Same shape as the server's check (domain/user/Email.java), applied to the trimmed, lower-cased input.
const EMAIL_RE =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

export function validateEmail(raw: string): string | null {
  const v = raw.trim().toLowerCase();
  if (!v) return t.validation.emailRequired;
  if (v.length > EMAIL_MAX) return t.validation.emailTooLong;
  if (!EMAIL_RE.test(v)) return t.validation.emailInvalid;
  return null;
}

// Control, format (zero-width…), line/paragraph separators, lone surrogates, unassigned: as the server refuses.
const CONTROL_RE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Cn}]/u;

/** The server strips leading and trailing white space from usernames. */
export function validateUsername(raw: string): string | null {
  const v = raw.trim();
  if (!v) return t.validation.usernameRequired;
  if (CONTROL_RE.test(v)) return t.validation.usernameControl;
  if ([...v].length > USERNAME_MAX) return t.validation.usernameTooLong;
  return null;
}

export function validatePassword(v: string, forSignUp: boolean): string | null {
  if (!v) return t.validation.passwordRequired;
  if (!forSignUp) return null;
  const n = utf8Bytes(v);
  if (n < PASSWORD_MIN_BYTES) return t.validation.passwordTooShort;
  if (n > PASSWORD_MAX_BYTES) return t.validation.passwordTooLong;
  return null;
}

// Mirrors the server's SiteName rules (domain/hosting/SiteName.java): these words always get a suffix.
const RESERVED = new Set(
  (
    'register login logout host hosts api admin administrator health healthcheck metrics static assets app ' +
    'dashboard signin signup signout www _next next root nestbox panel status system support help docs mail ftp ' +
    'ssh sftp web default null undefined localhost favicon-ico robots-txt well-known index account accounts user ' +
    'users auth oauth ping tasks errors error test nginx site sites new'
  ).split(' '),
);

function trimHyphens(s: string): string {
  return s.replace(/^-+|-+$/g, '');
}

/**
 * Preview of the site name the server derives from a username (lower-case a-z, 0-9 and '-',
 * 3 to 32 characters). If that name is already taken the server adds a number (alice-2).
 */
export function previewSiteName(username: string): string {
  let slug = trimHyphens(
    username
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-'),
  );
  if (slug.length > 32) slug = trimHyphens(slug.slice(0, 32));
  if (slug && slug.length < 3) slug = `${slug}-site`;
  if (!slug) return 'site-1';
  if (RESERVED.has(slug)) return `${trimHyphens(slug.slice(0, 30))}-2`;
  return slug;
}

const KEY_TYPES =
  /^(ssh-ed25519|ssh-rsa|ssh-dss|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)\s+[A-Za-z0-9+/]+={0,3}(\s+\S.*)?$/;

export function validatePublicKey(raw: string): string | null {
  const v = raw.trim();
  if (!v) return null;
  if (/PRIVATE KEY/.test(v)) return t.validation.sshKeyPrivate;
  if (/[\r\n]/.test(v) || !KEY_TYPES.test(v)) return t.validation.sshKeyInvalid;
  return null;
}
