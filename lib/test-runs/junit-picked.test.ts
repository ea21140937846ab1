import { describe, expect, it } from "vitest";
import { isXmlFile, planJunitUploads } from "./junit-picked";

const report = (name: string, text: string) => ({ file: name, name, text });
const other = (name: string) => ({ file: name, name, text: null });

describe("planJunitUploads", () => {
  it("sends each report with the picked files it names, and lists the files none names", () => {
    const plan = planJunitUploads([
      other("login.png"),
      report("ui.xml", `<testcase name="login"><system-out>[[ATTACHMENT|out/login.png]]</system-out></testcase>`),
      report("api.xml", `<property name="attachment" value="api.log"/> and login.png again`),
      other("api.log"),
      other("stray.txt"),
    ]);
    expect(plan.uploads).toEqual([
      { report: "ui.xml", files: ["login.png"] },
      { report: "api.xml", files: ["login.png", "api.log"] },
    ]);
    expect(plan.unnamed).toEqual(["stray.txt"]);
  });

  it("matches whole names only: shot.png is not named by myshot.png or shot.png.bak", () => {
    const plan = planJunitUploads([report("r.xml", "myshot.png shot.png.bak a-shot.png"), other("shot.png")]);
    expect(plan.uploads).toEqual([{ report: "r.xml", files: [] }]);
    expect(plan.unnamed).toEqual(["shot.png"]);
  });

  it("an XML file a report names is an attachment, not a report", () => {
    const plan = planJunitUploads([report("junit.xml", "[[ATTACHMENT|page-dump.xml]]"), report("page-dump.xml", "<html/>")]);
    expect(plan.uploads).toEqual([{ report: "junit.xml", files: ["page-dump.xml"] }]);
    expect(plan.unnamed).toEqual([]);
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
