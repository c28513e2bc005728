/**
 * mermaid's own parser, in Node: mermaid expects a browser, so a jsdom window and document are
 * set as globals around each parse (and removed after, so no other test sees a browser).
 * `parseMermaid` rejects with mermaid's message on a syntax error.
 */
import { JSDOM } from "jsdom";

type Parse = (text: string) => Promise<unknown>;

let parser: Promise<Parse> | undefined;
const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });

async function withBrowserGlobals<T>(run: () => Promise<T>): Promise<T> {
  const globals = globalThis as { window?: unknown; document?: unknown };
  const saved = { window: globals.window, document: globals.document };
  globals.window = dom.window;
  globals.document = dom.window.document;
  try {
    return await run();
  } finally {
    globals.window = saved.window;
    globals.document = saved.document;
    if (saved.window === undefined) delete globals.window;
    if (saved.document === undefined) delete globals.document;
  }
}

export function parseMermaid(text: string): Promise<unknown> {
  return withBrowserGlobals(async () => {
    parser ??= import("mermaid").then(({ default: mermaid }) => {
      mermaid.initialize({ startOnLoad: false });
      return (diagram: string) => mermaid.parse(diagram);
    });
    return (await parser)(text);
  });
}

/** The body of every ```mermaid block in a Markdown text. */
export function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string);
}
