// The part of pg-copy-streams (which ships no types) the CSV export uses: COPY ... TO STDOUT.
declare module 'pg-copy-streams' {
  import type { Readable } from 'node:stream';
  import type { Submittable } from 'pg';

  export interface CopyToStreamQuery extends Readable, Submittable {
    readonly text: string;
    rowCount: number;
  }

  export function to(text: string): CopyToStreamQuery;
}
