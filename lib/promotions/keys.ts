export const boardKeys = {
  /** Every board: a change to any project's promotions makes these stale. */
  all: ["board"] as const,
  project: (slug: string) => ["board", slug] as const,
  /** The board across projects (an object, so no project slug can name it). */
  portfolio: ["board", { projects: "all" }] as const,
};

export const inboxKeys = {
  all: ["inbox"] as const,
};
