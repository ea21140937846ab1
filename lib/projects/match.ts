// Finding projects by what people type: the release board's and Insights' "filter projects".

/** What is typed, as compared: trimmed, any run of spaces as one, in any letter case. */
const normalized = (text: string) => text.trim().replace(/\s+/g, " ").toLowerCase();

/** Whether a project's name, key or slug holds the filter (an empty filter holds every project). */
export function projectMatches(project: { name: string; key: string; slug: string }, filter: string): boolean {
  const needle = normalized(filter);
  return !needle || [project.name, project.key, project.slug].some((text) => normalized(text).includes(needle));
}
