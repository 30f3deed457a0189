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

// Copies of the server's SiteName rules (domain/hosting/SiteName.java), kept equal to it by the domain's
// RuleCopiesTest: the length bounds, and the words that always get a suffix.
export const SITE_NAME_MIN = 3;
export const SITE_NAME_MAX = 32;

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
 * SITE_NAME_MIN to SITE_NAME_MAX characters). If that name is already taken the server adds a number (alice-2).
 * tests/unit/site-names.tsv pins it: `npm test` holds this function to the table, RuleCopiesTest holds SiteName to it.
 */
export function previewSiteName(username: string): string {
  let slug = trimHyphens(
    username
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-'),
  );
  if (slug.length > SITE_NAME_MAX) slug = trimHyphens(slug.slice(0, SITE_NAME_MAX));
  if (slug && slug.length < SITE_NAME_MIN) slug = `${slug}-site`;
  if (!slug) return 'site-1';
  if (RESERVED.has(slug)) return `${trimHyphens(slug.slice(0, SITE_NAME_MAX - 2))}-2`;
  return slug;
}

// The server's PublicKeyPolicy.ACCEPTED_TYPES (domain/sshkey/PublicKeyPolicy.java), kept equal to it by the
// domain's RuleCopiesTest. DSA (ssh-dss), security keys (sk-*) and certificates are refused there, so here too.
export const SSH_KEY_TYPES: readonly string[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'ssh-rsa',
];

const KEY_LINE = /^(\S+)\s+[A-Za-z0-9+/]+={0,3}(\s+\S.*)?$/;

export function validatePublicKey(raw: string): string | null {
  const v = raw.trim();
  if (!v) return null;
  if (/PRIVATE KEY/.test(v)) return t.validation.sshKeyPrivate;
  if (/[\r\n]/.test(v)) return t.validation.sshKeyInvalid;
  const line = KEY_LINE.exec(v);
  if (!line || !SSH_KEY_TYPES.includes(line[1])) return t.validation.sshKeyInvalid;
  return null;
}
