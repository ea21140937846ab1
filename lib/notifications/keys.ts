export const notificationKeys = {
  all: ["notifications"] as const,
  list: (filter: { unread: boolean; page: number }) => ["notifications", "list", filter] as const,
  unread: ["notifications", "unread"] as const,
};
