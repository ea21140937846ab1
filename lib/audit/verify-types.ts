export type ChainProblem = { seq: string; kind: "edited" | "deleted" | "reordered" | "missing-start"; message: string };
export type Verification = {
  ok: boolean;
  checked: number;
  /** The last event's hash: keep it elsewhere to detect a rewrite of the whole tail later. */
  head: { seq: string; hash: string } | null;
  problems: ChainProblem[];
  ms: number;
};
