"use client";
import { SuiteOptions } from "@/components/test-cases/suite-options";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input, Select, Textarea } from "@/components/ui/input";
import { useUnsavedChanges } from "@/components/ui/use-unsaved-changes";
import { ApiError } from "@/lib/http/fetch-json";
import { useSaveCase, useSimilarCases, useSuites } from "@/lib/test-cases/hooks";
import { PRIORITIES, priorityLabels, type CaseDto, type CaseInput } from "@/lib/test-cases/schemas";

type Step = { action: string; expected: string };

/** Creates a case, or edits one at the revision it was loaded with. */
export function CaseEditor({ slug, existing, onDone }: { slug: string; existing?: CaseDto; onDone?: () => void }) {
  const save = useSaveCase(slug);
  const suites = useSuites(slug);
  const router = useRouter();
  const [steps, changeSteps] = useState<Step[]>(existing?.steps.length ? existing.steps : [{ action: "", expected: "" }]);
  const [kind, setKind] = useState(existing?.kind ?? "MANUAL");
  // Anything typed or chosen in the form (its fields' input events, a step added, moved or
  // removed) is unsaved until the case is saved: leaving asks first.
  const [edited, setEdited] = useState(false);
  const setSteps = (next: Step[]) => {
    changeSteps(next);
    setEdited(true);
  };
  const { confirmDiscard } = useUnsavedChanges(
    edited,
    existing ? `Leave without saving? Your changes to ${existing.key} will be lost.` : "Leave without saving? The new case will be lost.",
  );
  // Controlled, and the case's own suite listed before the suites arrive: an uncontrolled select
  // whose option came later showed (and saved) "No suite" for a case that had one.
  const [suiteId, setSuiteId] = useState(existing?.suite?.id ?? "");
  const suiteOptions = suites.data ?? (existing?.suite ? [existing.suite] : []);
  const error = save.error instanceof ApiError ? save.error : undefined;
  const [title, setTitle] = useState(existing?.title ?? "");
  const similar = useSimilarCases(slug, title, existing?.key ?? null);
  // Hints only once the title was touched: an edited case's own title is not news.
  const hints = title !== (existing?.title ?? "") && title.trim().length >= 3 ? (similar.data ?? []) : [];

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? "");
    const input: CaseInput & { key?: string; revision?: number } = {
      title: text("title"),
      preconditions: text("preconditions"),
      steps: steps.filter((s) => s.action.trim() || s.expected.trim()),
      priority: text("priority") as CaseInput["priority"],
      tags: text("tags")
        .split(/[\s,]+/)
        .filter(Boolean),
      suiteId: text("suiteId") || null,
      kind: kind as CaseInput["kind"],
      automationId: text("automationId"),
      ...(existing ? { key: existing.key, revision: existing.revision } : {}),
    };
    save.mutate(input, {
      onSuccess: (saved) => {
        setEdited(false);
        toast.success(existing ? `${saved.key} is saved (revision ${saved.revision})` : `${saved.key} is added to the library`);
        if (onDone) onDone();
        else router.push(`/projects/${slug}/cases/${saved.key}`);
      },
    });
  }

  const move = (index: number, by: number) => {
    const next = [...steps];
    const [step] = next.splice(index, 1);
    next.splice(index + by, 0, step!);
    setSteps(next);
  };

  return (
    <Card className="p-6">
      <form
        onSubmit={submit}
        onInput={() => setEdited(true)}
        className="space-y-5"
        noValidate
        aria-label={existing ? `Edit ${existing.key}` : "New test case"}
      >
        <FormError error={error} />
        <div className="space-y-1.5">
          <Field label="Title" error={error?.field("title")}>
            <Input
              name="title"
              defaultValue={existing?.title}
              autoFocus
              placeholder="What is checked, in a sentence"
              onChange={(e) => setTitle(e.target.value)}
            />
          </Field>
          {/* Announced as they change; links open in a new tab, so the case being written is kept. */}
          <div aria-live="polite" className="text-xs text-slate-600">
            {hints.length > 0 ? (
              <p>
                Similar cases:{" "}
                {hints.map((hint, i) => (
                  <span key={hint.key}>
                    {i > 0 ? ", " : ""}
                    <Link
                      href={`/projects/${slug}/cases/${hint.key}`}
                      target="_blank"
                      className="break-words text-brand-700 underline hover:text-brand-900"
                    >
                      {hint.key} {hint.title}
                    </Link>
                  </span>
                ))}
              </p>
            ) : null}
          </div>
        </div>
        <Field label="Preconditions" hint="Optional: the state to start from" error={error?.field("preconditions")}>
          <Textarea name="preconditions" rows={2} defaultValue={existing?.preconditions ?? ""} />
        </Field>
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-slate-700">Steps</legend>
          <ol className="space-y-2">
            {steps.map((step, index) => (
              <li key={index} className="grid grid-cols-[1.5rem_1fr_1fr_auto] items-start gap-2">
                <span className="pt-2 text-right text-sm text-slate-500">{index + 1}.</span>
                <Field label={<span className="sr-only">Step {index + 1} action</span>} error={error?.field(`steps.${index}.action`)}>
                  <Textarea
                    rows={2}
                    placeholder="Action"
                    value={step.action}
                    onChange={(e) => setSteps(steps.map((s, i) => (i === index ? { ...s, action: e.target.value } : s)))}
                  />
                </Field>
                <Field
                  label={<span className="sr-only">Step {index + 1} expected result</span>}
                  error={error?.field(`steps.${index}.expected`)}
                >
                  <Textarea
                    rows={2}
                    placeholder="Expected result"
                    value={step.expected}
                    onChange={(e) => setSteps(steps.map((s, i) => (i === index ? { ...s, expected: e.target.value } : s)))}
                  />
                </Field>
                <div className="flex flex-col">
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Move step ${index + 1} up`}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    <ArrowUp className="size-3.5" aria-hidden />
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Move step ${index + 1} down`}
                    disabled={index === steps.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    <ArrowDown className="size-3.5" aria-hidden />
                  </Button>
                  <Button
                    variant="ghost"
                    size="sm"
                    aria-label={`Remove step ${index + 1}`}
                    onClick={() => setSteps(steps.filter((_, i) => i !== index))}
                  >
                    <Trash2 className="size-3.5" aria-hidden />
                  </Button>
                </div>
              </li>
            ))}
          </ol>
          <Button variant="secondary" size="sm" onClick={() => setSteps([...steps, { action: "", expected: "" }])}>
            <Plus className="size-3.5" aria-hidden /> Add a step
          </Button>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Priority" error={error?.field("priority")}>
            <Select name="priority" defaultValue={existing?.priority ?? "MEDIUM"}>
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {priorityLabels[p]}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Suite" error={error?.field("suiteId")}>
            <Select name="suiteId" value={suiteId} onChange={(event) => setSuiteId(event.target.value)}>
              <option value="">No suite</option>
              <SuiteOptions suites={suiteOptions} />
            </Select>
          </Field>
          <Field
            label="Tags"
            hint="Separated by spaces or commas"
            error={error?.field("tags") ?? error?.fieldErrors.find((e) => e.field.startsWith("tags."))?.message}
          >
            <Input name="tags" defaultValue={existing?.tags.join(" ")} placeholder="smoke checkout" />
          </Field>
        </div>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Executed" error={error?.field("kind")}>
            <Select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="MANUAL">Manually</option>
              <option value="AUTOMATED">By automation (JUnit)</option>
            </Select>
          </Field>
          {kind === "AUTOMATED" ? (
            <Field
              label="Automation id"
              hint="classname.name, as JUnit reports name the test"
              className="sm:col-span-2"
              error={error?.field("automationId")}
            >
              <Input
                name="automationId"
                defaultValue={existing?.automationId ?? ""}
                className="font-mono"
                placeholder="tests.test_cart.test_add_item"
              />
            </Field>
          ) : null}
        </div>
        <div className="flex justify-end gap-2">
          {onDone ? (
            <Button variant="secondary" onClick={() => confirmDiscard() && onDone()}>
              Cancel
            </Button>
          ) : null}
          <Button type="submit" loading={save.isPending}>
            {existing ? "Save as a new revision" : "Add case"}
          </Button>
        </div>
      </form>
    </Card>
  );
}
