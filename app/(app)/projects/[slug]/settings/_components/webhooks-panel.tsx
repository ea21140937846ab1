"use client";
import { Plus, Send, Webhook } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Loaded } from "@/components/query/loaded";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CheckboxCards } from "@/components/ui/checkbox-cards";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { ApiError } from "@/lib/http/fetch-json";
import { useCreateWebhook, useDeleteWebhook, usePingWebhook, useUpdateWebhook, useWebhooks } from "@/lib/webhooks/hooks";
import { eventDescriptions, WEBHOOK_EVENTS, type WebhookDto, type WebhookEvent } from "@/lib/webhooks/schemas";

type Draft = { name: string; url: string; format: "JSON" | "SLACK"; events: WebhookEvent[]; active: boolean };

function WebhookDialog({
  slug,
  editing,
  open,
  onOpenChange,
  onCreated,
}: {
  slug: string;
  editing: WebhookDto | null;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (secret: string) => void;
}) {
  const create = useCreateWebhook(slug);
  const update = useUpdateWebhook(slug);
  const initial: Draft = editing
    ? { name: editing.name, url: editing.url, format: editing.format, events: editing.events, active: editing.active }
    : {
        name: "",
        url: "",
        format: "JSON",
        events: ["promotion.awaiting_approval", "deployment.succeeded", "deployment.failed"],
        active: true,
      };
  const [draft, setDraft] = useState<Draft>(initial);
  const mutation = editing ? update : create;
  const error = mutation.error instanceof ApiError ? mutation.error : undefined;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const done = () => {
      onOpenChange(false);
      mutation.reset();
    };
    if (editing) update.mutate({ id: editing.id, ...draft }, { onSuccess: () => (toast.success(`${draft.name} is saved`), done()) });
    else create.mutate(draft, { onSuccess: (hook) => (done(), onCreated(hook.secret)) });
  }
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title={editing ? `Edit ${editing.name}` : "New webhook"}
      description="Shiproom POSTs each chosen event, signed, to this URL; failed deliveries are retried with backoff."
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <Field label="Name" error={error?.field("name")}>
          <Input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} autoFocus />
        </Field>
        <Field label="URL" error={error?.field("url")}>
          <Input
            type="url"
            placeholder="https://hooks.slack.com/services/…"
            value={draft.url}
            onChange={(e) => setDraft({ ...draft, url: e.target.value })}
          />
        </Field>
        <Field
          label="Format"
          hint="Slack: a message for an incoming webhook of Slack (or Mattermost, Rocket.Chat)"
          error={error?.field("format")}
        >
          <Select value={draft.format} onChange={(e) => setDraft({ ...draft, format: e.target.value as Draft["format"] })}>
            <option value="JSON">Plain JSON</option>
            <option value="SLACK">Slack-compatible message</option>
          </Select>
        </Field>
        <CheckboxCards
          legend="Events"
          options={WEBHOOK_EVENTS.map((e) => ({ value: e, label: eventDescriptions[e], hint: e }))}
          value={draft.events}
          onChange={(events) => setDraft({ ...draft, events })}
          error={error?.field("events")}
        />
        {editing ? (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4 accent-brand-600"
              checked={draft.active}
              onChange={(e) => setDraft({ ...draft, active: e.target.checked })}
            />
            Active
          </label>
        ) : null}
        <DialogActions onCancel={() => onOpenChange(false)} submitLabel={editing ? "Save" : "Add webhook"} pending={mutation.isPending} />
      </form>
    </Dialog>
  );
}

export function WebhooksPanel({ slug }: { slug: string }) {
  const hooks = useWebhooks(slug);
  const ping = usePingWebhook(slug);
  const remove = useDeleteWebhook(slug);
  const [dialog, setDialog] = useState<{ editing: WebhookDto | null } | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <Card>
      <CardHeader
        title="Webhooks"
        description="Tell chat and other systems when releases are made, promotions wait or are decided, deployments end and runs are signed off."
        actions={
          <Button size="sm" onClick={() => setDialog({ editing: null })}>
            <Plus className="size-3.5" aria-hidden /> New webhook
          </Button>
        }
      />
      <Loaded query={hooks}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState icon={<Webhook className="size-8" />} title="No webhooks yet">
              Deploy hooks are set per environment, in Policies.
            </EmptyState>
          ) : (
            <ul className="divide-y divide-slate-100">
              {list.map((hook) => (
                <li
                  key={hook.id}
                  className="flex flex-wrap items-start justify-between gap-3 px-5 py-3"
                  data-testid={`webhook-${hook.name}`}
                >
                  <div className="min-w-0">
                    <div className="flex items-center gap-2">
                      <span className="font-medium text-slate-900">{hook.name}</span>
                      <Badge tone={hook.format === "SLACK" ? "info" : "neutral"}>{hook.format === "SLACK" ? "Slack" : "JSON"}</Badge>
                      {hook.active ? null : <Badge tone="warning">off</Badge>}
                    </div>
                    <div className="truncate text-xs text-slate-500">{hook.url}</div>
                    <div className="mt-1 text-xs text-slate-500">
                      {hook.events.join(", ")} · last 7 days: {hook.recent.DELIVERED} delivered, {hook.recent.PENDING} pending,{" "}
                      <span className={hook.recent.FAILED ? "font-medium text-rose-600" : undefined}>{hook.recent.FAILED} failed</span>
                    </div>
                  </div>
                  <div className="flex gap-2">
                    <Button
                      variant="secondary"
                      size="sm"
                      loading={ping.isPending && ping.variables === hook.id}
                      onClick={() => ping.mutate(hook.id, { onSuccess: () => toast.success("A test event is on its way: see Deliveries") })}
                    >
                      <Send className="size-3.5" aria-hidden /> Test
                    </Button>
                    <Button variant="secondary" size="sm" onClick={() => setDialog({ editing: hook })}>
                      Edit
                    </Button>
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => {
                        if (window.confirm(`Delete ${hook.name} and its delivery log?`))
                          remove.mutate(hook.id, { onSuccess: () => toast.success(`${hook.name} is deleted`) });
                      }}
                    >
                      Delete
                    </Button>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
      {dialog ? (
        <WebhookDialog
          key={dialog.editing?.id ?? "new"}
          slug={slug}
          editing={dialog.editing}
          open
          onOpenChange={(open) => (open ? null : setDialog(null))}
          onCreated={setSecret}
        />
      ) : null}
      <SecretReveal
        title="The webhook's signing secret"
        description="The receiver checks the Shiproom-Signature header of every request with it."
        secret={secret}
        onClose={() => setSecret(null)}
      />
    </Card>
  );
}
