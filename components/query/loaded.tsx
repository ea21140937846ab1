"use client";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Skeleton } from "@/components/ui/skeleton";

/** The one way a client view waits for its query: a placeholder, the error, or the data. */
export function Loaded<T>({
  query,
  placeholder,
  children,
}: {
  query: UseQueryResult<T>;
  placeholder?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return placeholder ?? <Skeleton className="h-96" />;
  if (query.isError) return <ErrorMessage>{query.error.message}</ErrorMessage>;
  return children(query.data);
}

export function ErrorMessage({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <p role="alert" className={`text-sm text-rose-600 ${className ?? ""}`}>
      {children}
    </p>
  );
}
