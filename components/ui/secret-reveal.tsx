"use client";
import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";

/** Shows a secret the server will never show again, with a copy button. */
export function SecretReveal({
  title,
  secret,
  description,
  onClose,
}: {
  title: string;
  secret: string | null;
  description: string;
  onClose: () => void;
}) {
  const [copied, setCopied] = useState(false);
  return (
    <Dialog
      open={secret !== null}
      onOpenChange={(open) => {
        if (!open) {
          setCopied(false);
          onClose();
        }
      }}
      title={title}
      description={description}
    >
      <div className="space-y-4">
        <div className="flex items-center gap-2 rounded-md border border-amber-200 bg-amber-50 p-3">
          <code className="min-w-0 flex-1 font-mono text-sm break-all text-slate-900" data-testid="revealed-secret">
            {secret}
          </code>
          <Button
            variant="secondary"
            size="sm"
            onClick={() => {
              void navigator.clipboard?.writeText(secret ?? "").then(() => setCopied(true));
            }}
          >
            {copied ? <Check className="size-3.5" aria-hidden /> : <Copy className="size-3.5" aria-hidden />}
            {copied ? "Copied" : "Copy"}
          </Button>
        </div>
        <p className="text-xs text-amber-800">Copy it now: it is stored encrypted or hashed, and it will not be shown again.</p>
        <div className="flex justify-end">
          <Button
            onClick={() => {
              setCopied(false);
              onClose();
            }}
          >
            Done
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
