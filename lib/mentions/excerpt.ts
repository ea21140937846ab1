// A short plain-text excerpt of a Markdown text (a comment, a note) for a notification's title
// and an email's subject: mentions read "@Name", Markdown is reduced to its text (parsed with
// mdast, raw HTML dropped), whitespace is collapsed and the text is cut at a word boundary.
import type { Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { toString } from "mdast-util-to-string";
import { gfm } from "micromark-extension-gfm";
import { plainMentions } from "./tokens";

const EXCERPT_LENGTH = 120;

/** The text of a node; blocks (paragraphs, headings, table cells, code) are kept apart by a space. */
function blocks(node: Nodes): string[] {
  if (node.type === "html") return [];
  if (node.type === "code") return [node.value];
  if (node.type === "paragraph" || node.type === "heading" || node.type === "tableCell") {
    return [toString(node, { includeHtml: false })];
  }
  return "children" in node ? node.children.flatMap((child) => blocks(child as Nodes)) : [toString(node, { includeHtml: false })];
}

export function plainExcerpt(markdown: string, max = EXCERPT_LENGTH): string {
  const tree = fromMarkdown(plainMentions(markdown), { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const text = blocks(tree).join(" ").replace(/\s+/g, " ").trim();
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, "")}…`;
}
