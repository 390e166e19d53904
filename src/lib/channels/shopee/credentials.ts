import { z } from "zod";

/** What a Shopee connection stores (encrypted): the authorized shop and its rotating tokens. */
export const shopeeCredentialsSchema = z
  .object({
    shopId: z.number().int().positive(),
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1),
    accessExpiresAt: z.number().int(),
  })
  .strict();
export type ShopeeCredentials = z.infer<typeof shopeeCredentialsSchema>;
