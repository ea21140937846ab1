export const boardKeys = {
  project: (slug: string) => ["board", slug] as const,
  /** The board across projects (an object, so no project slug can name it). */
  portfolio: ["board", { projects: "all" }] as const,
};

export const inboxKeys = {
  all: ["inbox"] as const,
};
