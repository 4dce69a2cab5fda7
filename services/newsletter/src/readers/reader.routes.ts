import { type RightsRouteDeps, readerRightsRoutes } from "@parlor/kit/rights";
import type { ReaderRights } from "./reader.service.ts";

export { ReaderRequest } from "@parlor/kit/rights";
export const READER_REQUEST_PATH = "/v1/subscriptions/me/requests";

/**
 * Subscribers' rights: `GET /newsletter/me` (the form), `POST /v1/subscriptions/me/requests {email, action}` →
 * 202, and the pages behind the mailed links, `/newsletter/me/export` and `/newsletter/me/erase` (the kit's
 * routes, in the newsletter's words).
 */
export function readerRoutes(
  deps: Pick<RightsRouteDeps<unknown, unknown>, "pages" | "limit" | "clientHash"> & {
    readers: ReaderRights;
    listName: string;
  },
) {
  return readerRightsRoutes({
    ...deps,
    base: "/newsletter",
    requestPath: READER_REQUEST_PATH,
    texts: {
      title: "Your subscription data",
      intro: `Enter the address you subscribed to ${deps.listName} with. We email that address a link; nothing happens until you open it and press its button.`,
      choices: {
        export: "A copy of everything held about me, consent record included (JSON)",
        erase: "Erase my subscription and my address",
      },
      linkPage: {
        export: {
          title: "Your subscription data",
          message: (email) => `Download everything ${deps.listName} holds about ${email}, as a JSON file.`,
          button: "Download my data",
        },
        erase: {
          title: "Erase your subscription data?",
          message: (email) =>
            `${email} is unsubscribed and forgotten: the subscription, its consent record and every email to it. Only a keyed hash stays, so it is never mailed by mistake. This cannot be undone.`,
          button: "Erase everything",
        },
      },
      download: "newsletter-data.json",
      docs: {
        holder: "the newsletter",
        exportHas: ", consent record included",
        erases: "the admin erasure for that address; a keyed suppression hash stays",
      },
      erased: (erased) =>
        erased
          ? { title: "Erased", message: "The address is forgotten. You will get no more email from us." }
          : { title: "Already erased", message: "Nothing is held about this address any more." },
    },
  });
}
