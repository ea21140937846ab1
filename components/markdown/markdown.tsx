// The one way comments, result notes and release notes are shown: Markdown (with GitHub's tables,
// task lists and strikethrough), never raw HTML (skipped, so `<script>` shows nothing), links only
// to http(s) and mailto and opened safely, and mentions (`@[Name](member:<id>)`) as "@Name".
import ReactMarkdown, { type Components, type UrlTransform } from "react-markdown";
import remarkGfm from "remark-gfm";
import { cn } from "@/components/ui/cn";
import { memberOfHref } from "@/lib/mentions/tokens";

// A mention's "@" is outside its link in the stored token; it moves inside, so the link is the mention.
const MENTION = /@\[([^[\]\n]{1,200})\]\((member:[0-9a-fA-F-]{36})\)/g;

const safeUrl: UrlTransform = (url) => {
  if (memberOfHref(url)) return url;
  return /^(https?:|mailto:)/i.test(url.trim()) ? url : "";
};

const components: Components = {
  a: ({ href, children }) => {
    if (memberOfHref(href)) return <span className="rounded bg-brand-50 px-0.5 font-medium text-brand-800">{children}</span>;
    if (!href) return <span>{children}</span>;
    return (
      <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-brand-700 underline hover:text-brand-900">
        {children}
      </a>
    );
  },
  h1: ({ children }) => <h3 className="text-base font-semibold">{children}</h3>,
  h2: ({ children }) => <h3 className="text-base font-semibold">{children}</h3>,
  h3: ({ children }) => <h4 className="font-semibold">{children}</h4>,
  h4: ({ children }) => <h5 className="font-semibold">{children}</h5>,
  h5: ({ children }) => <h6 className="font-semibold">{children}</h6>,
  h6: ({ children }) => <h6 className="font-semibold">{children}</h6>,
  ul: ({ children }) => <ul className="list-disc pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="list-decimal pl-5">{children}</ol>,
  blockquote: ({ children }) => <blockquote className="border-l-2 border-slate-300 pl-3 text-slate-600">{children}</blockquote>,
  code: ({ children, className }) => <code className={cn("rounded bg-slate-100 px-1 font-mono text-[0.9em]", className)}>{children}</code>,
  pre: ({ children }) => <pre className="overflow-x-auto rounded-md bg-slate-100 p-2 text-xs">{children}</pre>,
  table: ({ children }) => (
    <div className="overflow-x-auto">
      <table className="text-xs">{children}</table>
    </div>
  ),
  th: ({ children }) => <th className="border border-slate-200 px-2 py-1 text-left">{children}</th>,
  td: ({ children }) => <td className="border border-slate-200 px-2 py-1">{children}</td>,
  img: ({ alt }) => <span>{alt}</span>,
};

/** Markdown text, safely. Headings start at h3: the page has its own h1 and cards their h2. */
export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={cn("space-y-2 break-words", className)}>
      <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml urlTransform={safeUrl} components={components}>
        {text.replace(MENTION, "[@$1]($2)")}
      </ReactMarkdown>
    </div>
  );
}
