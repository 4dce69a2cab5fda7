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
