import type { Message } from '@/lib/site';

/** Renders text with every occurrence of `code` shown as inline code. */
export function Highlight({ text, code }: Message) {
  if (!code || !text.includes(code)) return <>{text}</>;
  const parts = text.split(code);
  return (
    <>
      {parts.map((part, i) => (
        <span key={i}>
          {part}
          {i < parts.length - 1 ? <code className="inline-code nowrap">{code}</code> : null}
        </span>
      ))}
    </>
  );
}
