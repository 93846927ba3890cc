// The parts of pg-copy-streams (which ships no types) in use: COPY ... FROM STDIN and TO STDOUT.
declare module 'pg-copy-streams' {
  import type { Readable, Writable } from 'node:stream';
  import type { Submittable } from 'pg';

  export interface CopyStreamQuery extends Writable, Submittable {
    readonly text: string;
    rowCount: number;
  }

  export interface CopyToStreamQuery extends Readable, Submittable {
    readonly text: string;
    rowCount: number;
  }

  export function from(text: string): CopyStreamQuery;
  export function to(text: string): CopyToStreamQuery;
}
