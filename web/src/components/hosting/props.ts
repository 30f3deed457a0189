import type { RefObject } from 'react';
import type { Hosting } from '@/lib/api';

/** What every hosting state shows and does: the heading it focuses is headingRef's. */
export interface StateProps {
  hosting: Hosting;
  site: string;
  headingRef: RefObject<HTMLHeadingElement>;
  onDelete: () => void;
}

/** What the states that poll also show: a clock, when GET /host last answered, and whether the last poll failed. */
export interface PollProps {
  now: number;
  firstSeen: number;
  lastChecked: number;
  pollError: boolean;
}

/** Whole seconds since the last answer, never negative. */
export function secondsSinceCheck({ now, lastChecked }: PollProps): number {
  return Math.max(0, Math.round((now - lastChecked) / 1000));
}
