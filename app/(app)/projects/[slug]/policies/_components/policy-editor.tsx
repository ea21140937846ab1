"use client";
import { Plus, Trash2 } from "lucide-react";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { SecretReveal } from "@/components/ui/secret-reveal";
import { Loaded } from "@/components/query/loaded";
import { ROLES, roleLabels } from "@/lib/auth/roles";
import { usePolicies, useRotateDeployHookSecret, useUpdatePolicy } from "@/lib/environments/hooks";
import type { EnvironmentPolicyDto, FreezeWindowDto, UpdatePolicyInput } from "@/lib/environments/schemas";
import type { Role } from "@/lib/generated/prisma/enums";
import { ApiError } from "@/lib/http/fetch-json";

const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
type FlagKey =
  "autoPromote" | "requirePreviousSuccess" | "requesterMayApprove" | "authorMayApprove" | "rollbackDuringFreeze" | "rollbackNeedsApproval";
type WindowInput = UpdatePolicyInput["freezeWindows"][number];

function toInput(window: FreezeWindowDto): WindowInput {
  return window.kind === "ONE_OFF"
    ? { kind: "ONE_OFF", label: window.label, timeZone: window.timeZone, startsAt: window.startsAt, endsAt: window.endsAt }
    : {
        kind: "WEEKLY",
        label: window.label,
        timeZone: window.timeZone,
        startDay: window.startDay,
        startTime: window.startTime,
        endDay: window.endDay,
        endTime: window.endTime,
      };
}

/** One end of a weekly freeze: a weekday and a wall-clock time. */
function WeeklyBound({
  label,
  day,
  time,
  disabled,
  errors: [dayError, timeError],
  onChange,
}: {
  label: string;
  day: number;
  time: string;
  disabled: boolean;
  errors: [string | undefined, string | undefined];
  onChange: (day: number, time: string) => void;
}) {
  return (
    <>
      <Field label={label} className="sm:col-span-2" error={dayError}>
        <Select value={day} disabled={disabled} onChange={(e) => onChange(Number(e.target.value), time)}>
          {DAYS.map((name, i) => (
            <option key={name} value={i + 1}>
              {name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="at" error={timeError}>
        <Input type="time" value={time} disabled={disabled} onChange={(e) => onChange(day, e.target.value)} />
      </Field>
    </>
  );
}

function Check({
  label,
  hint,
  checked,
  onChange,
  disabled,
}: {
  label: string;
  hint?: string;
  checked: boolean;
  onChange: (value: boolean) => void;
  disabled: boolean;
}) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input
        type="checkbox"
        className="mt-0.5 size-4 accent-brand-600"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        disabled={disabled}
      />
      <span>
        <span className="text-slate-800">{label}</span>
        {hint ? <span className="block text-xs text-slate-500">{hint}</span> : null}
      </span>
    </label>
  );
}

type GitDraft = NonNullable<UpdatePolicyInput["deployGit"]>;

/** The git target: each promotion is a commit of the environment's state file to this repository. */
function GitTargetFields({
  value,
  hasCredentials,
  disabled,
  error,
  onChange,
}: {
  value: GitDraft;
  hasCredentials: boolean;
  disabled: boolean;
  error: (field: string) => string | undefined;
  onChange: (value: GitDraft) => void;
}) {
  const set = (patch: Partial<GitDraft>) => onChange({ ...value, ...patch });
  return (
    <div className="space-y-3 rounded-md border border-slate-200 p-3">
      <Field label="Repository" hint="A path on the server, or a remote URL" error={error("repository")}>
        <Input
          value={value.repository}
          disabled={disabled}
          placeholder="https://git.example.com/org/environments.git"
          onChange={(e) => set({ repository: e.target.value })}
        />
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field label="Branch" error={error("branch")}>
          <Input value={value.branch ?? "main"} disabled={disabled} onChange={(e) => set({ branch: e.target.value })} />
        </Field>
        <Field label="State file" hint="{project}, {environment} are filled in" error={error("path")}>
          <Input value={value.path ?? ""} disabled={disabled} onChange={(e) => set({ path: e.target.value })} />
        </Field>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <Field label="User name" hint="For an HTTPS remote" error={error("username")}>
          <Input value={value.username ?? ""} disabled={disabled} autoComplete="off" onChange={(e) => set({ username: e.target.value })} />
        </Field>
        <Field label="Access token" hint={hasCredentials ? "Stored encrypted; empty keeps it" : "Stored encrypted"} error={error("token")}>
          <Input
            type="password"
            value={value.token ?? ""}
            disabled={disabled}
            autoComplete="new-password"
            onChange={(e) => set({ token: e.target.value })}
          />
        </Field>
      </div>
    </div>
  );
}

function EnvironmentPolicyForm({
  slug,
  policy,
  earlier,
  canEdit,
}: {
  slug: string;
  policy: EnvironmentPolicyDto;
  /** The environments before this one: where a QA sign-off may be required. */
  earlier: EnvironmentPolicyDto[];
  canEdit: boolean;
}) {
  const update = useUpdatePolicy(slug);
  const rotate = useRotateDeployHookSecret(slug);
  const [secret, setSecret] = useState<string | null>(null);
  const [draft, setDraft] = useState<UpdatePolicyInput>(() => ({
    version: policy.version,
    autoPromote: policy.autoPromote,
    requirePreviousSuccess: policy.requirePreviousSuccess,
    requesterMayApprove: policy.requesterMayApprove,
    authorMayApprove: policy.authorMayApprove,
    rollbackDuringFreeze: policy.rollbackDuringFreeze,
    rollbackNeedsApproval: policy.rollbackNeedsApproval,
    deployTarget: policy.deployTarget,
    deployHookUrl: policy.deployHook?.url ?? null,
    deployGit: policy.deployGit
      ? { repository: policy.deployGit.repository, branch: policy.deployGit.branch, path: policy.deployGit.path }
      : null,
    signOffEnvironmentId: policy.signOffEnvironmentId,
    maxFailedTests: policy.maxFailedTests,
    approvalRules: policy.approvalRules,
    freezeWindows: policy.freezeWindows.map(toInput),
    remindAfter: policy.remindAfter,
    escalateAfter: policy.escalateAfter,
  }));
  const error = update.error instanceof ApiError ? update.error : undefined;
  const set = <K extends keyof UpdatePolicyInput>(key: K, value: UpdatePolicyInput[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const setWindow = (index: number, patch: Partial<WindowInput>) =>
    set(
      "freezeWindows",
      draft.freezeWindows.map((w, i) => (i === index ? ({ ...w, ...patch } as WindowInput) : w)),
    );
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const unusedRole = ROLES.find((role) => !draft.approvalRules.some((rule) => rule.role === role));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate(
      { id: policy.id, ...draft, version: policy.version },
      {
        onSuccess: (saved) => {
          toast.success(`The ${saved.name} policy is saved`);
          if (saved.deployHookSecret) setSecret(saved.deployHookSecret);
          setDraft((d) => ({ ...d, version: saved.version }));
        },
      },
    );
  }

  const disabled = !canEdit;
  const flag = (key: FlagKey, label: string, hint?: string) => (
    <Check label={label} hint={hint} checked={draft[key]} onChange={(value) => set(key, value)} disabled={disabled} />
  );
  return (
    <Card>
      <CardHeader
        title={<span className="text-base">{policy.name}</span>}
        description={policy.updatedBy ? `Last changed by ${policy.updatedBy}` : "The default policy"}
      />
      <form onSubmit={submit} className="grid gap-6 p-5 md:grid-cols-2" aria-label={`${policy.name} policy`} noValidate>
        <fieldset className="space-y-3">
          <legend className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Promotion</legend>
          {flag(
            "autoPromote",
            "Promote automatically",
            "Continuous deployment: a release that succeeds in the environment before is requested here at once",
          )}
          {flag("requirePreviousSuccess", "Require success in the environment before")}
          <Field
            label="QA sign-off required"
            hint="A valid sign-off of the release's test run there"
            error={error?.field("signOffEnvironmentId")}
          >
            <Select
              value={draft.signOffEnvironmentId ?? ""}
              disabled={disabled || earlier.length === 0}
              onChange={(e) => set("signOffEnvironmentId", e.target.value || null)}
            >
              <option value="">Not required</option>
              {earlier.map((env) => (
                <option key={env.id} value={env.id}>
                  on {env.name}
                </option>
              ))}
            </Select>
          </Field>
          {draft.signOffEnvironmentId ? (
            <Field label="Most failed tests allowed" hint="Even waived; empty for no limit" error={error?.field("maxFailedTests")}>
              <Input
                type="number"
                min={0}
                value={draft.maxFailedTests ?? ""}
                disabled={disabled}
                onChange={(e) => set("maxFailedTests", e.target.value === "" ? null : Number(e.target.value))}
              />
            </Field>
          ) : null}
          <Field
            label="Deploy target"
            hint={
              draft.deployTarget === "WEBHOOK"
                ? "When a promotion is approved, Shiproom POSTs a signed deploy hook; the deployer reports back through the API or CLI"
                : "Ops report each deployment's progress on the board"
            }
          >
            <Select
              value={draft.deployTarget}
              disabled={disabled}
              onChange={(e) => set("deployTarget", e.target.value as UpdatePolicyInput["deployTarget"])}
            >
              <option value="MANUAL">Manual</option>
              <option value="WEBHOOK">Webhook (deploy hook)</option>
              <option value="GIT">Git commit (GitOps)</option>
            </Select>
          </Field>
          {draft.deployTarget === "GIT" ? (
            <GitTargetFields
              value={draft.deployGit ?? { repository: "", branch: "main", path: "environments/{environment}.yaml" }}
              hasCredentials={policy.deployGit?.hasCredentials ?? false}
              disabled={disabled}
              error={(field) => error?.field(`deployGit.${field}`)}
              onChange={(deployGit) => set("deployGit", deployGit)}
            />
          ) : null}
          {draft.deployTarget === "WEBHOOK" ? (
            <Field
              label="Deploy hook URL"
              hint={
                policy.deployHook ? `Signed with the secret ${policy.deployHook.secretPrefix}…` : "A signing secret is made when you save"
              }
              error={error?.field("deployHookUrl")}
            >
              <Input
                type="url"
                placeholder="https://deployer.example.com/shiproom"
                value={draft.deployHookUrl ?? ""}
                disabled={disabled}
                onChange={(e) => set("deployHookUrl", e.target.value || null)}
              />
            </Field>
          ) : null}
          {canEdit && policy.deployTarget === "WEBHOOK" && policy.deployHook ? (
            <Button
              variant="secondary"
              size="sm"
              loading={rotate.isPending}
              onClick={() =>
                rotate.mutate(policy.id, {
                  onSuccess: (rotated) => setSecret(rotated.secret),
                  onError: (e) => toast.error(e.message),
                })
              }
            >
              Make a new signing secret
            </Button>
          ) : null}
          <SecretReveal
            title={`The ${policy.name} deploy hook's signing secret`}
            description="Give it to the deployer: it checks the Shiproom-Signature header of every deploy hook with it."
            secret={secret}
            onClose={() => setSecret(null)}
          />
        </fieldset>

        <fieldset className="space-y-3">
          <legend className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Approvals (all rules must hold)</legend>
          {draft.approvalRules.length === 0 ? <p className="text-sm text-slate-500">No approvals needed.</p> : null}
          {draft.approvalRules.map((rule, index) => (
            <div key={index} className="flex items-end gap-2">
              <Field label="At least" className="w-24" error={error?.field(`approvalRules.${index}.minCount`)}>
                <Input
                  type="number"
                  min={1}
                  max={50}
                  value={rule.minCount}
                  disabled={disabled}
                  onChange={(e) =>
                    set(
                      "approvalRules",
                      draft.approvalRules.map((r, i) => (i === index ? { ...r, minCount: Number(e.target.value) } : r)),
                    )
                  }
                />
              </Field>
              <Field label="from" className="flex-1" error={error?.field(`approvalRules.${index}.role`)}>
                <Select
                  value={rule.role}
                  disabled={disabled}
                  onChange={(e) =>
                    set(
                      "approvalRules",
                      draft.approvalRules.map((r, i) => (i === index ? { ...r, role: e.target.value as Role } : r)),
                    )
                  }
                >
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {roleLabels[role]}
                    </option>
                  ))}
                </Select>
              </Field>
              {canEdit ? (
                <Button
                  variant="ghost"
                  size="sm"
                  aria-label={`Remove the ${roleLabels[rule.role]} rule`}
                  onClick={() =>
                    set(
                      "approvalRules",
                      draft.approvalRules.filter((_, i) => i !== index),
                    )
                  }
                >
                  <Trash2 className="size-4" aria-hidden />
                </Button>
              ) : null}
            </div>
          ))}
          {canEdit && unusedRole ? (
            <Button
              variant="secondary"
              size="sm"
              onClick={() => set("approvalRules", [...draft.approvalRules, { role: unusedRole, minCount: 1 }])}
            >
              <Plus className="size-3.5" aria-hidden /> Add a rule
            </Button>
          ) : null}
          {flag("requesterMayApprove", "The requester may approve")}
          {flag("authorMayApprove", "The release's author may approve")}
        </fieldset>

        <fieldset className="space-y-3">
          <legend className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Rollbacks</legend>
          {flag("rollbackDuringFreeze", "Allowed during a freeze")}
          {flag("rollbackNeedsApproval", "Need the approvals too", "Otherwise an ops member rolls back at once, giving a reason")}
        </fieldset>

        <fieldset className="space-y-3">
          <legend className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Reminders</legend>
          <Field
            label="Remind approvers after"
            hint="Who may still approve a waiting promotion is reminded again each time this passes, like 4h; empty: never"
            error={error?.field("remindAfter")}
          >
            <Input
              name="remindAfter"
              placeholder="4h"
              value={draft.remindAfter ?? ""}
              disabled={disabled}
              onChange={(e) => set("remindAfter", e.target.value || null)}
            />
          </Field>
          <Field
            label="Tell the admins after"
            hint="Once, when a promotion still waits for approvals this long, like 1d; empty: never"
            error={error?.field("escalateAfter")}
          >
            <Input
              name="escalateAfter"
              placeholder="1d"
              value={draft.escalateAfter ?? ""}
              disabled={disabled}
              onChange={(e) => set("escalateAfter", e.target.value || null)}
            />
          </Field>
        </fieldset>

        <fieldset className="space-y-3 md:col-span-2">
          <legend className="mb-2 text-xs font-semibold tracking-wide text-slate-500 uppercase">Freeze windows</legend>
          {draft.freezeWindows.length === 0 ? <p className="text-sm text-slate-500">No freezes.</p> : null}
          {draft.freezeWindows.map((window, index) => {
            const fe = (name: string) => error?.field(`freezeWindows.${index}.${name}`);
            return (
              <div
                key={index}
                className="grid gap-2 rounded-md border border-slate-200 p-3 sm:grid-cols-6"
                aria-label={`Freeze window ${index + 1}`}
                role="group"
              >
                <Field label="Name" className="sm:col-span-2" error={fe("label")}>
                  <Input value={window.label} disabled={disabled} onChange={(e) => setWindow(index, { label: e.target.value })} />
                </Field>
                <Field label="Time zone" className="sm:col-span-2" error={fe("timeZone")}>
                  <Input
                    value={window.timeZone}
                    disabled={disabled}
                    list="time-zones"
                    onChange={(e) => setWindow(index, { timeZone: e.target.value })}
                  />
                </Field>
                <div className="flex items-end justify-end sm:col-span-2">
                  {canEdit ? (
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() =>
                        set(
                          "freezeWindows",
                          draft.freezeWindows.filter((_, i) => i !== index),
                        )
                      }
                    >
                      <Trash2 className="size-4" aria-hidden /> Remove
                    </Button>
                  ) : null}
                </div>
                {window.kind === "ONE_OFF" ? (
                  <>
                    <Field label="From" className="sm:col-span-3" error={fe("startsAt")}>
                      <Input
                        type="datetime-local"
                        value={window.startsAt}
                        disabled={disabled}
                        onChange={(e) => setWindow(index, { startsAt: e.target.value })}
                      />
                    </Field>
                    <Field label="Until" className="sm:col-span-3" error={fe("endsAt")}>
                      <Input
                        type="datetime-local"
                        value={window.endsAt}
                        disabled={disabled}
                        onChange={(e) => setWindow(index, { endsAt: e.target.value })}
                      />
                    </Field>
                  </>
                ) : (
                  <>
                    <WeeklyBound
                      label="Every"
                      day={window.startDay}
                      time={window.startTime}
                      disabled={disabled}
                      errors={[fe("startDay"), fe("startTime")]}
                      onChange={(day, time) => setWindow(index, { startDay: day, startTime: time })}
                    />
                    <WeeklyBound
                      label="until"
                      day={window.endDay}
                      time={window.endTime}
                      disabled={disabled}
                      errors={[fe("endDay"), fe("endTime")]}
                      onChange={(day, time) => setWindow(index, { endDay: day, endTime: time })}
                    />
                  </>
                )}
              </div>
            );
          })}
          {canEdit ? (
            <div className="flex gap-2">
              <Button
                variant="secondary"
                size="sm"
                onClick={() =>
                  set("freezeWindows", [
                    ...draft.freezeWindows,
                    { kind: "WEEKLY", label: "Weekend", timeZone: zone, startDay: 5, startTime: "16:00", endDay: 1, endTime: "08:00" },
                  ])
                }
              >
                <Plus className="size-3.5" aria-hidden /> Weekly freeze
              </Button>
              <Button
                variant="secondary"
                size="sm"
                onClick={() =>
                  set("freezeWindows", [
                    ...draft.freezeWindows,
                    { kind: "ONE_OFF", label: "Release freeze", timeZone: zone, startsAt: "", endsAt: "" },
                  ])
                }
              >
                <Plus className="size-3.5" aria-hidden /> One-off freeze
              </Button>
            </div>
          ) : null}
        </fieldset>

        {canEdit ? (
          <div className="flex items-center justify-end gap-3 md:col-span-2">
            {error && error.fieldErrors.length === 0 ? (
              <p role="alert" className="text-sm text-rose-600">
                {error.message}
              </p>
            ) : error ? (
              <p role="alert" className="text-sm text-rose-600">
                Some fields need a look.
              </p>
            ) : null}
            <Button type="submit" loading={update.isPending}>
              Save {policy.name} policy
            </Button>
          </div>
        ) : null}
      </form>
    </Card>
  );
}

export function PolicyEditor({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  return <Loaded query={usePolicies(slug)}>{(policies) => <Policies slug={slug} policies={policies} canEdit={canEdit} />}</Loaded>;
}

function Policies({ slug, policies, canEdit }: { slug: string; policies: EnvironmentPolicyDto[]; canEdit: boolean }) {
  return (
    <div className="space-y-6">
      <datalist id="time-zones">
        {Intl.supportedValuesOf("timeZone").map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      {policies.map((policy) => (
        <EnvironmentPolicyForm
          key={`${policy.id}:${policy.version}`}
          slug={slug}
          policy={policy}
          earlier={policies.filter((other) => other.position < policy.position)}
          canEdit={canEdit}
        />
      ))}
    </div>
  );
}
