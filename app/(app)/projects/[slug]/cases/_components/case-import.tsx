"use client";
import { useQueryClient } from "@tanstack/react-query";
import { FileUp } from "lucide-react";
import Link from "next/link";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { TableHead } from "@/components/ui/table";
import type { ApiError } from "@/lib/http/fetch-json";
import { importCasesCsv } from "@/lib/test-cases/hooks";
import { caseKeys } from "@/lib/test-cases/keys";
import type { CaseImportDto } from "@/lib/test-cases/schemas";
import { plural } from "@/lib/format/plural";

type Stage = { step: "reading" | "importing"; fraction: number } | null;

/** A file problem (the file's own, or a refused import's) as one line. */
function describe(error: ApiError): string {
  const file = error.fieldErrors.find((e) => e.field === "file");
  if (file) return `${file.message}${file.line ? ` (line ${file.line}${file.column ? `, column ${file.column}` : ""})` : ""}`;
  return error.message;
}

export function CaseImport({ slug }: { slug: string }) {
  const client = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<CaseImportDto | null>(null);
  const [done, setDone] = useState<CaseImportDto | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [stage, setStage] = useState<Stage>(null);

  async function read(chosen: File | null) {
    setFile(chosen);
    setPreview(null);
    setDone(null);
    setFileError(undefined);
    if (!chosen) return;
    setStage({ step: "reading", fraction: 0 });
    try {
      setPreview(await importCasesCsv(slug, chosen, false, (fraction) => setStage({ step: "reading", fraction })));
    } catch (error) {
      setFileError(describe(error as ApiError));
    } finally {
      setStage(null);
    }
  }

  async function apply() {
    if (!file) return;
    setStage({ step: "importing", fraction: 0 });
    try {
      const result = await importCasesCsv(slug, file, true, (fraction) => setStage({ step: "importing", fraction }));
      setDone(result);
      setPreview(null);
      toast.success(`Imported: ${plural(result.create, "case")} created, ${result.update.toLocaleString("en")} updated`);
      await client.invalidateQueries({ queryKey: caseKeys.all(slug) });
    } catch (error) {
      // The library changed since the preview: read the file again to show why.
      toast.error((error as ApiError).message, { duration: 10_000 });
      await read(file);
    } finally {
      setStage(null);
    }
  }

  const writes = preview ? preview.create + preview.update : 0;
  return (
    <div className="space-y-6">
      <Card className="space-y-4 p-4 sm:p-5">
        <Field
          label="CSV file"
          hint="UTF-8, up to 20 MB and 50,000 rows. Columns: Key, Title, Suite, Priority, Kind, Tags, Preconditions, Steps (a “step | expected” a line), Automation id, External id — or TestRail's."
          error={fileError}
        >
          <input
            ref={input}
            type="file"
            accept=".csv,text/csv"
            className="block w-full max-w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium"
            onChange={(e) => {
              void read(e.target.files?.[0] ?? null);
              // The same file again (fixed meanwhile) is read again.
              e.target.value = "";
            }}
            disabled={stage !== null}
          />
        </Field>
        {stage ? (
          <div role="status" aria-live="polite" className="space-y-1">
            <p className="text-sm text-slate-600">
              {stage.fraction < 1
                ? `Uploading ${file?.name ?? "the file"}…`
                : stage.step === "reading"
                  ? "Checking every row…"
                  : "Importing…"}
            </p>
            <div
              role="progressbar"
              aria-label="Upload progress"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(stage.fraction * 100)}
              className="h-1.5 w-full max-w-sm overflow-hidden rounded bg-slate-100"
            >
              <div className="h-full bg-brand-600" style={{ width: `${Math.round(stage.fraction * 100)}%` }} />
            </div>
          </div>
        ) : null}
        {done ? (
          <div role="status" className="space-y-2">
            <p className="text-sm font-medium text-emerald-800">
              Imported {file?.name}: {plural(done.create, "case")} created, {done.update.toLocaleString("en")} updated,{" "}
              {done.unchanged.toLocaleString("en")} unchanged
              {done.newSuites.length ? `, ${plural(done.newSuites.length, "new suite")}` : ""}.
            </p>
            <Link href={`/projects/${slug}/cases`} className={buttonClass("secondary", "sm")}>
              Back to the library
            </Link>
          </div>
        ) : null}
      </Card>

      {preview ? (
        <Card className="space-y-4 p-4 sm:p-5" aria-labelledby="preview-title">
          <div className="space-y-1">
            <h2 id="preview-title" className="text-base font-semibold text-slate-900">
              Preview of {file?.name}
            </h2>
            <p className="text-sm text-slate-600" data-testid="import-counts">
              {preview.format === "testrail" ? "A TestRail export. " : ""}
              {plural(preview.rows, "row")}: {preview.create.toLocaleString("en")} to create, {preview.update.toLocaleString("en")} to
              update, {preview.unchanged.toLocaleString("en")} unchanged
              {preview.newSuites.length
                ? `; new suites: ${preview.newSuites.slice(0, 5).join(", ")}${preview.newSuites.length > 5 ? ", …" : ""}`
                : ""}
              .
            </p>
            {preview.ignoredColumns.length ? (
              <p className="text-xs text-slate-500">Columns not read: {preview.ignoredColumns.join(", ")}.</p>
            ) : null}
          </div>

          {preview.problemCount > 0 ? (
            <section aria-labelledby="problems-title" className="space-y-2">
              <h3 id="problems-title" role="alert" className="text-sm font-semibold text-rose-700">
                {plural(preview.problemCount, "problem")}: nothing will be imported until the file is fixed and chosen again.
              </h3>
              <div className="overflow-x-auto">
                <table className="w-full text-sm">
                  <TableHead className="px-2 py-2" columns={["Row", "Column", "Problem"]} />
                  <tbody>
                    {preview.problems.map((p, i) => (
                      <tr key={i} className="border-b border-slate-100 align-top">
                        <td className="px-2 py-1.5 tabular-nums">{p.row}</td>
                        <td className="px-2 py-1.5">{p.column ?? "—"}</td>
                        <td className="px-2 py-1.5 break-words text-rose-700">{p.message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {preview.problemCount > preview.problems.length ? (
                <p className="text-xs text-slate-500">The first {preview.problems.length} are listed.</p>
              ) : null}
            </section>
          ) : null}

          {preview.cases.length > 0 ? (
            <details className="text-sm" open={preview.cases.length <= 20}>
              <summary className="cursor-pointer font-medium text-slate-700">What will be created or updated</summary>
              <div className="mt-2 max-h-96 overflow-auto">
                <table className="w-full text-sm">
                  <TableHead className="px-2 py-2" columns={["Row", "", "Case", "Suite"]} />
                  <tbody>
                    {preview.cases.map((c) => (
                      <tr key={c.row} className="border-b border-slate-100 align-top">
                        <td className="px-2 py-1.5 tabular-nums">{c.row}</td>
                        <td className="px-2 py-1.5">
                          <Badge tone={c.action === "create" ? "success" : "info"}>{c.action === "create" ? "new" : "update"}</Badge>
                        </td>
                        <td className="px-2 py-1.5 break-words">
                          {c.key ? <span className="mr-1 font-mono text-xs text-slate-500">{c.key}</span> : null}
                          {c.title}
                          {c.action === "update" && c.changed.length ? (
                            <span className="block text-xs text-slate-500">changes {c.changed.join(", ")}</span>
                          ) : null}
                        </td>
                        <td className="px-2 py-1.5 break-words text-slate-600">{c.suite ?? "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          ) : null}

          <div className="flex flex-wrap items-center gap-3">
            <Button onClick={() => void apply()} disabled={preview.problemCount > 0 || writes === 0} loading={stage?.step === "importing"}>
              <FileUp className="size-4" aria-hidden />{" "}
              {preview.problemCount > 0
                ? "Import (fix the file first)"
                : writes === 0
                  ? "Import (nothing changes)"
                  : `Import ${plural(writes, "case")}`}
            </Button>
            <Button variant="ghost" onClick={() => input.current?.click()} disabled={stage !== null}>
              Choose another file
            </Button>
          </div>
        </Card>
      ) : null}
    </div>
  );
}
