import { type RightsRouteDeps, readerRightsRoutes } from "@parlor/kit/rights";
import type { ReaderRights } from "./reader.service.ts";

export { ReaderRequest } from "@parlor/kit/rights";
export const READER_REQUEST_PATH = "/v1/comments/me/requests";

/**
 * Readers' rights on the comments: `GET /comments/me` (the form), `POST /v1/comments/me/requests {email, action}`
 * → 202, and the pages behind the mailed links, `/comments/me/export` and `/comments/me/erase` (the kit's routes,
 * in the comments' words).
 */
export function readerRoutes(
  deps: Pick<RightsRouteDeps<unknown, unknown>, "pages" | "limit" | "clientHash"> & {
    readers: ReaderRights;
    site: string;
  },
) {
  return readerRightsRoutes({
    ...deps,
    base: "/comments",
    requestPath: READER_REQUEST_PATH,
    texts: {
      title: "Your comments data",
      intro: `Enter the address you gave with your comments on ${deps.site}. We email that address a link; nothing happens until you open it and press its button.`,
      choices: {
        export: "A copy of everything held about me (JSON)",
        erase: "Erase my comments and my address",
      },
      linkPage: {
        export: {
          title: "Your comments data",
          message: (email) => `Download everything the comments hold about ${email}, as a JSON file.`,
          button: "Download my data",
        },
        erase: {
          title: "Erase your comments?",
          message: (email) =>
            `Every comment written with ${email} loses its text and name, and the address is forgotten everywhere. This cannot be undone.`,
          button: "Erase everything",
        },
      },
      download: "comments-data.json",
      docs: {
        holder: "the comments",
        erases: "erase the address's comments and the address everywhere (single use)",
      },
      erased: (erased) => ({
        title: "Erased",
        message: `${erased.comments} comment(s) erased. The address is forgotten; only a record that an erasure happened remains.`,
      }),
    },
  });
}
