/** Which parts must be (re)built: missing, or older than one of their sources. */
export function staleParts(): ('server' | 'console')[];
/** The newest modification time (ms) of a file or of anything below a directory; 0 when absent. */
export function newestMtime(target: string, skip?: (p: string) => boolean): number;
