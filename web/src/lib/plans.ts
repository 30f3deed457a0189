import type { PlanList } from './api';
import { t } from '@/i18n';

/** "128 MiB", "1 GiB", "1.5 GiB": whole GiB from 1024 MiB up. */
export function formatMiB(mib: number): string {
  if (!Number.isFinite(mib) || mib < 0) return '—';
  if (mib < 1024) return `${Math.round(mib)} MiB`;
  const gib = mib / 1024;
  return `${Number.isInteger(gib) ? gib : gib.toFixed(1)} GiB`;
}

/** "512 MiB memory · 1 vCPU · 4 GiB disk"; a size the server did not give is left out. */
export function describeSize(size: { memory_mib?: number; vcpus?: number; disk_mib?: number }): string {
  const p = t.dashboard.plans;
  const parts: string[] = [];
  if (typeof size.memory_mib === 'number') parts.push(p.memory(formatMiB(size.memory_mib)));
  if (typeof size.vcpus === 'number') parts.push(p.vcpus(size.vcpus));
  if (typeof size.disk_mib === 'number') parts.push(p.disk(formatMiB(size.disk_mib)));
  return parts.join(' · ');
}

/**
 * The plan preselected in the form: the server's default when it can be made now, else the first that can, else
 * the default anyway (the server then says why it cannot).
 */
export function initialPlan(list: PlanList): string {
  const usable = list.plans.filter((p) => p.available);
  if (usable.some((p) => p.name === list.default)) return list.default;
  if (usable.length) return usable[0].name;
  return list.default;
}

/** Whether a plan gives a full Debian (or Ubuntu) machine, where the user may `sudo apt-get install`. */
export function hasApt(planName: string | undefined | null): boolean {
  return !!planName && /^(debian|ubuntu)(-|$)/.test(planName);
}

