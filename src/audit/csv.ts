import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * RFC 4180 CSV for spreadsheets. Every cell is quoted (quotes doubled), and a cell that a
 * spreadsheet would run as a formula — starting with = + - @, or a tab / carriage return that
 * some apps strip first — is prefixed with ' (OWASP "CSV Injection").
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replaceAll('"', '""')}"`;
}

function csvLine(cells: unknown[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A CSV download as a stream: a UTF-8 BOM (so Excel reads Japanese text), the header, then the rows. */
export function csvStream<T>(
  header: string[],
  rows: AsyncIterable<T>,
  toCells: (row: T) => unknown[],
): Readable {
  async function* lines() {
    yield `\uFEFF${csvLine(header)}`;
    for await (const row of rows) yield csvLine(toCells(row));
  }
  return Readable.from(lines());
}

/** `audit-<what>-20261125.csv` */
export function csvFilename(what: string, now = new Date()): string {
  return `audit-${what}-${now.toISOString().slice(0, 10).replaceAll('-', '')}.csv`;
}

/** Sends a CSV download (the route's response schema documents it as a string). */
export function sendCsv(reply: FastifyReply, filename: string, body: Readable): FastifyReply {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(body);
}
