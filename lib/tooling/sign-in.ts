// Signs in through Auth.js's own endpoints, as a browser would: the session cookie lands in
// the request context's cookie jar. Used by the API and start-up tests and the benchmark.
import type { APIRequestContext } from "@playwright/test";

export async function signInOver(api: APIRequestContext, email: string, password: string): Promise<void> {
  const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await api.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: "/" },
    maxRedirects: 0,
  });
  const location = response.headers().location ?? "";
  if (response.status() !== 302 || location.includes("error="))
    throw new Error(`signing in as ${email} failed (${response.status()} ${location})`);
}
