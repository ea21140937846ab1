import { dehydrate, HydrationBoundary, QueryClient, type QueryKey } from "@tanstack/react-query";
import type { ReactNode } from "react";

/**
 * Seeds React Query with data a server page already read through lib/<feature>/queries.ts,
 * so the first render needs no request and errors (not found) stay the page's own.
 */
export function Hydrate({ entries, children }: { entries: [QueryKey, unknown][]; children: ReactNode }) {
  const client = new QueryClient();
  for (const [key, data] of entries) client.setQueryData(key, data);
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
