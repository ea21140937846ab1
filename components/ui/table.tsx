import type { ReactNode } from "react";
import { cn } from "./cn";

export type Column = string | { label: ReactNode; className?: string };

/** The header row every table of the app uses: small, upper-case, with scoped column headers. */
export function TableHead({ columns, className = "px-5 py-2.5" }: { columns: Column[]; className?: string }) {
  return (
    <thead>
      <tr className="border-b border-slate-100 text-left text-xs font-medium tracking-wide text-slate-500 uppercase">
        {columns.map((column, index) => {
          const { label, className: own } = typeof column === "string" ? { label: column, className: undefined } : column;
          return (
            <th key={index} scope="col" className={cn(className, own)}>
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
