"use client";
import { Monitor } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { TimeAgo } from "@/components/format/time";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { SessionDto } from "@/lib/account/schemas";
import { ApiError, fetchJson } from "@/lib/http/fetch-json";
import { plural } from "@/lib/format/plural";

/** The member's signed-in browsers; any other one can be signed out at once. */
export function SessionsList({ initial }: { initial: SessionDto[] }) {
  const [sessions, setSessions] = useState(initial);
  const [busy, setBusy] = useState<string | null>(null);
  const others = sessions.filter((s) => !s.current).length;

  async function act(key: string, work: () => Promise<void>) {
    setBusy(key);
    try {
      await work();
    } catch (error) {
      toast.error(error instanceof ApiError ? error.message : String(error));
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card>
      <CardHeader
        title="Where you are signed in"
        description="Sign a browser out if you no longer use it or do not recognise it."
        actions={
          others > 0 ? (
            <Button
              variant="secondary"
              size="sm"
              loading={busy === "others"}
              onClick={() =>
                act("others", async () => {
                  const { endedSessions } = await fetchJson<{ endedSessions: number }>("/api/v1/me/sessions/end-others", {
                    method: "POST",
                  });
                  setSessions((list) => list.filter((s) => s.current));
                  toast.success(`${plural(endedSessions, "other session")} signed out`);
                })
              }
            >
              Sign out everywhere else
            </Button>
          ) : null
        }
      />
      <ul className="divide-y divide-slate-100" aria-label="Sessions">
        {sessions.map((session) => (
          <li key={session.id} className="flex items-start gap-3 px-5 py-3 text-sm">
            <Monitor className="mt-0.5 size-4 shrink-0 text-slate-500" aria-hidden />
            <div className="min-w-0 flex-1">
              <p className="font-medium text-slate-900">
                {session.device} {session.current ? <Badge tone="success">This browser</Badge> : null}
              </p>
              <p className="text-xs text-slate-500">
                {session.ip ?? "address unknown"} · signed in with {session.method} <TimeAgo iso={session.createdAt} /> · last used{" "}
                <TimeAgo iso={session.lastSeenAt} />
              </p>
            </div>
            {session.current ? null : (
              <Button
                variant="ghost"
                size="sm"
                loading={busy === session.id}
                aria-label={`Sign out ${session.device}, last used ${new Date(session.lastSeenAt).toLocaleString("en-GB")}`}
                onClick={() =>
                  act(session.id, async () => {
                    await fetchJson(`/api/v1/me/sessions/${session.id}/end`, { method: "POST" });
                    setSessions((list) => list.filter((s) => s.id !== session.id));
                    toast.success(`${session.device} is signed out`);
                  })
                }
              >
                Sign out
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
