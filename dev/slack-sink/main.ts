/** `tsx dev/slack-sink/main.ts [--port 4400]`: the Slack incoming-webhook sink on its own. */
import { parseArgs } from "node:util";
import { startSlackSink } from "./server";

const { values } = parseArgs({ options: { port: { type: "string", default: "4400" } } });
const sink = await startSlackSink(Number(values.port), "127.0.0.1");
console.log(`Slack sink listening on ${sink.url} (POST any path; GET /messages lists what arrived)`);
