"use client";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { FormError } from "@/components/ui/form-error";
import { Input } from "@/components/ui/input";
import { CHANNELS, channelLabels, type Channel, type NotificationPreferencesDto } from "@/lib/email/schemas";
import { ApiError, fetchJson } from "@/lib/http/fetch-json";

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [];
  }
}

/** Per kind: in app only, email too, or off; the daily digest and the time zone its 08:00 is read in. */
export function NotificationPreferencesForm({ initial }: { initial: NotificationPreferencesDto }) {
  const router = useRouter();
  const zonesId = useId();
  const [channels, setChannels] = useState<Record<string, Channel>>(() =>
    Object.fromEntries(initial.kinds.map((k) => [k.kind, k.channel])),
  );
  const [digest, setDigest] = useState(initial.digest);
  const [timeZone, setTimeZone] = useState(initial.timeZone);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setPending(true);
    try {
      await fetchJson<NotificationPreferencesDto>("/api/v1/me/notification-preferences", {
        method: "PUT",
        body: { kinds: channels, digest, timeZone },
      });
      toast.success("Notification preferences saved");
      router.refresh();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, String(caught)));
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-5" noValidate aria-label="Notification preferences">
      {!initial.emailEnabled ? (
        <p className="rounded-md bg-slate-50 p-3 text-sm text-slate-600">
          This server sends no email (an admin sets SMTP_URL and SMTP_FROM): “Email too” takes effect once it does.
        </p>
      ) : null}
      <div className="space-y-4">
        {initial.kinds.map((k) => (
          <fieldset key={k.kind} className="min-w-0">
            <legend className="text-sm font-medium text-slate-700">{k.label}</legend>
            <p className="mb-1.5 text-xs text-slate-500">{k.description}</p>
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              {CHANNELS.map((channel) => (
                <label key={channel} className="inline-flex items-center gap-1.5 text-sm text-slate-700">
                  <input
                    type="radio"
                    name={`channel-${k.kind}`}
                    value={channel}
                    checked={channels[k.kind] === channel}
                    onChange={() => setChannels((current) => ({ ...current, [k.kind]: channel }))}
                  />
                  {channelLabels[channel]}
                </label>
              ))}
            </div>
            {error?.field(`kinds.${k.kind}`) ? <p className="mt-1 text-sm text-rose-600">{error.field(`kinds.${k.kind}`)}</p> : null}
          </fieldset>
        ))}
      </div>
      <label className="flex items-start gap-2 text-sm text-slate-700">
        <input type="checkbox" className="mt-1" checked={digest} onChange={(event) => setDigest(event.target.checked)} />
        <span>
          Daily digest instead of single emails
          <span className="block text-xs text-slate-500">
            One email at 08:00 in your time zone with what “Email too” kinds told you since the last one.
          </span>
        </span>
      </label>
      <Field label="Time zone" hint="An IANA name, such as Europe/Berlin or America/New_York" error={error?.field("timeZone")}>
        <Input name="timeZone" list={zonesId} value={timeZone} onChange={(event) => setTimeZone(event.target.value)} autoComplete="off" />
      </Field>
      <datalist id={zonesId}>
        {timeZones().map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <FormError error={error} />
      <Button type="submit" loading={pending}>
        Save preferences
      </Button>
    </form>
  );
}
