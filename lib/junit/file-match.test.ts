import { describe, expect, it } from "vitest";
import { NamedPaths } from "./file-match";

describe("NamedPaths.match", () => {
  const paths = new NamedPaths(["./out/a.png", "out/a.png", "C:\\ci\\logs\\b.log", "/ci/ui/shot.png", "/ci/api/shot.png", "c.txt"]);

  it("is the same path, slashes either way and a leading ./ aside, with every spelling the report used", () => {
    expect(paths.match("out/a.png")).toEqual({ path: "out/a.png", ends: 1 });
    expect(paths.match(".\\out\\a.png")).toEqual({ path: "out/a.png", ends: 1 });
    expect(paths.spellings("out/a.png")).toEqual(["./out/a.png", "out/a.png"]);
  });

  it("is the end of exactly one path, by whole segments", () => {
    expect(paths.match("b.log")).toEqual({ path: "C:/ci/logs/b.log", ends: 1 });
    expect(paths.match("logs/b.log")).toEqual({ path: "C:/ci/logs/b.log", ends: 1 });
    expect(paths.match("gs/b.log")).toEqual({ path: null, ends: 0 });
    expect(paths.match("xa.png")).toEqual({ path: null, ends: 0 });
  });

  it("is none when the name ends several paths, until it is sent with enough of its path", () => {
    expect(paths.match("shot.png")).toEqual({ path: null, ends: 2 });
    expect(paths.match("ui/shot.png")).toEqual({ path: "/ci/ui/shot.png", ends: 1 });
  });

  it("is none for an empty name", () => {
    expect(paths.match("./")).toEqual({ path: null, ends: 0 });
    expect(paths.match("")).toEqual({ path: null, ends: 0 });
  });
});
