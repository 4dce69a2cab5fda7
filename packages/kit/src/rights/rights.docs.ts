import { z } from "zod";
import type { RouteDoc } from "../http/openapi.ts";
import { badInput, problemDoc } from "../http/route-docs.ts";

/** The readers'-rights routes of readerRightsRoutes(): `holder` says whose data it is ("the comments"). */
export function readerRightsDocs(options: {
  base: string;
  requestPath: string;
  holder: string;
  body: z.ZodType;
  exportHas?: string;
  erases: string;
}): RouteDoc[] {
  return [
    {
      method: "post",
      path: options.requestPath,
      summary: `A reader asks, by address, for an export or the erasure of what ${options.holder} holds about it. Always the same 202; a link is mailed to a known address.`,
      body: options.body,
      responses: {
        202: { description: "accepted", schema: z.object({ status: z.literal("accepted"), message: z.string() }) },
        ...badInput,
        429: problemDoc("rate limited"),
      },
    },
    {
      method: "post",
      path: `${options.base}/me/export`,
      summary: `With the mailed link's token (form): everything held about the address${options.exportHas ?? ""}, as a JSON download.`,
      responses: {
        200: { description: "the export, a JSON download", types: ["application/json"] },
        400: { description: "the link is expired or not valid (an HTML page)", types: ["text/html"] },
      },
    },
    {
      method: "post",
      path: `${options.base}/me/erase`,
      summary: `With the mailed link's token (form): ${options.erases}.`,
      responses: {
        200: { description: "erased (an HTML page)", types: ["text/html"] },
        400: { description: "the link is expired, used or not valid (an HTML page)", types: ["text/html"] },
      },
    },
  ];
}
