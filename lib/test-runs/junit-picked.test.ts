import { describe, expect, it } from "vitest";
import { isXmlFile, namedByReport, planJunitUploads } from "./junit-picked";

const suite = (cases: string) => `<?xml version="1.0"?><testsuite name="s">${cases}</testsuite>`;
const report = async (name: string, text: string) => ({ file: name, name, named: await namedByReport(text) });
const other = (name: string) => ({ file: name, name, named: null });

describe("namedByReport", () => {
  it("reads the paths a report's tests name, as the server's reader does, and none from a file it refuses", async () => {
    const text = suite(
      `<testcase name="a"><system-out>log [[ATTACHMENT|out/a.png]]</system-out></testcase>` +
        `<testcase name="b"><properties><property name="attachment_1" value="b.log"/></properties></testcase>`,
    );
    expect((await namedByReport(text)).sort()).toEqual(["b.log", "out/a.png"]);
    expect(await namedByReport("<html><body>[[ATTACHMENT|a.png]]")).toEqual([]);
  });
});

describe("planJunitUploads", () => {
  it("sends each report with the picked files it names, and lists the files none names", async () => {
    const plan = planJunitUploads([
      other("login.png"),
      await report("ui.xml", suite(`<testcase name="login"><system-out>[[ATTACHMENT|out/login.png]]</system-out></testcase>`)),
      await report(
        "api.xml",
        suite(
          `<testcase name="api"><properties><property name="attachment" value="api.log"/></properties>` +
            `<system-out>[[ATTACHMENT|./login.png]]</system-out></testcase>`,
        ),
      ),
      other("api.log"),
      other("stray.txt"),
    ]);
    expect(plan.uploads).toEqual([
      { report: "ui.xml", files: ["login.png"] },
      { report: "api.xml", files: ["login.png", "api.log"] },
    ]);
    expect(plan.unnamed).toEqual(["stray.txt"]);
  });

  it("a name in a test's output that is no attachment names nothing, as on the server", async () => {
    const plan = planJunitUploads([
      await report("r.xml", suite(`<testcase name="t"><system-out>saved shot.png</system-out></testcase>`)),
      other("shot.png"),
    ]);
    expect(plan).toEqual({ uploads: [{ report: "r.xml", files: [] }], unnamed: ["shot.png"] });
  });

  it("matches whole path segments only: shot.png is not myshot.png or a-shot.png", async () => {
    const text = suite(`<testcase name="t"><system-out>[[ATTACHMENT|out/myshot.png]] [[ATTACHMENT|a-shot.png]]</system-out></testcase>`);
    const plan = planJunitUploads([await report("r.xml", text), other("shot.png")]);
    expect(plan.unnamed).toEqual(["shot.png"]);
  });

  it("a name that ends two paths of the report is not sent: the server could not tell which", async () => {
    const text = suite(`<testcase name="t"><system-out>[[ATTACHMENT|ui/shot.png]] [[ATTACHMENT|api/shot.png]]</system-out></testcase>`);
    expect(planJunitUploads([await report("r.xml", text), other("shot.png")]).unnamed).toEqual(["shot.png"]);
  });

  it("an XML file a report names is an attachment, not a report", async () => {
    const plan = planJunitUploads([
      await report("junit.xml", suite(`<testcase name="t"><system-out>[[ATTACHMENT|dumps\\page-dump.xml]]</system-out></testcase>`)),
      await report("page-dump.xml", "<html/>"),
    ]);
    expect(plan).toEqual({ uploads: [{ report: "junit.xml", files: ["page-dump.xml"] }], unnamed: [] });
  });

  it("files picked without a report have nothing to go with", () => {
    expect(planJunitUploads([other("shot.png")])).toEqual({ uploads: [], unnamed: ["shot.png"] });
  });

  it("reads a file as XML by its name or its type", () => {
    expect(isXmlFile({ name: "TEST-a.XML", type: "" })).toBe(true);
    expect(isXmlFile({ name: "report", type: "application/xml" })).toBe(true);
    expect(isXmlFile({ name: "shot.png", type: "image/png" })).toBe(false);
  });
});
