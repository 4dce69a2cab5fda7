import { PageUri } from "@parlor/validation";
import { z } from "zod";

/** A page whose thread a moderator reads, closes or reopens. */
export const ThreadRef = z.object({ uri: PageUri });
