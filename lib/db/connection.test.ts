import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { ConfigError } from "@/lib/env";
import { lockDataDir, openDatabase, redactUrl } from "./connection";

const dirs: string[] = [];
function tempDataDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shiproom-lock-"));
  dirs.push(dir);
  return path.join(dir, "pglite");
}
afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

describe("the embedded database's data directory", () => {
  test("is refused while another live process holds it, with a one-line explanation", async () => {
    const dataDir = tempDataDir();
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"]);
    try {
      fs.writeFileSync(`${dataDir}.lock`, `${other.pid}\n`);
      expect(() => lockDataDir(dataDir)).toThrow(ConfigError);
      expect(() => lockDataDir(dataDir)).toThrow(`already open by another process (pid ${other.pid})`);
    } finally {
      other.kill();
    }
  });

  test("a lock left by a process that is gone is taken over", async () => {
    const dataDir = tempDataDir();
    const gone = spawn(process.execPath, ["-e", ""]);
    await new Promise((resolve) => gone.on("exit", resolve));
    fs.writeFileSync(`${dataDir}.lock`, `${gone.pid}\n`);
    const release = lockDataDir(dataDir);
    expect(fs.readFileSync(`${dataDir}.lock`, "utf8").trim()).toBe(String(process.pid));
    release();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  });
});

test("a PostgreSQL URL is shown without its password", () => {
  expect(redactUrl("postgresql://app:s3cret@db.internal:6543/shiproom")).toBe("db.internal:6543/shiproom");
});

test("a PostgreSQL that accepts the connection but never answers is reported in one line after the timeout", async () => {
  const sockets: net.Socket[] = [];
  const silent = net.createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  const { port } = silent.address() as net.AddressInfo;
  try {
    const opening = openDatabase(
      { kind: "postgres", url: `postgresql://app:s3cret@127.0.0.1:${port}/shiproom` },
      { connectTimeoutMs: 300 },
    );
    await expect(opening).rejects.toThrow(ConfigError);
    await expect(opening).rejects.toThrow(`PostgreSQL at 127.0.0.1:${port}/shiproom did not answer within 0.3 seconds`);
    expect(sockets.length).toBeGreaterThan(0);
  } finally {
    sockets.forEach((socket) => socket.destroy());
    await new Promise((resolve) => silent.close(resolve));
  }
});
