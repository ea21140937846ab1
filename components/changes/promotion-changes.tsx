"use client";
import { useState } from "react";
import { usePromotionChanges } from "@/lib/changes/hooks";
import { ChangesLoading, ChangesView } from "./changes-view";

/** "What changes": a disclosure on a promotion's card, read when first opened. */
export function PromotionChanges({ id }: { id: string }) {
  const [open, setOpen] = useState(false);
  const changes = usePromotionChanges(id, open);
  return (
    <details className="mt-3 rounded-md border border-slate-200" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary className="cursor-pointer px-2 py-1.5 text-sm font-medium text-slate-700">What changes</summary>
      <div className="border-t border-slate-200 px-2 py-2">
        {!open ? null : changes.isPending ? (
          <ChangesLoading />
        ) : changes.isError ? (
          <p role="alert" className="text-sm text-red-700">
            {changes.error.message}
          </p>
        ) : (
          <ChangesView changes={changes.data} />
        )}
      </div>
    </details>
  );
}
