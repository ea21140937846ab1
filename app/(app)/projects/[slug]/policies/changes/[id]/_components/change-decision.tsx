"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { ReasonDialog } from "@/components/promotions/reason-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { ApiError, fetchJson } from "@/lib/http/fetch-json";
import type { ApplyDto } from "@/lib/pipeline/schemas";

/** An admin's decision on a pending pipeline change: apply it as planned on this page, or reject it with a reason. */
export function ChangeDecision({ slug, id, planDigest }: { slug: string; id: string; planDigest: string | null }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const [secrets, setSecrets] = useState<[string, string][]>([]);
  const [comment, setComment] = useState("");
  useUnsavedChanges(comment.trim() !== "", "Leave without deciding? Your comment will be lost.");
  const base = `/api/v1/projects/${slug}/pipeline/changes/${id}`;

  async function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    setError(null);
    try {
      const result = await fetchJson<ApplyDto>(`${base}/approve`, {
        method: "POST",
        body: { ...(planDigest ? { planDigest } : {}), ...(comment.trim() ? { comment: comment.trim() } : {}) },
      });
      setComment("");
      toast.success("The pipeline change is applied");
      setSecrets(Object.entries(result.deployHookSecrets));
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
      if (caught instanceof ApiError && caught.status === 409) router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <form onSubmit={apply} className="space-y-3" noValidate>
        <Field label="Comment" hint="Optional; kept in the audit trail">
          <Textarea name="comment" rows={2} value={comment} onChange={(event) => setComment(event.target.value)} />
        </Field>
        {error ? (
          <p role="alert" className="text-sm text-rose-600">
            {error}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <Button type="submit" variant="danger" loading={pending} disabled={!planDigest}>
            Apply the change
          </Button>
          <Button variant="secondary" onClick={() => setRejecting(true)}>
            Reject…
          </Button>
        </div>
      </form>
      <ReasonDialog
        open={rejecting}
        onOpenChange={setRejecting}
        title="Reject this pipeline change"
        description="Nothing is applied. The reason is kept with the change and in the audit trail."
        label="Reason"
        field="reason"
        required
        confirmLabel="Reject"
        tone="danger"
        onConfirm={async (reason) => {
          await fetchJson(`${base}/reject`, { method: "POST", body: { reason } });
          toast.success("The pipeline change is rejected");
          router.refresh();
        }}
      />
      <SecretReveal
        title={`Deploy hook secret for ${secrets[0]?.[0] ?? ""}`}
        secret={secrets[0]?.[1] ?? null}
        description="The change made a new deploy hook. Give its deployer this signing secret."
        onClose={() => setSecrets((rest) => rest.slice(1))}
      />
    </>
  );
}
