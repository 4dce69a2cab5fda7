import { cleanText, Email, Id, mailboxKey, optional } from "@parlor/validation";
import { z } from "zod";

export const BlockKind = z.enum(["email", "domain", "client", "word"], {
  error: "must be email, domain, client or word",
});
export type BlockKind = z.infer<typeof BlockKind>;

const Domain = z
  .string({ error: "must be a string" })
  .trim()
  .toLowerCase()
  .transform((s) => s.replace(/^@/, ""))
  .pipe(
    z
      .string()
      .max(253, "must be at most 253 characters")
      .regex(
        /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/,
        "must be a domain such as example.com",
      ),
  );
const ClientHash = z.string({ error: "must be a string" }).regex(/^[A-Za-z0-9_-]{16,64}$/, "must be a client hash");
const Word = cleanText(
  z.string({ error: "must be a string" }).trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
).transform((s) => s.toLowerCase());

/**
 * `POST /v1/admin/comments/blocks`: a value of the kind, or the comment whose author to block (`email`, `domain`
 * and `client` take it from that comment).
 */
export const NewBlock = z
  .object({
    kind: BlockKind,
    value: z.string({ error: "must be a string" }).optional(),
    commentId: optional(Id),
    note: optional(
      cleanText(z.string({ error: "must be a string" }).trim().max(200, "must be at most 200 characters")),
    ),
  })
  .superRefine((b, ctx) => {
    if (b.value === undefined && b.commentId === undefined) {
      ctx.addIssue({ code: "custom", path: ["value"], message: "is required (or name a commentId)" });
    } else if (b.value === undefined && b.kind === "word") {
      ctx.addIssue({ code: "custom", path: ["value"], message: "is required for a word" });
    }
  });
export type NewBlock = z.infer<typeof NewBlock>;

/** One block, as the block routes answer it. */
export const BlockSchema = z
  .object({
    id: z.string(),
    kind: BlockKind,
    value: z.string(),
    note: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: "Block" });

/** Checks and normalises a value of one kind; the issues name `value`. */
export function blockValue(kind: BlockKind, value: string) {
  const schema = { email: Email.transform(mailboxKey), domain: Domain, client: ClientHash, word: Word }[kind];
  return schema.safeParse(value);
}

/** `POST /v1/admin/comments/:id/block`: block the comment's author; by default its address and client. */
export const BlockAuthor = z.object({
  kinds: z
    .array(z.enum(["email", "domain", "client"], { error: "must be email, domain or client" }))
    .min(1, "name at least one kind")
    .default(["email", "client"]),
  note: optional(cleanText(z.string({ error: "must be a string" }).trim().max(200, "must be at most 200 characters"))),
});
export type BlockAuthor = z.infer<typeof BlockAuthor>;
