"use client";
import { ChevronDown, ChevronRight, Inbox } from "lucide-react";
import { Fragment, useState } from "react";
import { toast } from "sonner";
import { TimeAgo } from "@/components/format/time";
import { Loaded } from "@/components/query/loaded";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Select } from "@/components/ui/input";
import { TableHead } from "@/components/ui/table";
import { useDeliveries, useRetryDelivery } from "@/lib/webhooks/hooks";
import type { DeliveryDto } from "@/lib/webhooks/schemas";

const tone: Record<DeliveryDto["status"], BadgeTone> = { PENDING: "warning", DELIVERED: "success", FAILED: "danger" };

function Attempts({ delivery }: { delivery: DeliveryDto }) {
  return (
    <tr className="bg-slate-50/60">
      <td colSpan={6} className="px-5 py-3">
        <div className="mb-1 text-xs text-slate-500">
          Event <code>{delivery.eventId}</code> to <span className="break-all">{delivery.url}</span>
        </div>
        {delivery.attemptLog.length === 0 ? (
          <p className="text-xs text-slate-500">{delivery.lastError ?? "Not tried yet."}</p>
        ) : (
          <ol className="space-y-0.5 text-xs text-slate-700">
            {delivery.attemptLog.map((a) => (
              <li key={a.number}>
                Attempt {a.number}: {a.statusCode ? `HTTP ${a.statusCode}` : a.error} in {a.durationMs} ms, <TimeAgo iso={a.at} />
              </li>
            ))}
          </ol>
        )}
      </td>
    </tr>
  );
}

export function DeliveriesPanel({ slug }: { slug: string }) {
  const [page, setPage] = useState(1);
  const [status, setStatus] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const deliveries = useDeliveries(slug, page, status);
  const retry = useRetryDelivery(slug);
  return (
    <Card>
      <CardHeader
        title="Deliveries"
        description="Every webhook and deploy hook sent, with each attempt and what the receiver answered."
        actions={
          <label className="flex items-center gap-2 text-sm text-slate-600">
            Show
            <Select
              className="w-36"
              value={status}
              onChange={(e) => {
                setStatus(e.target.value);
                setPage(1);
              }}
            >
              <option value="">all</option>
              <option value="PENDING">pending</option>
              <option value="DELIVERED">delivered</option>
              <option value="FAILED">failed</option>
            </Select>
          </label>
        }
      />
      <Loaded query={deliveries}>
        {({ deliveries: rows, total, pageSize }) =>
          rows.length === 0 ? (
            <EmptyState icon={<Inbox className="size-8" />} title="Nothing delivered yet" />
          ) : (
            <>
              <div className="relative overflow-x-auto">
                <table className="w-full text-sm">
                  <TableHead columns={["Event", "To", "Status", "Attempts", "When", { label: <span className="sr-only">Actions</span> }]} />
                  <tbody className="divide-y divide-slate-100">
                    {rows.map((d) => (
                      <Fragment key={d.id}>
                        <tr data-testid={`delivery-${d.eventType}`}>
                          <td className="px-5 py-2.5">
                            <button
                              type="button"
                              className="flex items-center gap-1 font-medium text-slate-900"
                              aria-expanded={open === d.id}
                              onClick={() => setOpen(open === d.id ? null : d.id)}
                            >
                              {open === d.id ? (
                                <ChevronDown className="size-3.5" aria-hidden />
                              ) : (
                                <ChevronRight className="size-3.5" aria-hidden />
                              )}
                              {d.eventType}
                              {d.deploymentNumber ? <span className="text-slate-500">#{d.deploymentNumber}</span> : null}
                            </button>
                          </td>
                          <td className="px-5 py-2.5 text-slate-600">{d.target}</td>
                          <td className="px-5 py-2.5">
                            <Badge tone={tone[d.status]}>{d.status.toLowerCase()}</Badge>
                            {d.lastStatusCode || d.lastError ? (
                              <span className="ml-2 text-xs text-slate-500">
                                {d.lastStatusCode ? `HTTP ${d.lastStatusCode}` : d.lastError}
                              </span>
                            ) : null}
                          </td>
                          <td className="px-5 py-2.5 text-slate-600">
                            {d.attempts}
                            {d.nextAttemptAt ? (
                              <span className="block text-xs text-slate-500">
                                next <TimeAgo iso={d.nextAttemptAt} />
                              </span>
                            ) : null}
                          </td>
                          <td className="px-5 py-2.5 text-slate-600">
                            <TimeAgo iso={d.createdAt} />
                          </td>
                          <td className="px-5 py-2.5 text-right">
                            {d.status === "FAILED" ? (
                              <Button
                                variant="secondary"
                                size="sm"
                                loading={retry.isPending && retry.variables === d.id}
                                onClick={() => retry.mutate(d.id, { onError: (e) => toast.error(e.message) })}
                              >
                                Send again
                              </Button>
                            ) : null}
                          </td>
                        </tr>
                        {open === d.id ? <Attempts delivery={d} /> : null}
                      </Fragment>
                    ))}
                  </tbody>
                </table>
              </div>
              {total > pageSize ? (
                <div className="flex items-center justify-between border-t border-slate-100 px-5 py-3 text-sm text-slate-600">
                  <span>
                    {(page - 1) * pageSize + 1}–{Math.min(total, page * pageSize)} of {total}
                  </span>
                  <div className="flex gap-2">
                    <Button variant="secondary" size="sm" disabled={page === 1} onClick={() => setPage(page - 1)}>
                      Newer
                    </Button>
                    <Button variant="secondary" size="sm" disabled={page * pageSize >= total} onClick={() => setPage(page + 1)}>
                      Older
                    </Button>
                  </div>
                </div>
              ) : null}
            </>
          )
        }
      </Loaded>
    </Card>
  );
}
