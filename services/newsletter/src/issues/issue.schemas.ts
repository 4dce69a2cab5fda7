import { Cursor, PageLimit } from "@parlor/validation";
import { z } from "zod";

/** `GET /v1/issues`: a page of the public archive. */
export const ArchiveQuery = z.object({ limit: PageLimit, cursor: Cursor.optional() });
/** `GET /newsletter/archive`: a page of the archive readers browse. */
export const ArchivePageQuery = z.object({ cursor: Cursor.optional() });
