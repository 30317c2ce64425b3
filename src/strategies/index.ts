import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/**
 * Assigns the strategy named `strategyName` to a device; false when no such strategy exists.
 * Stub: replaced by the strategies branch at merge.
 */
export async function assignStrategyToDeviceByName(
  db: Kysely<Database>,
  deviceId: string,
  strategyName: string,
): Promise<boolean> {
  void db;
  void deviceId;
  void strategyName;
  return false;
}
