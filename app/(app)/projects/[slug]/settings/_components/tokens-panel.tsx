"use client";
import { KeyRound, Plus } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { TimeAgo } from "@/components/format/time";
import { Loaded } from "@/components/query/loaded";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { CheckboxCards } from "@/components/ui/checkbox-cards";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { TableHead } from "@/components/ui/table";
import { scopeDescriptions, TOKEN_SCOPES, type TokenScope } from "@/lib/auth/scopes";
import { ApiError } from "@/lib/http/fetch-json";
import { useCreateToken, useRevokeToken, useTokens } from "@/lib/tokens/hooks";

function NewTokenDialog({
  slug,
  open,
  onOpenChange,
  onCreated,
}: {
  slug: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onCreated: (secret: string) => void;
}) {
  const create = useCreateToken(slug);
  const [scopes, setScopes] = useState<TokenScope[]>(["read", "releases:write", "results:write"]);
  const error = create.error instanceof ApiError ? create.error : undefined;
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const days = String(form.get("expiresInDays") ?? "");
    create.mutate(
      { name: String(form.get("name") ?? ""), scopes, expiresInDays: days ? Number(days) : null },
      {
        onSuccess: (token) => {
          onOpenChange(false);
          create.reset();
          onCreated(token.secret);
        },
      },
    );
  }
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="New API token"
      description="For one pipeline of this project, with only the scopes it needs."
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <Field label="Name" hint="Where it is used, e.g. GitHub Actions: deploy" error={error?.field("name")}>
          <Input name="name" autoFocus required />
        </Field>
        <CheckboxCards
          legend="Scopes"
          columns={1}
          options={TOKEN_SCOPES.map((scope) => ({ value: scope, label: scope, hint: scopeDescriptions[scope] }))}
          value={scopes}
          onChange={setScopes}
          error={error?.field("scopes")}
        />
        <Field label="Expires after (days)" hint="Empty: until revoked" error={error?.field("expiresInDays")}>
          <Input name="expiresInDays" type="number" min={1} max={3650} />
        </Field>
        <DialogActions onCancel={() => onOpenChange(false)} submitLabel="Make token" pending={create.isPending} />
      </form>
    </Dialog>
  );
}

export function TokensPanel({ slug }: { slug: string }) {
  const tokens = useTokens(slug);
  const revoke = useRevokeToken(slug);
  const [open, setOpen] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  return (
    <Card>
      <CardHeader
        title="API tokens"
        description="Pipelines and the shiproom CLI authenticate with these (Authorization: Bearer …). Every use is recorded as the token."
        actions={
          <Button size="sm" onClick={() => setOpen(true)}>
            <Plus className="size-3.5" aria-hidden /> New token
          </Button>
        }
      />
      <Loaded query={tokens}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState icon={<KeyRound className="size-8" />} title="No API tokens yet">
              Make one for each pipeline that registers releases, uploads results or reports deployments.
            </EmptyState>
          ) : (
            <div className="relative overflow-x-auto">
              <table className="w-full text-sm">
                <TableHead columns={["Token", "Scopes", "Last used", "Created", { label: <span className="sr-only">Actions</span> }]} />
                <tbody className="divide-y divide-slate-100">
                  {list.map((token) => (
                    <tr
                      key={token.id}
                      className={token.state === "active" ? undefined : "text-slate-500"}
                      data-testid={`token-${token.name}`}
                    >
                      <td className="px-5 py-3">
                        <div className="font-medium">{token.name}</div>
                        <code className="text-xs text-slate-500">{token.prefix}…</code>
                        {token.state !== "active" ? (
                          <Badge tone="neutral" className="ml-2">
                            {token.state}
                          </Badge>
                        ) : null}
                      </td>
                      <td className="px-5 py-3">
                        <div className="flex flex-wrap gap-1">
                          {token.scopes.map((scope) => (
                            <Badge key={scope} tone="brand">
                              {scope}
                            </Badge>
                          ))}
                        </div>
                      </td>
                      <td className="px-5 py-3 text-slate-600">
                        {token.lastUsedAt ? (
                          <>
                            <TimeAgo iso={token.lastUsedAt} />
                            {token.lastUsedIp ? <span className="block text-xs text-slate-500">from {token.lastUsedIp}</span> : null}
                          </>
                        ) : (
                          "Never"
                        )}
                      </td>
                      <td className="px-5 py-3 text-slate-600">
                        <TimeAgo iso={token.createdAt} /> <span className="block text-xs text-slate-500">by {token.createdBy}</span>
                      </td>
                      <td className="px-5 py-3 text-right">
                        {token.state === "active" ? (
                          <Button
                            variant="secondary"
                            size="sm"
                            loading={revoke.isPending && revoke.variables === token.id}
                            onClick={() => {
                              if (!window.confirm(`Revoke ${token.name}? Pipelines using it stop working at once.`)) return;
                              revoke.mutate(token.id, {
                                onSuccess: () => toast.success(`${token.name} is revoked`),
                                onError: (e) => toast.error(e.message),
                              });
                            }}
                          >
                            Revoke
                          </Button>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
      <NewTokenDialog slug={slug} open={open} onOpenChange={setOpen} onCreated={setSecret} />
      <SecretReveal
        title="Your new API token"
        description="Store it as a secret of your pipeline (SHIPROOM_TOKEN)."
        secret={secret}
        onClose={() => setSecret(null)}
      />
    </Card>
  );
}
