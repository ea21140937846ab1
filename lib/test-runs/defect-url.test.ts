import { describe, expect, test } from "vitest";
import { defectUrlProblem, parseDefectUrl } from "./defect-url";

describe("a defect link's URL", () => {
  test.each([
    ["https://github.com/acme/shop/issues/42", "github", "acme/shop#42"],
    ["https://github.com/acme/shop/pull/7", "github", "acme/shop#7"],
    ["https://github.com/acme/shop/pull/7/files?diff=split#r123", "github", "acme/shop#7"],
    ["https://GitHub.com/Acme/Shop/issues/42/", "github", "Acme/Shop#42"],
    ["https://www.github.com/acme/shop/issues/42?q=is%3Aopen", "github", "acme/shop#42"],
    ["https://gitlab.com/acme/shop/-/issues/12", "gitlab", "acme/shop#12"],
    ["https://gitlab.com/acme/shop/-/merge_requests/5/diffs", "gitlab", "acme/shop!5"],
    ["https://gitlab.com/acme/shop/issues/12", "gitlab", "acme/shop#12"],
    ["https://git.example.org/platform/payments/api/-/issues/301#note_9", "gitlab", "platform/payments/api#301"],
    ["https://GIT.EXAMPLE.ORG:8443/platform/web/-/merge_requests/88/", "gitlab", "platform/web!88"],
    ["https://acme.atlassian.net/browse/PROJ-42", "jira", "PROJ-42"],
    ["https://acme.atlassian.net/browse/proj-42/", "jira", "PROJ-42"],
    ["https://acme.atlassian.net/jira/software/projects/PROJ/boards/3?selectedIssue=PROJ-42", "jira", "PROJ-42"],
    ["https://acme.atlassian.net/jira/software/c/projects/PROJ/issues/PROJ-42?filter=all", "jira", "PROJ-42"],
    ["http://jira.intranet:8080/jira/browse/OPS_2-7", "jira", "OPS_2-7"],
    ["https://jira.example.com/secure/RapidBoard.jspa?rapidView=1&selectedIssue=WEB-9", "jira", "WEB-9"],
    ["https://sentry.io/organizations/acme/issues/4512/", "link", "sentry.io/organizations/acme/issues/4512"],
    ["https://www.example.com/", "link", "example.com"],
    ["https://bugs.example.com/a/very/long/path/that/goes/on/and/on/for/ever/show_bug.cgi?id=9", "link", "bugs.example.com/…/show_bug.cgi"],
    ["https://github.com/acme/shop", "link", "github.com/acme/shop"],
    ["https://github.com/acme/shop/issues/new", "link", "github.com/acme/shop/issues/new"],
    ["https://acme.atlassian.net/browse/not-a-key", "link", "acme.atlassian.net/browse/not-a-key"],
  ])("%s is a %s link shown as %s", (raw, kind, label) => {
    expect(parseDefectUrl(raw)).toMatchObject({ kind, label });
  });

  test("one issue written two ways is one identity", () => {
    const same = (a: string, b: string) => expect(parseDefectUrl(a)!.identity).toBe(parseDefectUrl(b)!.identity);
    same("https://github.com/acme/shop/issues/42", "https://GITHUB.com/Acme/shop/issues/42/#issuecomment-1");
    same(
      "https://acme.atlassian.net/browse/PROJ-42",
      "https://acme.atlassian.net/jira/software/projects/PROJ/boards/3?selectedIssue=proj-42",
    );
    same("https://sentry.io/issues/1/", "https://sentry.io/issues/1#events");
    expect(parseDefectUrl("https://acme.atlassian.net/browse/PROJ-42")!.identity).not.toBe(
      parseDefectUrl("https://other.atlassian.net/browse/PROJ-42")!.identity,
    );
    expect(parseDefectUrl("https://gitlab.com/a/b/-/issues/1")!.identity).not.toBe(
      parseDefectUrl("https://gitlab.com/a/b/-/merge_requests/1")!.identity,
    );
  });

  test("the URL is kept as the URL class writes it", () => {
    expect(parseDefectUrl("HTTPS://Acme.Atlassian.NET:443/browse/PROJ-1")!.url).toBe("https://acme.atlassian.net/browse/PROJ-1");
  });

  test.each([
    ["javascript:alert(1)", "Only http and https"],
    ["data:text/html,<script>alert(1)</script>", "Only http and https"],
    ["ftp://files.example.com/bug.txt", "Only http and https"],
    ["PROJ-42", "full address"],
    ["github.com/acme/shop/issues/1", "full address"],
    ["https://user:secret@jira.example.com/browse/A-1", "user name and password"],
  ])("%s is refused", (raw, why) => {
    expect(defectUrlProblem(raw)).toContain(why);
    expect(parseDefectUrl(raw)).toBeNull();
  });
});
