// The one part of pg-copy-streams (which ships no types) in use: COPY ... FROM STDIN.
declare module 'pg-copy-streams' {
  import type { Writable } from 'node:stream';
  import type { Submittable } from 'pg';

  export interface CopyStreamQuery extends Writable, Submittable {
    readonly text: string;
    rowCount: number;
  }

  export function from(text: string): CopyStreamQuery;
}
