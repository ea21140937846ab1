"use client";
import { FileCode2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { TimeAgo } from "@/components/format/time";
import { Button } from "@/components/ui/button";
import { fetchJson } from "@/lib/http/fetch-json";

/** Says the pipeline is managed as code, from which revision; an admin may hand it back to the app. */
export function ManagedBanner({
  slug,
  managed,
  canUnmanage,
}: {
  slug: string;
  managed: { revision: string; appliedAt: string; appliedBy: string };
  canUnmanage: boolean;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  return (
    <div
      role="status"
      className="mb-6 flex flex-wrap items-start gap-3 rounded-lg border border-sky-200 bg-sky-50 p-4 text-sm text-sky-900"
    >
      <FileCode2 className="mt-0.5 size-4 shrink-0" aria-hidden />
      <div className="min-w-0 flex-1">
        <p className="font-medium">Managed as code</p>
        <p className="mt-0.5 text-sky-800">
          This pipeline comes from shiproom.yaml, revision <code className="font-mono">{managed.revision}</code>, applied by{" "}
          {managed.appliedBy} <TimeAgo iso={managed.appliedAt} />. Change the file and run <code className="font-mono">shiproom apply</code>
          ; edits here are refused.
        </p>
      </div>
      {canUnmanage ? (
        <Button
          variant="secondary"
          size="sm"
          loading={pending}
          onClick={async () => {
            if (!window.confirm("Stop managing this pipeline as code? The file will no longer be the source of truth.")) return;
            setPending(true);
            try {
              await fetchJson(`/api/v1/projects/${slug}/pipeline/management`, { method: "DELETE" });
              toast.success("The pipeline is edited here again");
              router.refresh();
            } catch (error) {
              toast.error((error as Error).message);
            } finally {
              setPending(false);
            }
          }}
        >
          Stop managing as code
        </Button>
      ) : null}
    </div>
  );
}
