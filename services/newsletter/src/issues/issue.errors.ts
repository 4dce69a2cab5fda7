import { Conflict, NotFound } from "@parlor/kit";

export class IssueNotFound extends NotFound {
  constructor(id: string) {
    super(`No issue with id ${id}.`);
  }
}

export class IssueNotDraft extends Conflict {
  constructor(status: string) {
    super(`This issue is ${status}; only a draft can be changed or sent.`);
  }
}

export class NoPostalAddress extends Conflict {
  constructor() {
    super("Set NEWSLETTER_POSTAL_ADDRESS first: every issue must end with the sender's postal address (CAN-SPAM).");
  }
}

export class NotScheduled extends Conflict {
  constructor(status: string) {
    super(`This issue is ${status}; only a scheduled issue can be cancelled.`);
  }
}
