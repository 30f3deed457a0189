'use client';

import { useEffect, useRef, type ReactNode } from 'react';

/**
 * Native <dialog> shown modally: the browser traps focus, makes the rest of
 * the page inert and restores focus on close.
 */
export function Dialog({
  open,
  onCancel,
  labelledBy,
  describedBy,
  children,
  className = '',
  initialFocus,
}: {
  open: boolean;
  /** Escape key. Return without closing to keep the dialog open. */
  onCancel?: () => void;
  labelledBy: string;
  describedBy?: string;
  children: ReactNode;
  className?: string;
  /** CSS selector of the element to focus when the dialog opens (default: first focusable). */
  initialFocus?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const restore = useRef<HTMLElement | null>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      restore.current = document.activeElement as HTMLElement | null;
      d.showModal();
      document.documentElement.classList.add('modal-open');
      if (initialFocus) d.querySelector<HTMLElement>(initialFocus)?.focus();
    } else if (!open && d.open) {
      d.close();
    }
    if (!open) {
      document.documentElement.classList.remove('modal-open');
      const r = restore.current;
      restore.current = null;
      if (r && document.contains(r)) r.focus();
    }
  }, [open, initialFocus]);

  useEffect(() => () => document.documentElement.classList.remove('modal-open'), []);

  return (
    <dialog
      ref={ref}
      className={`dialog ${className}`}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onCancel={(e) => {
        e.preventDefault();
        onCancel?.();
      }}
    >
      {open ? children : null}
    </dialog>
  );
}
