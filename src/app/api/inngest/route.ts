import { serve } from "inngest/next";
import { inngest } from "../../../../inngest/client";
import { functions } from "../../../../inngest/index";

// Long steps (bulk ingest chunks) need more than the default serverless limit.
export const maxDuration = 300;

export const { GET, POST, PUT } = serve({ client: inngest, functions });
