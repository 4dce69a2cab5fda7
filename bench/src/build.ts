/** Builds what the bench runs (nothing yet: the services run under tsx). */
export async function buildServices(_log: (line: string) => void) {}
