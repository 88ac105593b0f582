import type { InputHTMLAttributes } from 'react';

/** A labelled input: the label is what a screen reader and a click on it both reach. */
export function Field({
  id,
  label,
  ...input
}: { id: string; label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} />
    </div>
  );
}

/** A refusal, next to the form that caused it, read out when it appears. */
export function ErrorNote({ text }: { text: string | null }) {
  return (
    <p className="error" role="alert">
      {text ?? ''}
    </p>
  );
}
