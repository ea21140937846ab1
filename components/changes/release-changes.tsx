"use client";
import { useSearchParams } from "next/navigation";
import { useId } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { changeAddress } from "@/components/ui/use-address";
import { Select } from "@/components/ui/input";
import { useReleaseChanges } from "@/lib/changes/hooks";
import { ChangesLoading, ChangesView } from "./changes-view";

/** On a release's page: what promoting it into a chosen environment changes there. */
export function ReleaseChanges({
  slug,
  version,
  environments,
}: {
  slug: string;
  version: string;
  environments: { name: string; current: boolean }[];
}) {
  // The environment is the address's (`?to=production`): a reload or a shared link shows the same
  // comparison, and Back returns to the one before. Without one, or with a name no environment
  // has, the first the release does not run in.
  const asked = useSearchParams().get("to");
  const to = environments.some((env) => env.name === asked) ? asked! : (environments.find((env) => !env.current)?.name ?? "");
  const setTo = (name: string) => changeAddress("push", { to: name || null });
  const changes = useReleaseChanges(slug, version, to);
  const id = useId();
  return (
    <Card>
      <CardHeader title="What changes" description="Against the release running in an environment now" />
      <div className="space-y-3 px-5 py-4">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label htmlFor={id} className="font-medium text-slate-700">
            Promoting into
          </label>
          <Select id={id} value={to} onChange={(event) => setTo(event.target.value)} className="w-auto">
            <option value="">Choose an environment</option>
            {environments.map((env) => (
              <option key={env.name} value={env.name}>
                {env.name}
              </option>
            ))}
          </Select>
        </div>
        {to === "" ? (
          <p className="text-sm text-slate-500">Choose an environment to see what promoting {version} there changes.</p>
        ) : changes.isPending ? (
          <ChangesLoading />
        ) : changes.isError ? (
          <p role="alert" className="text-sm text-red-700">
            {changes.error.message}
          </p>
        ) : (
          <ChangesView changes={changes.data} />
        )}
      </div>
    </Card>
  );
}
