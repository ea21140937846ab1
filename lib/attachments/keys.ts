/** React Query keys of attachment lists: every list under `all`, one per result or case by its API path. */
export const attachmentKeys = {
  all: ["attachments"] as const,
  list: (path: string) => [...attachmentKeys.all, path] as const,
};
