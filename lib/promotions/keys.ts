export const boardKeys = {
  project: (slug: string) => ["board", slug] as const,
};

export const inboxKeys = {
  all: ["inbox"] as const,
};
