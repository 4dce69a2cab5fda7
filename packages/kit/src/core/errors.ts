import type { FieldError } from "@parlor/validation";

/**
 * Errors the domain throws. They know nothing of HTTP; `problemFor` maps each kind to a status.
 * Services subclass these (`class CommentNotFound extends NotFound`).
 */
export class DomainError extends Error {
  constructor(
    message: string,
    readonly kind:
      | "invalid"
      | "unauthorized"
      | "forbidden"
      | "not_found"
      | "conflict"
      | "too_large"
      | "unsupported_media"
      | "rate_limited"
      | "unavailable",
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidInput extends DomainError {
  constructor(
    readonly errors: FieldError[],
    message = "The request has invalid fields.",
  ) {
    super(message, "invalid");
  }
}
export class Unauthorized extends DomainError {
  constructor(message = "A valid bearer token is required.") {
    super(message, "unauthorized");
  }
}
export class Forbidden extends DomainError {
  constructor(message: string) {
    super(message, "forbidden");
  }
}
export class NotFound extends DomainError {
  constructor(message = "Not found.") {
    super(message, "not_found");
  }
}
export class Conflict extends DomainError {
  constructor(message: string) {
    super(message, "conflict");
  }
}
export class PayloadTooLarge extends DomainError {
  constructor(limit: number) {
    super(`The request body is larger than ${limit} bytes.`, "too_large");
  }
}
export class UnsupportedMediaType extends DomainError {
  constructor(accepted: string[]) {
    super(`This endpoint takes ${accepted.join(", ")}.`, "unsupported_media");
  }
}
export class RateLimited extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super(`Too many requests; try again in ${retryAfterSeconds} seconds.`, "rate_limited");
  }
}
export class StoreUnavailable extends DomainError {
  constructor(readonly retryAfterSeconds = 5) {
    super("The store is unavailable right now; try again shortly.", "unavailable");
  }
}

/** One bad field, as a thrown InvalidInput. */
export function invalidField(path: string, message: string): InvalidInput {
  return new InvalidInput([{ path, message }]);
}
