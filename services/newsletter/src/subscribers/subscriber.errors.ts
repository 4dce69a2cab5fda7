import { Conflict, NotFound } from "@parlor/kit";

export class SubscriberNotFound extends NotFound {
  constructor(id: string) {
    super(`No subscriber with id ${id}.`);
  }
}

export class CannotReject extends Conflict {
  constructor(status: string) {
    super(`Only signups waiting for review or confirmation can be rejected; this one is ${status}.`);
  }
}

export class CannotApprove extends Conflict {
  constructor(status: string) {
    super(`Only signups waiting for review (or rejected ones) can be approved; this one is ${status}.`);
  }
}
