// Defect links over HTTP: a failed result links a Jira issue, GET /runs/:id shows it on the result
// and, in the next run, as a known issue; refusals are 422s naming the url; removal is QA's, an
// admin's or the linker's, and later runs stop showing it.
import type { APIRequestContext } from "@playwright/test";
import { expect, newProject, test } from "../fixtures";

type Issue = { id: string; url: string; label: string; kind: string; linkedBy: string; linkedAt: string; run: { number: number } };
type Run = { id: string; number: number; results: { id: string; caseKey: string; status: string; knownIssues: Issue[] }[] };

const JIRA = "https://acme.atlassian.net/browse/PROJ-42";

async function newRun(api: APIRequestContext, slug: string, version: string): Promise<Run> {
  const created = await api.post(`/api/v1/projects/${slug}/runs`, { data: { release: version, environment: "staging", all: true } });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  return (await (await api.get(`/api/v1/runs/${id}`)).json()) as Run;
}

test("a failed result's Jira link shows on the result and as a known issue in the next run until QA removes it", async ({ as }) => {
  const admin = await as("admin");
  const [qa, dev] = [await as("qa"), await as("dev")];
  const { slug } = await newProject(admin, "defects-");
  for (const title of ["Card payment", "Cart keeps items"])
    expect((await admin.post(`/api/v1/projects/${slug}/cases`, { data: { title } })).status()).toBe(201);
  expect((await dev.post(`/api/v1/projects/${slug}/releases`, { data: { version: "v1.0.0", commitSha: "abcdef1" } })).status()).toBe(201);

  const first = await newRun(qa, slug, "v1.0.0");
  const [failed, passed] = first.results;
  const result = (r: { id: string }) => `/api/v1/runs/${first.id}/results/${r.id}`;
  expect((await qa.put(result(failed!), { data: { status: "FAILED", note: "Card declined" } })).status()).toBe(200);
  expect((await qa.put(result(passed!), { data: { status: "PASSED" } })).status()).toBe(200);

  // Refused: a passed result, and addresses that are not http(s).
  for (const [where, url, says] of [
    [passed!, JIRA, "failed or blocked"],
    [failed!, "javascript:alert(document.cookie)", "http"],
    [failed!, "data:text/html,<b>x</b>", "http"],
  ] as const) {
    const refused = await qa.post(`${result(where)}/defect-links`, { data: { url } });
    expect(refused.status()).toBe(422);
    expect(refused.headers()["content-type"]).toContain("application/problem+json");
    expect(((await refused.json()) as { errors: { field: string; message: string }[] }).errors).toEqual([
      { field: "url", message: expect.stringContaining(says) },
    ]);
  }

  const linked = await qa.post(`${result(failed!)}/defect-links`, { data: { url: JIRA } });
  expect(linked.status()).toBe(201);
  const issue = (await linked.json()) as Issue;
  expect(issue).toMatchObject({ url: JIRA, label: "PROJ-42", kind: "jira", linkedBy: "Quinn QA", run: { number: first.number } });
  // The same issue again, another view of it: the one link (200).
  const again = await dev.post(`${result(failed!)}/defect-links`, {
    data: { url: "https://acme.atlassian.net/jira/software/projects/PROJ/boards/1?selectedIssue=PROJ-42" },
  });
  expect(again.status()).toBe(200);
  expect(((await again.json()) as Issue).id).toBe(issue.id);

  const shown = (await (await dev.get(`/api/v1/runs/${first.id}`)).json()) as Run;
  expect(shown.results.find((r) => r.id === failed!.id)!.knownIssues).toEqual([issue]);
  expect(shown.results.find((r) => r.id === passed!.id)!.knownIssues).toEqual([]);

  const second = await newRun(qa, slug, "v1.0.0");
  const carried = second.results.find((r) => r.caseKey === failed!.caseKey)!;
  expect(carried.knownIssues).toEqual([issue]);

  // A developer who did not link it may not remove it; QA may, from the later run.
  const remove = `/api/v1/runs/${second.id}/results/${carried.id}/defect-links/${issue.id}`;
  expect((await dev.delete(remove)).status()).toBe(403);
  const removed = await qa.delete(remove);
  expect(removed.status()).toBe(200);
  expect(((await removed.json()) as Issue).label).toBe("PROJ-42");
  expect((await qa.delete(remove)).status()).toBe(404);

  const third = await newRun(qa, slug, "v1.0.0");
  expect(third.results.every((r) => r.knownIssues.length === 0)).toBe(true);
  const audit = (await (await admin.get(`/api/v1/audit?project=${slug}&action=result.`)).json()) as {
    events: { action: string; text: string }[];
  };
  expect(
    audit.events
      .map((e) => e.action)
      .filter((action) => action.startsWith("result.defect"))
      .sort(),
  ).toEqual(["result.defect_linked", "result.defect_removed"]);
});
