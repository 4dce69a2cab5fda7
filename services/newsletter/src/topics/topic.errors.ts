import { Conflict, NotFound } from "@parlor/kit";

export class TopicNotFound extends NotFound {
  constructor(id: string) {
    super(`No topic with id ${id}.`);
  }
}

export class TopicSlugTaken extends Conflict {
  constructor(slug: string) {
    super(`A topic with slug ${slug} already exists.`);
  }
}
