import { en, type DeepPartial, type Dictionary } from './en';
import { ko } from './ko';

export type Locale = 'en' | 'ko';
export type { Dictionary };

const partials: Record<Locale, DeepPartial<Dictionary>> = { en: {}, ko };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function merge<T>(base: T, over: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(over)) return (over ?? base) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    out[k] = merge((base as Record<string, unknown>)[k], v);
  }
  return out as T;
}

export const locale: Locale = process.env.NEXT_PUBLIC_LOCALE === 'ko' ? 'ko' : 'en';

export function getDictionary(l: Locale = locale): Dictionary {
  return l === 'en' ? en : merge<Dictionary>(en, partials[l]);
}

/** The active dictionary. */
export const t: Dictionary = getDictionary();
