/** Small shared pieces: labelled fields, status lines, loading, money and dates in the chosen language. */
import type { ComponentChildren, InputHTMLAttributes, LooseInputHTMLAttributes, SelectHTMLAttributes } from 'preact';
import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { ApiError } from './api';
import { useI18n } from './i18n';

// Preact types <input> per `type`; a field takes any and passes it through.
type InputProps = LooseInputHTMLAttributes<HTMLInputElement> & { label: string; hint?: string | undefined };

/** An input with its label (and an optional hint read with it). */
export function Field({ label, hint, ...input }: InputProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input id={id} aria-describedby={hint ? `${id}-hint` : undefined} {...(input as InputHTMLAttributes)} />
      {hint ? (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

type SelectProps = SelectHTMLAttributes<HTMLSelectElement> & { label: string; options: Array<{ value: string; label: string }> };

export function Select({ label, options, ...select }: SelectProps) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} {...select}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function Checkbox({ label, ...input }: InputProps) {
  const id = useId();
  return (
    <div class="check">
      <input id={id} {...({ ...input, type: 'checkbox' } as InputHTMLAttributes)} />
      <label for={id}>{label}</label>
    </div>
  );
}

/** A result line announced to screen readers; errors as alerts. */
export function Status({ error, message }: { error?: unknown; message?: string | undefined }) {
  if (error) {
    return (
      <p class="status error" role="alert">
        {error instanceof ApiError || error instanceof Error ? error.message : String(error)}
      </p>
    );
  }
  return (
    <p class="status" role="status" aria-live="polite">
      {message ?? ''}
    </p>
  );
}

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  reload: () => void;
}

/** Runs `load` now and whenever `deps` change or `reload` is called. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setError(undefined);
    load().then(
      (value) => current && setData(value),
      (failure: unknown) => current && setError(failure),
    );
    return () => {
      current = false;
    };
  }, [...deps, round]);
  return { data, error, reload: useCallback(() => setRound((n) => n + 1), []) };
}

export function Loading({ loaded, children }: { loaded: Loaded<unknown>; children: () => ComponentChildren }) {
  const { t } = useI18n();
  if (loaded.error) return <Status error={loaded.error} />;
  if (loaded.data === undefined) return <p aria-busy="true">{t('loading')}</p>;
  return <>{children()}</>;
}

/** Runs a form's action with its fields; reports the outcome in a status line. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string>();
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    setMessage(undefined);
    try {
      const result = await action();
      setMessage(typeof result === 'string' ? result : undefined);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, message, run, status: <Status error={error} message={message} /> };
}

/** A form's fields as strings (unchecked boxes are absent). */
export function formFields(event: Event): Record<string, string> {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const fields: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') fields[name] = value;
  return fields;
}

export function useFormat() {
  const { lang } = useI18n();
  const locale = lang === 'es' ? 'es-MX' : 'en-US';
  return {
    money: (amount: number | string, currency: string) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency }).format(Number(amount)),
    dateTime: (iso: string | null | undefined) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso)) : '—',
    number: (n: number) => new Intl.NumberFormat(locale).format(n),
  };
}

/** Money per currency, as the dashboards give it ({"MXN": "150.00"}). */
export function Amounts({ byCurrency }: { byCurrency: Record<string, string | number> | undefined }) {
  const format = useFormat();
  const entries = Object.entries(byCurrency ?? {});
  if (entries.length === 0) return <>{format.money(0, 'MXN')}</>;
  return <>{entries.map(([currency, amount]) => format.money(amount, currency)).join(' · ')}</>;
}

export function Section({ title, children }: { title: string; children: ComponentChildren }) {
  const id = useId();
  return (
    <section aria-labelledby={id} class="card">
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A form's submit button (disabled while its action runs, say) and any other buttons beside it. */
export function FormActions({ disabled, label, children }: { disabled: boolean; label: string; children?: ComponentChildren }) {
  return (
    <div class="actions">
      <button type="submit" disabled={disabled}>
        {label}
      </button>
      {children}
    </div>
  );
}

/**
 * A question asked before an action that cannot be undone, in a modal <dialog> (unlike
 * window.confirm: translated, styled, and its buttons named for what they do). Closing it any way
 * (cancel, Escape) calls `onClose`; the confirming button calls `onConfirm` first.
 */
export function ConfirmDialog({
  question,
  confirmLabel,
  onConfirm,
  onClose,
}: {
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  return (
    <dialog ref={dialog} class="card" aria-label={question} onClose={onClose}>
      <p>{question}</p>
      <form method="dialog" class="actions">
        <button type="submit" class="secondary">
          {t('cancel')}
        </button>
        <button type="submit" onClick={onConfirm}>
          {confirmLabel}
        </button>
      </form>
    </dialog>
  );
}
