// The one way client code calls the API: JSON in, JSON out, problem+json as ApiError.
import type { FieldError } from "./errors";
import type { Problem } from "./problem";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The message for one form field, if the server named it. */
  field(name: string): string | undefined {
    return this.fieldErrors.find((error) => error.field === name)?.message;
  }
}

export async function fetchJson<T>(
  url: string,
  init: { method?: "GET" | "POST" | "PATCH" | "PUT" | "DELETE"; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? "GET",
      headers:
        init.body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
      credentials: "same-origin",
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new ApiError(0, "Shiproom cannot be reached: check your connection.");
  }
  const text = await response.text();
  const data: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = data as Partial<Problem> | undefined;
    throw new ApiError(response.status, problem?.detail ?? `Request failed (${response.status}).`, problem?.errors ?? []);
  }
  return data as T;
}

/**
 * POSTs a file as the request body, reporting the fraction sent (0–1) as it goes: XMLHttpRequest,
 * since fetch reports no upload progress. Answers like `fetchJson`: the JSON body, or an ApiError
 * from problem+json (`failed` names the action when the server says nothing).
 */
export function postFile<T>(
  url: string,
  file: Blob,
  headers: Record<string, string>,
  onProgress: (fraction: number) => void,
  failed = "Upload failed",
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onerror = () => reject(new ApiError(0, "Shiproom cannot be reached: check your connection."));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = xhr.responseText ? (JSON.parse(xhr.responseText) as unknown) : undefined;
      } catch {
        data = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data as T);
      const problem = data as Partial<Problem> | undefined;
      reject(new ApiError(xhr.status, problem?.detail ?? `${failed} (${xhr.status}).`, problem?.errors ?? []));
    };
    xhr.send(file);
  });
}
