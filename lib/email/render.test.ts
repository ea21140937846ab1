import { describe, expect, test } from "vitest";
import { renderDigest, renderNotification } from "./render";

const links = { account: "https://ship.example.com/account", unsubscribe: "https://ship.example.com/api/v1/unsubscribe?token=t" };

describe("notification emails", () => {
  test("a plain-text and an HTML part, each with the link and the way out; HTML escaped", () => {
    const email = renderNotification(
      "approval.waiting",
      { title: "v1.4.0 → production waits for your approval <b>now</b>", url: "https://ship.example.com/projects/p/releases/v1.4.0" },
      links,
    );
    expect(email.subject).toBe("v1.4.0 → production waits for your approval <b>now</b>");
    expect(email.text).toContain("Open it: https://ship.example.com/projects/p/releases/v1.4.0");
    expect(email.text).toContain(`Stop "Approval waiting" emails: ${links.unsubscribe}`);
    expect(email.html).toContain('<a href="https://ship.example.com/projects/p/releases/v1.4.0">');
    expect(email.html).toContain("&lt;b&gt;now&lt;/b&gt;");
    expect(email.html).not.toContain("<b>now</b>");
  });

  test("a digest lists every notification with its link", () => {
    const email = renderDigest(
      "2026-12-04",
      [
        { kind: "approval.waiting", title: "First", url: "https://a/1" },
        { kind: "promotion.decided", title: "Second", url: "https://a/2" },
      ],
      links,
    );
    expect(email.subject).toBe("Shiproom digest for 2026-12-04: 2 notifications");
    expect(email.text).toContain("- First (Approval waiting)\n  https://a/1");
    expect(email.html).toContain('<a href="https://a/2">Second</a>');
  });
});
