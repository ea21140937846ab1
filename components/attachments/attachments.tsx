"use client";
import { FileText, Paperclip, Trash2, Upload } from "lucide-react";
import { useEffect, useRef, useState, type ClipboardEvent as ReactClipboardEvent, type DragEvent } from "react";
import { toast } from "sonner";
import { TimeAgo } from "@/components/format/time";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import type { Role } from "@/lib/generated/prisma/enums";
import {
  uploadAttachment,
  useAttachments,
  useRefreshAttachments,
  useRemoveAttachment,
  type AttachmentTarget,
} from "@/lib/attachments/hooks";
import { formatBytes, MAX_ATTACHMENT_BYTES, TOO_LARGE } from "@/lib/attachments/limits";
import type { AttachmentDto } from "@/lib/attachments/schemas";

type Viewer = { id: string; roles: readonly Role[] };
type Uploading = { key: number; name: string; fraction: number };

/** The files of a clipboard paste: a screenshot arrives as an image file, named here when it has no useful name. */
function pastedFiles(data: DataTransfer | null): File[] {
  const files = Array.from(data?.files ?? []);
  return files.map((file) =>
    file.type.startsWith("image/") && (!file.name || file.name === "image.png")
      ? new File([file], `screenshot-${new Date().toISOString().replace(/[:.]/g, "-")}.${file.type.split("/")[1] ?? "png"}`, {
          type: file.type,
        })
      : file,
  );
}

/**
 * A result's or a test case's attachments: a drop zone that also takes a pasted screenshot and has
 * a button for the file picker, each upload's progress, the files (images as thumbnails that open
 * full size), and removal (who uploaded it, or an admin) after a confirmation.
 * `pasteAnywhere`: a screenshot pasted anywhere on the page (not into a text field) lands here.
 */
export function Attachments({
  target,
  viewer,
  label,
  pasteAnywhere = false,
  className,
}: {
  target: AttachmentTarget;
  viewer: Viewer;
  /** Who the files are of, for screen readers: "CHK-4". */
  label: string;
  pasteAnywhere?: boolean;
  className?: string;
}) {
  const list = useAttachments(target);
  const refresh = useRefreshAttachments(target);
  const remove = useRemoveAttachment(target);
  const input = useRef<HTMLInputElement>(null);
  const [uploading, setUploading] = useState<Uploading[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const [removing, setRemoving] = useState<AttachmentDto | null>(null);
  const counter = useRef(0);
  const errorId = `attachment-errors-${label}`;

  async function upload(files: File[]) {
    if (files.length === 0) return;
    setErrors([]);
    const problems: string[] = [];
    for (const file of files) {
      if (file.size > MAX_ATTACHMENT_BYTES) {
        problems.push(`${file.name}: ${TOO_LARGE}`);
        continue;
      }
      const key = ++counter.current;
      setUploading((now) => [...now, { key, name: file.name, fraction: 0 }]);
      try {
        await uploadAttachment(target, file, (fraction) => setUploading((now) => now.map((u) => (u.key === key ? { ...u, fraction } : u))));
      } catch (error) {
        problems.push(`${file.name}: ${(error as Error).message}`);
      } finally {
        setUploading((now) => now.filter((u) => u.key !== key));
      }
    }
    setErrors(problems);
    await refresh();
  }

  // A screenshot pasted anywhere but a text field (the execution page).
  const uploadRef = useRef(upload);
  useEffect(() => {
    uploadRef.current = upload;
  });
  useEffect(() => {
    if (!pasteAnywhere) return;
    const onPaste = (event: ClipboardEvent) => {
      const files = pastedFiles(event.clipboardData);
      if (files.length === 0) return;
      event.preventDefault();
      void uploadRef.current(files);
    };
    window.addEventListener("paste", onPaste);
    return () => window.removeEventListener("paste", onPaste);
  }, [pasteAnywhere]);

  function onPasteHere(event: ReactClipboardEvent<HTMLDivElement>) {
    if (pasteAnywhere) return; // the window's listener takes it
    const files = pastedFiles(event.clipboardData);
    if (files.length === 0) return;
    event.preventDefault();
    void upload(files);
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    void upload(Array.from(event.dataTransfer.files));
  }

  const items = list.data?.items ?? [];
  return (
    <section aria-label={`Attachments of ${label}`} className={cn("space-y-2", className)}>
      <h3 className="text-xs font-semibold tracking-wide text-slate-500 uppercase">Attachments</h3>
      <div
        role="group"
        aria-label={`Drop files or paste a screenshot for ${label}`}
        aria-describedby={errors.length ? errorId : undefined}
        tabIndex={0}
        onPaste={onPasteHere}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        className={cn(
          "flex flex-wrap items-center gap-2 rounded-lg border border-dashed px-3 py-2 text-sm text-slate-600 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:outline-none",
          dragging ? "border-sky-500 bg-sky-50" : "border-slate-300",
        )}
      >
        <Upload className="size-4 shrink-0 text-slate-400" aria-hidden />
        <span className="min-w-0 flex-1 basis-40">Drop files or paste a screenshot (up to 20 MB each)</span>
        <Button size="sm" variant="secondary" onClick={() => input.current?.click()}>
          <Paperclip className="size-3.5" aria-hidden /> Choose files
        </Button>
        <input
          ref={input}
          type="file"
          multiple
          className="sr-only"
          tabIndex={-1}
          aria-label={`Attach files to ${label}`}
          onChange={(event) => {
            const files = Array.from(event.target.files ?? []);
            event.target.value = "";
            void upload(files);
          }}
        />
      </div>
      {errors.length ? (
        <ul id={errorId} role="alert" className="space-y-0.5 text-sm text-rose-700">
          {errors.map((error, i) => (
            <li key={i}>{error}</li>
          ))}
        </ul>
      ) : null}
      {uploading.length ? (
        <ul aria-label="Uploading" className="space-y-1 text-xs text-slate-600">
          {uploading.map((u) => (
            <li key={u.key} className="flex items-center gap-2">
              <span className="min-w-0 truncate">{u.name}</span>
              <progress className="h-1.5 w-24 shrink-0" max={1} value={u.fraction} aria-label={`Uploading ${u.name}`} />
            </li>
          ))}
        </ul>
      ) : null}
      {list.isPending ? (
        <Skeleton className="h-10 w-full" />
      ) : list.isError ? (
        <p className="text-sm text-rose-700">The attachments could not be loaded: {list.error.message}</p>
      ) : items.length === 0 ? (
        <p className="text-xs text-slate-500">No files attached.</p>
      ) : (
        <ul aria-label={`Files of ${label}`} className="space-y-1.5">
          {items.map((file) => (
            <li key={file.id} className="flex items-center gap-2 text-sm">
              {file.inline ? (
                <a href={file.url} target="_blank" rel="noopener" className="shrink-0" title={`Open ${file.fileName} full size`}>
                  {/* eslint-disable-next-line @next/next/no-img-element -- an attachment served by the API, not a static asset */}
                  <img src={file.url} alt={file.fileName} className="size-12 rounded border border-slate-200 object-cover" />
                </a>
              ) : (
                <FileText className="size-5 shrink-0 text-slate-400" aria-hidden />
              )}
              <div className="min-w-0 flex-1">
                <a href={file.url} download={file.fileName} className="block truncate font-medium text-sky-700 underline">
                  {file.fileName}
                </a>
                <span className="text-xs text-slate-500">
                  {formatBytes(file.bytes)} · {file.uploadedBy} <TimeAgo iso={file.createdAt} />
                </span>
              </div>
              {viewer.roles.includes("ADMIN") || viewer.id === file.uploadedById ? (
                <button
                  type="button"
                  className="shrink-0 rounded p-1.5 text-slate-500 hover:bg-slate-100 hover:text-rose-700"
                  aria-label={`Remove ${file.fileName}`}
                  onClick={() => setRemoving(file)}
                >
                  <Trash2 className="size-4" aria-hidden />
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Dialog
        open={removing !== null}
        onOpenChange={(open) => !open && setRemoving(null)}
        title={`Remove ${removing?.fileName ?? "the file"}?`}
        description="Its bytes are deleted; the history keeps that it was attached and removed."
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!removing) return;
            remove.mutate(removing.id, {
              onSuccess: (removed) => {
                toast.success(`${removed.fileName} removed`);
                setRemoving(null);
              },
              onError: (error) => toast.error(`${removing.fileName}: ${error.message}`),
            });
          }}
        >
          <DialogActions onCancel={() => setRemoving(null)} submitLabel="Remove" pending={remove.isPending} variant="danger" />
        </form>
      </Dialog>
    </section>
  );
}

/** A result's attachments on the run page: behind a button, loaded when opened; focus goes back to the button when closed. */
export function FoldedAttachments({ runId, result, viewer }: { runId: string; result: { id: string; caseKey: string }; viewer: Viewer }) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const refocus = useRef(false);
  useEffect(() => {
    if (refocus.current && opener.current) {
      opener.current.focus();
      refocus.current = false;
    }
  });
  return (
    <div className="mt-1">
      <button
        ref={opener}
        type="button"
        aria-expanded={open}
        className="text-xs text-slate-600 underline hover:text-slate-900"
        onClick={() => {
          if (open) refocus.current = true;
          setOpen(!open);
        }}
      >
        {open ? "Hide attachments" : "Attachments"}
        <span className="sr-only"> of {result.caseKey}</span>
      </button>
      {open ? (
        <Attachments
          target={{ kind: "result", runId, resultId: result.id }}
          viewer={viewer}
          label={result.caseKey}
          className="mt-2 max-w-xl"
        />
      ) : null}
    </div>
  );
}
