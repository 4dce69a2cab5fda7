import { Forbidden, NotFound } from "@parlor/kit";

export class CommentNotFound extends NotFound {
  constructor(id: string) {
    super(`No comment with id ${id}.`);
  }
}

export class EditWindowClosed extends Forbidden {
  constructor() {
    super("This comment can no longer be changed: the edit window has closed.");
  }
}

export class EditTokenRejected extends Forbidden {
  constructor() {
    super("This edit token does not belong to this comment.");
  }
}

/**
 * The `:id` of a request, or a 404 when it cannot be one of ours. Checked before any query: a NUL byte or
 * invalid text would otherwise reach the database (PostgreSQL refuses NUL in text with an error, not a miss).
 */
export function commentIdParam(c: { req: { param(name: "id"): string } }): string {
  const id = c.req.param("id");
  if (!/^[0-9A-Za-z_-]{1,64}$/.test(id)) throw new CommentNotFound(id.slice(0, 64));
  return id;
}
