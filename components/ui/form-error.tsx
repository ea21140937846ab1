import type { ApiError } from "@/lib/http/fetch-json";

/** A form's error that belongs to no single field (field errors show next to their fields). */
export function FormError({ error }: { error: ApiError | null | undefined }) {
  if (!error || error.fieldErrors.length > 0) return null;
  return (
    <p role="alert" className="text-sm text-rose-600">
      {error.message}
    </p>
  );
}
