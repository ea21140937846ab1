// Domain errors thrown by queries and mutations; lib/http/route.ts turns them into
// problem+json (RFC 9457) and forms show their field messages next to the fields.

/** A field's problem; a file's also says where in it, when known. */
export type FieldError = { field: string; message: string; line?: number; column?: number };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 401: nobody is signed in, or the token is wrong. */
export class Unauthenticated extends AppError {
  constructor(message = "Sign in first.") {
    super(401, "Unauthenticated", message);
  }
}

/** 403: signed in, but not allowed to do this. */
export class Forbidden extends AppError {
  constructor(message: string) {
    super(403, "Forbidden", message);
  }
}

/** 404: missing, or not visible to the one asking. */
export class NotFound extends AppError {
  constructor(what: string) {
    super(404, "Not found", `${what} was not found.`);
  }
}

/** 409: the request conflicts with the current state (stale version, invalid transition). */
export class Conflict extends AppError {
  constructor(message: string, fieldErrors: FieldError[] = []) {
    super(409, "Conflict", message, fieldErrors);
  }
}

/** 422: the input is well-formed but wrong; one message per field. */
export class ValidationFailed extends AppError {
  constructor(fieldErrors: FieldError[], message = fieldErrors.map((e) => `${e.field}: ${e.message}`).join("; ")) {
    super(422, "Invalid input", message, fieldErrors);
  }
}

/** 400: the request cannot be read at all (malformed JSON, wrong content type). */
export class BadRequest extends AppError {
  constructor(message: string) {
    super(400, "Bad request", message);
  }
}

/** 429: too many attempts; try again after `retryAfterSeconds` (sent as Retry-After). */
export class TooManyRequests extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(429, "Too many requests", message);
  }
}
