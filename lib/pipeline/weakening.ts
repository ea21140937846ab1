// Which gates a change of the pipeline weakens. Only people weaken a gate: a token's apply that
// weakens one waits for an admin (lib/pipeline/mutations.ts). Pure, so every kind is unit-tested.
//
// The rule is conservative: a change counts as weakening unless it is provably at least as strict
// for every release that could ask to enter the environment. So a freeze split in two, or moved
// to another time zone, needs an admin even when the new pieces happen to cover the old one.
import { toInstant } from "@/lib/environments/schemas";
import { describeField } from "./model";
import { DAY_NAMES, type EnvironmentSpec, type FreezeSpec, type GateWeakening, type PipelineFile, type WeakenedGate } from "./schemas";

const WEEK = 7 * 24 * 60;

/** The environments a release must have succeeded in before entering `index`, following requirePreviousSuccess back. */
function requiredBefore(file: PipelineFile, index: number): Set<string> {
  const required = new Set<string>();
  for (let i = index; i > 0 && file.environments[i]!.requirePreviousSuccess; i--) required.add(file.environments[i - 1]!.name);
  return required;
}

/** Minutes since Monday 00:00 of "fri 16:00". */
function weekMinute(moment: string): number {
  const [day, time] = moment.split(" ") as [string, string];
  const [h, m] = time.split(":").map(Number) as [number, number];
  return DAY_NAMES.indexOf(day) * 1440 + h * 60 + m;
}

/** A weekly window as [start, start + length) in minutes of the week; it may wrap past Sunday. */
function weeklySpan(weekly: { from: string; to: string }): { start: number; length: number } {
  const start = weekMinute(weekly.from);
  return { start, length: (weekMinute(weekly.to) - start + WEEK) % WEEK };
}

/**
 * Whether the freezes of `after` still hold every moment `before` froze: each weekly window inside
 * one weekly window of the same time zone, each one-off window's remaining future inside one
 * one-off window (a one-off window that has ended may go).
 */
function freezeKept(before: FreezeSpec, after: FreezeSpec[], now: Date): boolean {
  if ("weekly" in before) {
    const old = weeklySpan(before.weekly);
    return after.some((f) => {
      if (!("weekly" in f) || f.timeZone !== before.timeZone) return false;
      const span = weeklySpan(f.weekly);
      const offset = (old.start - span.start + WEEK) % WEEK;
      return offset + old.length <= span.length;
    });
  }
  const end = toInstant(before.to, before.timeZone).getTime();
  if (end <= now.getTime()) return true;
  const start = Math.max(toInstant(before.from, before.timeZone).getTime(), now.getTime());
  return after.some(
    (f) => !("weekly" in f) && toInstant(f.from, f.timeZone).getTime() <= start && toInstant(f.to, f.timeZone).getTime() >= end,
  );
}

function freezeLabel(f: FreezeSpec): string {
  return "weekly" in f
    ? `"${f.label}" (every ${f.weekly.from} – ${f.weekly.to} ${f.timeZone})`
    : `"${f.label}" (${f.from} – ${f.to} ${f.timeZone})`;
}

function compareEnvironment(
  name: string,
  was: EnvironmentSpec,
  will: EnvironmentSpec,
  positionIn: (env: string) => number,
  now: Date,
): GateWeakening[] {
  const out: GateWeakening[] = [];
  const add = (gate: WeakenedGate, message: string) => out.push({ environment: name, gate, message });

  // Rules are one per role and all must hold (a maximum matching of approvers to slots), so
  // keeping every rule at the same or a higher count is at least as strict; added rules tighten.
  const fewer = was.approvals.some((rule) => (will.approvals.find((r) => r.role === rule.role)?.count ?? 0) < rule.count);
  if (fewer) add("approvals", `approvals: ${describeField("approvals", was)} → ${describeField("approvals", will)}`);
  if (!was.requesterMayApprove && will.requesterMayApprove) add("requesterMayApprove", "the requester may approve their own promotion");
  if (!was.authorMayApprove && will.authorMayApprove) add("authorMayApprove", "the release's author may approve it");

  if (was.signOff) {
    if (!will.signOff) add("signOff", `QA sign-off on ${was.signOff.in} is no longer required`);
    else if (
      will.signOff.in !== was.signOff.in &&
      !(positionIn(was.signOff.in) >= 0 && positionIn(will.signOff.in) > positionIn(was.signOff.in))
    )
      add("signOff", `QA sign-off moves from ${was.signOff.in} to ${will.signOff.in}, earlier in the pipeline`);
    const oldMax = was.signOff.maxFailed;
    const newMax = will.signOff?.maxFailed ?? null;
    if (will.signOff && oldMax !== null && (newMax === null || newMax > oldMax))
      add("maxFailed", `failed tests tolerated: at most ${oldMax} → ${newMax === null ? "any number" : `at most ${newMax}`}`);
  }

  for (const freeze of was.freezes)
    if (!freezeKept(freeze, will.freezes, now)) add("freezes", `freeze ${freezeLabel(freeze)} is removed or shortened`);

  if (!was.rollbacks.duringFreeze && will.rollbacks.duringFreeze) add("rollbacks", "rollbacks are allowed during a freeze");
  if (was.rollbacks.needApproval && !will.rollbacks.needApproval) add("rollbacks", "rollbacks no longer need approvals");
  if (!was.autoPromote && will.autoPromote) add("autoPromote", "releases are promoted automatically, without a person requesting it");

  const deployWas = describeField("deploy", was);
  const deployWill = describeField("deploy", will);
  if (deployWas !== deployWill) add("deploy", `deploy target: ${deployWas} → ${deployWill}`);
  return out;
}

/**
 * Every gate that applying `desired` over `live` weakens, in pipeline order; empty when the
 * change only tightens or keeps them. `now` decides which one-off freezes have already ended.
 */
export function gateWeakenings(live: PipelineFile, desired: PipelineFile, now: Date = new Date()): GateWeakening[] {
  const out: GateWeakening[] = [];
  const desiredIndex = new Map(desired.environments.map((env, index) => [env.name, index]));
  const positionIn = (env: string) => desiredIndex.get(env) ?? -1;
  live.environments.forEach((was, liveIndex) => {
    const index = desiredIndex.get(was.name);
    if (index === undefined) {
      out.push({ environment: was.name, gate: "environment", message: `${was.name} is removed, with every gate of entering it` });
      return;
    }
    const will = desired.environments[index]!;
    const requiredNow = requiredBefore(desired, index);
    const missing = [...requiredBefore(live, liveIndex)].filter((env) => !requiredNow.has(env));
    if (missing.length)
      out.push({
        environment: was.name,
        gate: "previousSuccess",
        message: `a release no longer has to succeed in ${new Intl.ListFormat("en", { type: "conjunction" }).format(missing)} first`,
      });
    out.push(...compareEnvironment(was.name, was, will, positionIn, now));
  });
  // A new environment is a new way for a release to be deployed: a token may add one only with a
  // person in its path — nothing promoted into it automatically, success in the environment before
  // it required, and the manual deploy target (a person deploys and reports). Approvals it may
  // lack, like staging. Anything less waits for an admin, with what it lacks named.
  const liveNames = new Set(live.environments.map((env) => env.name));
  desired.environments.forEach((env, index) => {
    if (liveNames.has(env.name)) return;
    const add = (gate: WeakenedGate, message: string) => out.push({ environment: env.name, gate, message });
    if (env.deploy.target !== "manual") add("deploy", `new environment deploying by ${describeField("deploy", env)}`);
    if (env.autoPromote) add("autoPromote", "new environment promoted automatically, without a person requesting it");
    if (index > 0 && requiredBefore(desired, index).size === 0)
      add("previousSuccess", `new environment a release may enter without succeeding in ${desired.environments[index - 1]!.name} first`);
  });
  return out;
}
