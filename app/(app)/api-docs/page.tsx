import type { Metadata } from "next";
import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { inputSchema } from "@/lib/api/openapi";
import { operations } from "@/lib/api/operations";
import { scopeDescriptions, TOKEN_SCOPES } from "@/lib/auth/scopes";
import { requireMember } from "@/lib/auth/session";
import type { Operation } from "@/lib/http/operation";

export const metadata: Metadata = { title: "API reference" };

type Schema = {
  type?: string | string[];
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  description?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
  default?: unknown;
};

const methodTone: Record<string, BadgeTone> = { GET: "info", POST: "success", PUT: "warning", PATCH: "warning", DELETE: "danger" };

function typeOf(s: Schema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map(typeOf).join(" | ");
  if (s.type === "array") return `array of ${s.items ? typeOf(s.items) : "any"}`;
  if (s.format) return `${s.type} (${s.format})`;
  return Array.isArray(s.type) ? s.type.join(" | ") : (s.type ?? "any");
}

function rules(s: Schema): string {
  const parts = [
    s.minLength !== undefined ? `≥ ${s.minLength} chars` : null,
    s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : null,
    s.minimum !== undefined ? `≥ ${s.minimum}` : null,
    s.maximum !== undefined && s.maximum < 9e15 ? `≤ ${s.maximum}` : null,
    s.pattern ? `matches ${s.pattern}` : null,
    s.default !== undefined ? `default ${JSON.stringify(s.default)}` : null,
  ];
  return [s.description, ...parts].filter(Boolean).join("; ");
}

function Fields({ schema }: { schema: Schema }) {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return <p className="text-xs text-slate-500">{typeOf(schema)}</p>;
  return (
    // Focusable, so that a keyboard can scroll a wide table sideways (WCAG 2.1.1).
    <div tabIndex={0} role="region" aria-label="Fields" className="relative overflow-x-auto">
      <table className="w-full text-xs">
        <tbody className="divide-y divide-slate-100">
          {properties.map(([name, field]) => (
            <tr key={name}>
              <td className="py-1 pr-3 align-top font-mono whitespace-nowrap text-slate-900">
                {name}
                {schema.required?.includes(name) ? <span className="text-rose-600">*</span> : null}
              </td>
              <td className="py-1 pr-3 align-top font-mono text-slate-600">{typeOf(field)}</td>
              <td className="py-1 align-top text-slate-500">{rules(field)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OperationCard({ op }: { op: Operation }) {
  return (
    <Card className="p-4" id={op.id}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge tone={methodTone[op.method]}>{op.method}</Badge>
        <code className="text-sm font-medium break-all text-slate-900">/api/v1{op.path}</code>
        {op.scope ? <Badge tone="brand">token scope: {op.scope}</Badge> : <Badge>people only</Badge>}
      </div>
      <p className="mt-2 text-sm text-slate-700">{op.summary}</p>
      {op.query ? (
        <div className="mt-3">
          <h4 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">Query</h4>
          <Fields schema={inputSchema(op.query) as Schema} />
        </div>
      ) : null}
      {op.body ? (
        <div className="mt-3">
          <h4 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">JSON body</h4>
          <Fields schema={inputSchema(op.body) as Schema} />
        </div>
      ) : null}
      {op.rawBody ? (
        <p className="mt-3 text-xs text-slate-600">
          Body: <code>{op.rawBody.contentType}</code> — {op.rawBody.description}
        </p>
      ) : null}
      <p className="mt-3 text-xs text-slate-500">
        Answers {op.response.status}: {op.response.description}
      </p>
    </Card>
  );
}

export default async function ApiDocsPage() {
  await requireMember();
  const all = Object.values(operations) as Operation[];
  const tags = [...new Set(all.map((op) => op.tag))];
  return (
    <>
      <PageHeader
        title="API reference"
        description="JSON over HTTP under /api/v1, for pipelines and scripts. Errors are application/problem+json with a message per field."
        actions={
          <a className="text-sm font-medium text-brand-700 hover:underline" href="/api/v1/openapi.json">
            OpenAPI 3.1 document
          </a>
        }
      />
      <div className="grid gap-8 lg:grid-cols-[12rem_1fr]">
        <nav aria-label="API sections" className="hidden lg:block">
          <ul className="sticky top-8 space-y-1 text-sm">
            {tags.map((tag) => (
              <li key={tag}>
                <Link className="text-slate-600 hover:text-slate-900" href={`#${tag.replace(/\s/g, "-")}`}>
                  {tag}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="space-y-8">
          <Card className="p-4 text-sm text-slate-700">
            <h2 className="mb-2 font-semibold text-slate-900">Authentication</h2>
            <p>
              Pipelines send an API token: <code>Authorization: Bearer shr_…</code>. An admin makes one in a project&apos;s Settings; it
              works in that project only, within its scopes. A wrong or revoked token answers 401, a missing scope 403. People signed in use
              their session.
            </p>
            <ul className="mt-2 list-disc space-y-0.5 pl-5">
              {TOKEN_SCOPES.map((scope) => (
                <li key={scope}>
                  <code>{scope}</code>: {scopeDescriptions[scope]}
                </li>
              ))}
            </ul>
            <p className="mt-2">
              Retries are safe: send <code>Idempotency-Key: &lt;a UUID&gt;</code> with a POST and a retry gets the first answer again (kept
              24 hours).
            </p>
          </Card>
          {tags.map((tag) => (
            <section key={tag} aria-labelledby={`${tag}-title`} id={tag.replace(/\s/g, "-")} className="space-y-3">
              <h2 id={`${tag}-title`} className="text-base font-semibold text-slate-900">
                {tag}
              </h2>
              {all
                .filter((op) => op.tag === tag)
                .map((op) => (
                  <OperationCard key={op.id} op={op} />
                ))}
            </section>
          ))}
        </div>
      </div>
    </>
  );
}
