// Which path of those a JUnit report names a file sent with it is. One rule for the server, which
// stores each file for the tests that name it (./attachments.ts), and for the run page, which
// decides which picked files go with which report (lib/test-runs/junit-picked.ts). Relative
// imports only: the browser bundle takes it too.
//
// A file is the path it was sent under (slashes either way, a leading ./ aside), else the end of
// exactly one path the report names: shot.png is /ci/build/shots/shot.png when no other path
// ends so; when two do, it is neither, and must be sent with its path.

/** A path as written by a report or a sender, in the one form they are compared in. */
export const normalPath = (path: string) => path.replace(/\\/g, "/").replace(/^(?:\.\/)+/, "");
/** The last segment of a path in normal form. */
export const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** What a sent file name is among a report's paths: the path (normal form), or null and how many paths it ends. */
export type SentMatch = { path: string; ends: number } | { path: null; ends: number };

/** The paths one report names, indexed for matching the files sent with it. */
export class NamedPaths {
  private readonly byNormal = new Map<string, string[]>();
  private readonly byBase = new Map<string, string[]>();

  /** `named`: every path as the report writes it (`JunitCase.attachments`), repeats allowed. */
  constructor(named: Iterable<string>) {
    for (const path of named) {
      const normal = normalPath(path);
      const spellings = this.byNormal.get(normal);
      if (spellings) {
        if (!spellings.includes(path)) spellings.push(path);
        continue;
      }
      this.byNormal.set(normal, [path]);
      this.byBase.set(baseName(normal), [...(this.byBase.get(baseName(normal)) ?? []), normal]);
    }
  }

  /** The report's own spellings of a matched path (./a.png and a.png are one file). */
  spellings(path: string): string[] {
    return this.byNormal.get(path) ?? [];
  }

  /** The path a file sent as `fileName` is; null when it is none (`ends` 0) or the end of several (`ends` > 1). */
  match(fileName: string): SentMatch {
    const sent = normalPath(fileName);
    if (!sent) return { path: null, ends: 0 };
    if (this.byNormal.has(sent)) return { path: sent, ends: 1 };
    const ends = (this.byBase.get(baseName(sent)) ?? []).filter((path) => path.endsWith(`/${sent}`));
    return ends.length === 1 ? { path: ends[0]!, ends: 1 } : { path: null, ends: ends.length };
  }
}
