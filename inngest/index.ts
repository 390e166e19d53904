/**
 * Every Inngest function the app serves at /api/inngest. Functions arrive with their features:
 * one file each under inngest/functions/, added here.
 */
import type { InngestFunction } from "inngest";

export const functions: InngestFunction.Any[] = [];
