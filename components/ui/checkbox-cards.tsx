"use client";
import { Fieldset } from "./field";

export type CheckboxOption<T extends string> = { value: T; label: string; hint?: string };

/** A group of checkboxes shown as cards (roles, token scopes, webhook events). */
export function CheckboxCards<T extends string>({
  legend,
  options,
  value,
  onChange,
  error,
  columns = 2,
}: {
  legend: string;
  options: CheckboxOption<T>[];
  value: T[];
  onChange: (value: T[]) => void;
  error?: string;
  columns?: 1 | 2;
}) {
  return (
    <Fieldset legend={legend} error={error}>
      <div className={columns === 2 ? "grid gap-2 sm:grid-cols-2" : "grid gap-2"}>
        {options.map((option) => (
          <label
            key={option.value}
            className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-200 p-2.5 hover:bg-slate-50 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
          >
            <input
              type="checkbox"
              className="mt-0.5 size-4 accent-brand-600"
              checked={value.includes(option.value)}
              onChange={(event) => onChange(event.target.checked ? [...value, option.value] : value.filter((v) => v !== option.value))}
            />
            <span>
              <span className="block text-sm font-medium text-slate-800">{option.label}</span>
              {option.hint ? <span className="block text-xs text-slate-500">{option.hint}</span> : null}
            </span>
          </label>
        ))}
      </div>
    </Fieldset>
  );
}
