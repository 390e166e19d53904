import { z } from "zod";

/** What POST /api/channels takes for kind "shipstation": the v2 API key, and optionally the inventory location stock is set at. */
export const shipStationCredentialsSchema = z
  .object({
    apiKey: z.string().min(1),
    /** Where pushed quantities are set; default: the account's first inventory location. */
    inventoryLocationId: z.string().min(1).optional(),
  })
  .strict();

export type ShipStationCredentials = z.infer<typeof shipStationCredentialsSchema>;
