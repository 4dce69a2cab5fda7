export { type AtomEntry, type AtomFeed, type AtomPerson, renderAtom } from "./atom.ts";
export { backUrl, sameOriginUrl } from "./back-url.ts";
export { parseFormPost, readFormPost, wantsHtml } from "./form.ts";
export {
  createPages,
  type Html,
  type MessagePage,
  type PageLanguage,
  type PageShell,
  type Pages,
  readerPageCsp,
} from "./page.ts";
