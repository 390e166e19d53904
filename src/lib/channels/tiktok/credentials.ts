import { z } from "zod";

/** What a TikTok Shop connection stores (encrypted): the authorized shop, its cipher and rotating tokens. */
export const tiktokCredentialsSchema = z
  .object({
    shopId: z.string().min(1),
    shopCipher: z.string().min(1),
    accessToken: z.string().min(1),
    refreshToken: z.string().min(1),
    accessExpiresAt: z.number().int(),
  })
  .strict();
export type TikTokCredentials = z.infer<typeof tiktokCredentialsSchema>;
