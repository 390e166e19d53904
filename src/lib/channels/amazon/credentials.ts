import { z } from "zod";

/** What POST /api/channels takes for kind "amazon" (the demo account in the README has this shape). */
export const amazonCredentialsSchema = z
  .object({
    sellerId: z.string().min(1),
    marketplaceId: z.string().min(1),
    clientId: z.string().min(1),
    clientSecret: z.string().min(1),
    refreshToken: z.string().min(1),
  })
  .strict();

export type AmazonCredentials = z.infer<typeof amazonCredentialsSchema>;
