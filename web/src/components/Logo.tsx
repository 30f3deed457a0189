export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect x="1" y="1" width="30" height="30" rx="8" fill="var(--primary-bg)" />
      <path d="M8 15.5 16 9l8 6.5V24a1 1 0 0 1-1 1H9a1 1 0 0 1-1-1z" fill="none" stroke="var(--on-primary)" strokeWidth="2.2" strokeLinejoin="round" />
      <circle cx="16" cy="18" r="2.6" fill="var(--on-primary)" />
    </svg>
  );
}
