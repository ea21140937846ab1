"use client";
import { TableHead } from "@/components/ui/table";
import { Plus, UserRound } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Avatar } from "@/components/ui/avatar";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Dialog, DialogActions } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { CheckboxCards } from "@/components/ui/checkbox-cards";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import type { Role } from "@/lib/generated/prisma/enums";
import { ApiError } from "@/lib/http/fetch-json";
import { useCreateMember, useMembers, useUpdateMember } from "@/lib/members/hooks";
import { ROLES, roleLabels } from "@/lib/auth/roles";
import type { MemberDto } from "@/lib/members/schemas";

const roleTone: Record<Role, BadgeTone> = { DEVELOPER: "brand", QA: "info", OPS: "warning", ADMIN: "neutral" };

const roleHints: Record<Role, string> = {
  DEVELOPER: "Creates releases, requests promotions",
  QA: "Runs tests, signs releases off",
  OPS: "Approves and runs deployments, rolls back",
  ADMIN: "Members, roles, environments, tokens",
};

function RoleCheckboxes({ value, onChange, error }: { value: Role[]; onChange: (roles: Role[]) => void; error?: string }) {
  return (
    <CheckboxCards
      legend="Roles"
      options={ROLES.map((role) => ({ value: role, label: roleLabels[role], hint: roleHints[role] }))}
      value={value}
      onChange={onChange}
      error={error}
    />
  );
}

function AddMemberDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const create = useCreateMember();
  const [roles, setRoles] = useState<Role[]>(["DEVELOPER"]);
  const error = create.error instanceof ApiError ? create.error : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get("password") ?? "");
    create.mutate(
      { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), roles, password: password || undefined },
      {
        onSuccess: (member) => {
          toast.success(`${member.name} was added`);
          onOpenChange(false);
          setRoles(["DEVELOPER"]);
          create.reset();
        },
      },
    );
  }

  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      title="Add a member"
      description="They sign in with this email, using the password you set or your identity provider."
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <FormError error={error} />
        <Field label="Name" error={error?.field("name")}>
          <Input name="name" autoComplete="off" autoFocus />
        </Field>
        <Field label="Email" error={error?.field("email")}>
          <Input name="email" type="email" autoComplete="off" />
        </Field>
        <RoleCheckboxes value={roles} onChange={setRoles} error={error?.field("roles")} />
        <Field
          label="Temporary password"
          hint="At least 8 characters. Leave empty if they sign in through an identity provider."
          error={error?.field("password")}
        >
          <Input name="password" type="password" autoComplete="new-password" />
        </Field>
        <DialogActions onCancel={() => onOpenChange(false)} submitLabel="Add member" pending={create.isPending} />
      </form>
    </Dialog>
  );
}

function EditRolesDialog({ member, onClose }: { member: MemberDto; onClose: () => void }) {
  const update = useUpdateMember();
  const [roles, setRoles] = useState<Role[]>(member.roles);
  const error = update.error instanceof ApiError ? update.error : undefined;

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate(
      { id: member.id, roles, version: member.version },
      {
        onSuccess: (updated) => {
          toast.success(`${updated.name}'s roles were saved`);
          onClose();
        },
      },
    );
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? null : onClose())} title={`Roles of ${member.name}`} description={member.email}>
      <form onSubmit={submit} className="space-y-4" noValidate>
        <RoleCheckboxes value={roles} onChange={setRoles} error={error?.field("roles")} />
        {error && !error.field("roles") ? (
          <p role="alert" className="text-sm text-rose-600">
            {error.message}
          </p>
        ) : null}
        <DialogActions onCancel={onClose} submitLabel="Save roles" pending={update.isPending} />
      </form>
    </Dialog>
  );
}

function ActiveToggle({ member }: { member: MemberDto }) {
  const update = useUpdateMember();
  return (
    <Button
      variant="ghost"
      size="sm"
      loading={update.isPending}
      onClick={() =>
        update.mutate(
          { id: member.id, active: !member.active, version: member.version },
          {
            onSuccess: (m) => toast.success(m.active ? `${m.name} can sign in again` : `${m.name} can no longer sign in`),
            onError: (error) => toast.error(error.message),
          },
        )
      }
    >
      {member.active ? "Deactivate" : "Reactivate"}
    </Button>
  );
}

export function MembersTable({ canManage, currentMemberId }: { canManage: boolean; currentMemberId: string }) {
  const { data: members, isPending, isError, error } = useMembers();
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<MemberDto | null>(null);

  return (
    <Card>
      <CardHeader
        title="Team"
        description={members ? `${members.filter((m) => m.active).length} active members` : undefined}
        actions={
          canManage ? (
            <Button onClick={() => setAdding(true)}>
              <Plus className="size-4" aria-hidden /> Add member
            </Button>
          ) : null
        }
      />
      {isPending ? (
        <div className="space-y-3 p-5">
          <Skeleton className="h-8" />
          <Skeleton className="h-8" />
        </div>
      ) : isError ? (
        <p role="alert" className="p-5 text-sm text-rose-600">
          {error.message}
        </p>
      ) : members.length === 0 ? (
        <EmptyState icon={<UserRound className="size-8" />} title="No members yet" />
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full text-sm">
            <TableHead
              className="px-5 py-2.5"
              columns={[
                "Member",
                "Roles",
                "Status",
                ...(canManage ? [{ label: <span className="sr-only">Actions</span>, className: "px-5 py-2.5 text-right" }] : []),
              ]}
            />
            <tbody className="divide-y divide-slate-100">
              {members.map((member) => (
                <tr key={member.id} className={member.active ? undefined : "text-slate-500"} data-testid={`member-${member.email}`}>
                  <td className="px-5 py-3">
                    <div className="flex items-center gap-3">
                      <Avatar name={member.name} />
                      <div className="min-w-0">
                        <div className="font-medium text-slate-900">
                          {member.name}
                          {member.id === currentMemberId ? <span className="ml-1.5 text-xs font-normal text-slate-500">(you)</span> : null}
                        </div>
                        <div className="truncate text-xs text-slate-500">{member.email}</div>
                      </div>
                    </div>
                  </td>
                  <td className="px-5 py-3">
                    <ul className="flex flex-wrap gap-1" aria-label={`Roles of ${member.name}`}>
                      {member.roles.map((role) => (
                        <li key={role}>
                          <Badge tone={roleTone[role]}>{roleLabels[role]}</Badge>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td className="px-5 py-3">{member.active ? <Badge tone="success">Active</Badge> : <Badge>Deactivated</Badge>}</td>
                  {canManage ? (
                    <td className="px-5 py-3 text-right whitespace-nowrap">
                      <Button variant="secondary" size="sm" onClick={() => setEditing(member)} aria-label={`Edit roles of ${member.name}`}>
                        Edit roles
                      </Button>
                      {member.id === currentMemberId ? null : <ActiveToggle member={member} />}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage ? <AddMemberDialog open={adding} onOpenChange={setAdding} /> : null}
      {editing ? <EditRolesDialog key={editing.id} member={editing} onClose={() => setEditing(null)} /> : null}
    </Card>
  );
}
