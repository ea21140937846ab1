"use client";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { ApiError, fetchJson } from "@/lib/http/fetch-json";
import type { AllowedDeployTargetsDto } from "@/lib/projects/schemas";

/** The deploy targets this project's pipelines may set in shiproom.yaml, one per line (admins). */
export function DeployTargetsPanel({ slug, initial }: { slug: string; initial: string[] }) {
  const [saved, setSaved] = useState(initial);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | undefined>();

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const allowed = String(new FormData(event.currentTarget).get("allowed") ?? "")
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    setPending(true);
    setError(undefined);
    try {
      const result = await fetchJson<AllowedDeployTargetsDto>(`/api/v1/projects/${slug}/deploy-targets`, {
        method: "PUT",
        body: { allowed },
      });
      setSaved(result.allowed);
      toast.success("Allowed deploy targets saved");
    } catch (caught) {
      if (caught instanceof ApiError) {
        const entry = caught.fieldErrors.find((e) => /^allowed\.\d+$/.test(e.field));
        setError(entry ? `Line ${Number(entry.field.split(".")[1]) + 1}: ${entry.message}` : caught.message);
      } else setError(String(caught));
    } finally {
      setPending(false);
    }
  }

  return (
    <Card>
      <CardHeader
        title="Deploy targets pipelines may set"
        description="A token's shiproom.yaml may only point a deploy hook or git deploy target at these; changing a target still waits for an admin's approval."
      />
      <form onSubmit={save} className="space-y-3 px-5 py-4" noValidate>
        <Field
          label="Allowed URL prefixes and repositories"
          hint="One per line. https://deploy.example.com/hooks allows every URL under it; a repository ending in / or : allows those under it."
          error={error}
        >
          <Textarea
            name="allowed"
            rows={4}
            defaultValue={saved.join("\n")}
            key={saved.join("\n")}
            className="font-mono text-xs"
            placeholder={"https://deploy.example.com/hooks\nhttps://github.com/acme/environments.git"}
          />
        </Field>
        <Button type="submit" loading={pending}>
          Save
        </Button>
      </form>
    </Card>
  );
}
